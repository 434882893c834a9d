// The lower empirical quantile (Hyndman & Fan type 1), the one quantile definition of Cascade: see
// src/analysis/statistics.ts for the definition and its references.

/**
 * Slack subtracted from n·p before rounding up, so that n·p landing one binary ulp above an integer
 * (e.g. 20 × 0.95) does not move the rank up by one. Only matters when n·p is within 1e-9 of an integer.
 */
const RANK_SLACK = 1e-9;

/**
 * The 1-based rank k = max(1, ⌈n·p⌉) of the lower empirical p-quantile in a sample of n values.
 * Throws a RangeError unless p is in [0, 1].
 *
 * @example lowerQuantileRank(1000, 0.95); // 950
 */
export function lowerQuantileRank(n: number, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  return Math.min(n, Math.max(1, Math.ceil(n * p - RANK_SLACK)));
}

/**
 * Lower empirical p-quantile (Hyndman–Fan type 1, see the module comment) of a non-empty ascending
 * sample: x_(⌈n·p⌉), 1-based. Throws a RangeError for an empty sample or p outside [0, 1].
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5); // 2 (⌈4·0.5⌉ = 2nd value; type 7 would give 2.5)
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  return sorted[lowerQuantileRank(sorted.length, p) - 1];
}
