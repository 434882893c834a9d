/**
 * Basic statistics of a sample (a Float64Array or number[] of finite values).
 *
 * Quantiles are Cascade's one definition (src/kernel/statistics.ts): the LOWER EMPIRICAL QUANTILE,
 * the left-continuous inverse of the empirical CDF, x_(k) with k = max(1, ⌈n·p⌉) (Hyndman & Fan 1996,
 * type 1). It is the definition of VaR for a loss distribution (McNeil, Frey & Embrechts, Quantitative
 * Risk Management, 2015, Def. 2.8 applied to F_n), so a distribution's p95 and its VaR 95% are the
 * same number, and it is always an observed value.
 */
import { lowerQuantileRank, quantileSorted } from '../../kernel/statistics.js';

export { lowerQuantileRank };

/** A sample of finite numbers. */
export type Sample = ArrayLike<number>;

/**
 * A sorted (ascending) Float64Array copy of a non-empty sample of finite values.
 *
 * @example sortedCopy([3, 1, 2]); // Float64Array [1, 2, 3]
 */
export function sortedCopy(sample: Sample): Float64Array {
  requireFinite(sample);
  const sorted = Float64Array.from(sample);
  sorted.sort();
  return sorted;
}

/**
 * Arithmetic mean of a non-empty sample.
 *
 * @example mean([1, 2, 3, 6]); // 3
 */
export function mean(sample: Sample): number {
  requireFinite(sample);
  let sum = 0;
  for (let i = 0; i < sample.length; i++) sum += sample[i];
  return sum / sample.length;
}

/**
 * Sample standard deviation with Bessel's correction (divides by n − 1); 0 for a single value, so
 * that it never returns NaN. Computed in two passes (mean, then squared deviations) for accuracy.
 *
 * @example standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138…  (√(32/7))
 */
export function standardDeviation(sample: Sample): number {
  const m = mean(sample);
  if (sample.length < 2) return 0;
  let squares = 0;
  for (let i = 0; i < sample.length; i++) squares += (sample[i] - m) ** 2;
  // s² = Σ(x − x̄)² / (n − 1), the unbiased sample variance.
  return Math.sqrt(squares / (sample.length - 1));
}

/**
 * Lower empirical p-quantile of a non-empty ascending sample: x_(⌈n·p⌉) (see the module comment).
 *
 * @example quantileOfSorted([10, 20, 30, 40], 0.5); // 20
 */
export function quantileOfSorted(sorted: Sample, p: number): number {
  return quantileSorted(sorted, p);
}

/**
 * Lower empirical p-quantile of a non-empty sample (sorts a copy; sort once with {@link sortedCopy}
 * and use {@link quantileOfSorted} for several quantiles).
 *
 * @example quantile([40, 10, 30, 20], 0.75); // 30
 */
export function quantile(sample: Sample, p: number): number {
  return quantileOfSorted(sortedCopy(sample), p);
}

/**
 * Throws a RangeError when the sample is empty or holds NaN or ±Infinity.
 *
 * @example requireFinite([1, Number.NaN]); // throws: sample value 1 is not finite: NaN
 */
export function requireFinite(sample: Sample): void {
  if (sample.length === 0) throw new RangeError('empty sample');
  for (let i = 0; i < sample.length; i++) {
    if (!Number.isFinite(sample[i])) throw new RangeError(`sample value ${i} is not finite: ${sample[i]}`);
  }
}
