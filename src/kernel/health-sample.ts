import type { RandomStream } from './random.js';

/**
 * Stratified random sample of `size` distinct account indices out of `count` (all of them when
 * count ≤ size): one index drawn uniformly from each of `size` equal strata, ascending.
 *
 * @example healthSample(1_000_000, 1000, rng).length // 1000
 */
export function healthSample(count: number, size: number, rng: RandomStream): Int32Array {
  if (count <= size) return Int32Array.from({ length: count }, (_, i) => i);
  const sample = new Int32Array(size);
  const stratum = count / size;
  for (let k = 0; k < size; k++) sample[k] = Math.min(count - 1, Math.floor((k + rng.uniform()) * stratum));
  return sample;
}
