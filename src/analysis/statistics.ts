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

export { lowerQuantileRank, quantileSorted } from '../kernel/quantile.js';

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
