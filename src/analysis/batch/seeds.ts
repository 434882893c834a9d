/**
 * Seeds of batch paths. Every cell of a batch uses COMMON RANDOM NUMBERS: path p of every cell runs
 * with the same seed, so it draws the same exogenous price path and the same borrower book, and two
 * cells differ only by their parameters (Glasserman, Monte Carlo Methods in Financial Engineering,
 * 2004, §4.2: common random numbers make the estimate of a difference far less noisy when the outputs
 * of the two settings are positively correlated).
 */

/**
 * Version of the path-seed derivation, part of every derived batch id (cli/batch/plan.ts):
 * - 1: path p of cell c was seeded from (master seed, c, p): independent draws per cell;
 * - 2: path p is seeded from (master seed, p) whatever its cell (common random numbers). Scheme 2
 *   gives every path the seed scheme 1 gave it in cell 0, so one-cell batches (`mc`, each value of a
 *   `frontier`) keep their seeds; only sweep cells other than 0 changed.
 */
export const SEED_SCHEME = 2;

/**
 * The seed of path `path` of every cell of a batch with master seed `masterSeed`: a 32-bit hash of
 * the two, so a path's result never depends on which worker ran it or in what order, and path p of
 * every cell draws the same random numbers (see {@link SEED_SCHEME}). Path 0 does not reuse the master
 * seed itself; a single `cascade run --seed S` and path 0 of a batch with master seed S are different draws.
 *
 * @example pathSeed(1, 0); // the same number on every machine, worker count and cell
 */
export function pathSeed(masterSeed: number, path: number): number {
  // FNV-1a over the integers' bytes, then a murmur3 finaliser to spread the bits. The zero word stands
  // where scheme 1 hashed the cell index: scheme 2 = scheme 1's cell 0.
  let h = 0x811c9dc5;
  for (const word of [masterSeed >>> 0, Math.floor(masterSeed / 0x100000000) >>> 0, 0, path >>> 0]) {
    for (let shift = 0; shift < 32; shift += 8) {
      h ^= (word >>> shift) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
