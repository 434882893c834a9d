/**
 * Order statistics shared by every part of Cascade that reports a sample quantile: the per-block
 * health-factor quantiles of a run, the risk measures of a batch (VaR, distribution summaries,
 * bootstrap intervals) and the fan charts of a batch report.
 *
 * ONE quantile definition is used everywhere: the LOWER EMPIRICAL QUANTILE, the left-continuous
 * inverse of the empirical CDF, Q(p) = inf{x : F_n(x) ≥ p} = x_(k) with k = max(1, ⌈n·p⌉) — type 1 of
 * Hyndman & Fan (1996), "Sample quantiles in statistical packages", The American Statistician
 * 50(4):361–365. It is the definition of value at risk applied to the empirical loss distribution
 * (McNeil, Frey & Embrechts, Quantitative Risk Management, 2nd ed. 2015, Def. 2.8), consistent with
 * Acerbi & Tasche's expected shortfall of that distribution, so a distribution's p99 and its VaR 99%
 * are the same number; it is always an observed value (no interpolation between paths).
 */

/** The quantile definition above, in one line, printed with the outputs that use it. */
export const QUANTILE_DEFINITION =
  'lower empirical quantile x_(k), k = max(1, ceil(n·p)): the inverse of the empirical CDF (Hyndman & Fan 1996, type 1)';

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

/**
 * Largest peak-to-trough fall of a series as a fraction of the peak (0.1 = 10%); 0 if it never falls.
 *
 * @example maxDrawdown([100, 120, 90, 130]) // 0.25
 */
export function maxDrawdown(values: ArrayLike<number>): number {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > peak) peak = v;
    else if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return worst;
}
