/**
 * The seed of path `path` of cell `cell` in a batch with master seed `masterSeed`: a 32-bit hash of
 * the three, so a path's result never depends on which worker ran it or in what order. Path 0 of cell 0
 * does not reuse the master seed itself; a single `cascade run --seed S` and path 0 of a batch with
 * master seed S are different draws.
 *
 * @example pathSeed(1, 0, 0); // the same number on every machine and worker count
 */
export function pathSeed(masterSeed: number, cell: number, path: number): number {
  // FNV-1a over the three integers' bytes, then a murmur3 finaliser to spread the bits.
  let h = 0x811c9dc5;
  for (const word of [masterSeed >>> 0, Math.floor(masterSeed / 0x100000000) >>> 0, cell >>> 0, path >>> 0]) {
    for (let shift = 0; shift < 32; shift += 8) {
      h ^= (word >>> shift) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
