/**
 * Value at risk and expected shortfall (CVaR) of a LOSS sample: positive values are losses, and the
 * risk is in the upper tail. α is the confidence level, 0.95 or 0.99.
 *
 * Estimators, for n losses sorted ascending L_(1) ≤ … ≤ L_(n):
 * - VaR_α = L_(k), k = ⌈n·α⌉: the lower empirical α-quantile (see sample.ts).
 * - CVaR_α = [ Σ_{i=k+1..n} L_(i) + (k − n·α)·L_(k) ] / (n·(1 − α)): the mean of the worst (1 − α)
 *   share of the paths, where L_(k) enters with the fractional weight (k − n·α) that makes the tail
 *   mass exactly n·(1 − α). This is Acerbi & Tasche's expected shortfall (2002, "On the coherence of
 *   expected shortfall", J. Banking & Finance 26:1487) of the empirical distribution, i.e.
 *   (1/(1 − α))·∫_α^1 VaR_u du; it is coherent, ≥ VaR_α, and equals the plain mean of the top
 *   n·(1 − α) losses when n·α is an integer. The denominator is computed as the sum of the weights
 *   (n − k) + (k − n·α), so a constant sample gives back exactly that constant.
 */
import { lowerQuantileRank, sortedCopy, type Sample } from './sample.js';

/**
 * VaR and CVaR at one confidence level, in the units of the losses.
 *
 * @example const risk: TailRisk = { valueAtRisk: 950, conditionalValueAtRisk: 975.5 };
 */
export interface TailRisk {
  valueAtRisk: number;
  conditionalValueAtRisk: number;
}

/**
 * VaR_α and CVaR_α of an ascending loss sample, optionally with integer multiplicities: `counts[j]`
 * copies of `sorted[j]` (the form a bootstrap resample takes), totalling `total`. Walks down from the
 * largest loss only as far as the tail reaches.
 *
 * @example
 * tailRiskOfSorted(Float64Array.from({ length: 100 }, (_, i) => i + 1), 0.95);
 * // { valueAtRisk: 95, conditionalValueAtRisk: 98 }
 */
export function tailRiskOfSorted(sorted: Sample, alpha: number, counts?: ArrayLike<number>, total?: number): TailRisk {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`VaR/CVaR confidence level must be in (0, 1), got ${alpha}`);
  const n = total ?? sorted.length;
  if (n <= 0) throw new RangeError('VaR/CVaR of an empty sample');
  const k = lowerQuantileRank(n, alpha);
  const above = n - k; // order statistics k+1..n enter CVaR with weight 1
  let taken = 0;
  let tailSum = 0;
  let valueAtRisk = sorted[sorted.length - 1];
  for (let j = sorted.length - 1; j >= 0; j--) {
    const c = counts === undefined ? 1 : counts[j];
    if (c === 0) continue;
    const v = sorted[j];
    if (taken + c > above) {
      tailSum += (above - taken) * v;
      valueAtRisk = v; // the group holding order statistic k
      break;
    }
    taken += c;
    tailSum += c * v;
  }
  // Acerbi–Tasche: L_(k) carries the fractional weight k − n·α (clamped at 0 against rounding of n·α).
  const fraction = Math.max(0, k - n * alpha);
  const weight = above + fraction;
  const conditionalValueAtRisk = weight > 0 ? (tailSum + fraction * valueAtRisk) / weight : valueAtRisk;
  return { valueAtRisk, conditionalValueAtRisk };
}

/**
 * VaR_α of a loss sample: the lower empirical α-quantile, L_(⌈n·α⌉).
 *
 * @example valueAtRisk([5, 1, 4, 2, 3], 0.8); // 4
 */
export function valueAtRisk(losses: Sample, alpha: number): number {
  return tailRiskOfSorted(sortedCopy(losses), alpha).valueAtRisk;
}

/**
 * CVaR_α (expected shortfall) of a loss sample, Acerbi–Tasche estimator (see the module comment).
 *
 * @example conditionalValueAtRisk([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.75); // 9.2 = (9 + 10 + 0.5·8) / 2.5
 */
export function conditionalValueAtRisk(losses: Sample, alpha: number): number {
  return tailRiskOfSorted(sortedCopy(losses), alpha).conditionalValueAtRisk;
}
