// A small deterministic generator for randomised tests (mulberry32), so a failure can be replayed from its seed.

/**
 * Uniform numbers in [0, 1) from `seed`, the same sequence for the same seed.
 *
 * @example const next = seededRandom(7); next(); // 0 ≤ x < 1
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
