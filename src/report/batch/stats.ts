/**
 * The few order statistics the batch charts draw: sample quantiles, equal-width histogram bins
 * and empirical-CDF steps. Pure functions of plain number arrays; inputs are never mutated.
 */
import { quantileSorted as lowerEmpiricalQuantile } from '../../kernel/statistics.js';
import { InvariantError } from '../../kernel/errors.js';

/**
 * Throws an {@link InvariantError} naming `what` when any value is NaN or ±Infinity: batch
 * metrics promise finite numbers, so one reaching a chart is a bug.
 *
 * @example
 * requireFiniteValues([1, Number.NaN], 'histogram'); // throws 'histogram: value 1 is not finite (NaN)'
 */
export function requireFiniteValues(values: readonly number[], what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvariantError(`${what}: value ${bad} is not finite (${values[bad]})`);
}

/**
 * Ascending copy of `values`.
 *
 * @example
 * sortedAscending([3, 1, 2]); // [1, 2, 3]
 */
export function sortedAscending(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/**
 * Sample quantile `p` of ascending `sorted` values: Cascade's one quantile definition, the lower
 * empirical quantile x_(⌈n·p⌉) (Hyndman & Fan 1996, type 1; see src/kernel/statistics.ts), so a
 * fan chart's p95 band and a VaR 95% mean the same thing. Always an observed value.
 *
 * @example
 * quantileSorted([1, 2, 3, 4, 5], 0.95); // 5 (⌈4.75⌉ = 5th value)
 * quantileSorted([1, 2, 3, 4, 5], 0.5);  // 3
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new InvariantError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new InvariantError(`quantile level must be in [0, 1], got ${p}`);
  return lowerEmpiricalQuantile(sorted, p);
}

/**
 * Default number of histogram bins for `n` values: Sturges' rule, at least 1 and at most 60.
 *
 * @example
 * sturgesBins(1000); // 11
 */
export function sturgesBins(n: number): number {
  // Sturges (1926): k = ⌈log2 n⌉ + 1.
  return n <= 1 ? 1 : Math.min(60, Math.ceil(Math.log2(n)) + 1);
}

/**
 * Equal-width histogram of `values`: `bins` bins from the smallest to the largest value, each
 * closed on the left and open on the right except the last, which also holds the maximum (as
 * numpy's `histogram`). When all values are equal there is one bin of width 1 centred on them.
 *
 * @example
 * histogramBins([1, 2, 2, 3, 5], 2); // { edges: [1, 3, 5], counts: [3, 2] }
 */
export function histogramBins(values: readonly number[], bins: number): { edges: number[]; counts: number[] } {
  if (!Number.isInteger(bins) || bins < 1)
    throw new InvariantError(`histogram bins must be a positive integer, got ${bins}`);
  requireFiniteValues(values, 'histogram');
  if (values.length === 0) return { edges: [], counts: [] };
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  if (min === max) return { edges: [min - 0.5, min + 0.5], counts: [values.length] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    let i = Math.min(bins - 1, Math.floor((v - min) / width));
    // The division can land one bin off next to an edge; the edges themselves decide.
    while (i > 0 && v < edges[i]) i--;
    while (i < bins - 1 && v >= edges[i + 1]) i++;
    counts[i]++;
  }
  return { edges, counts };
}

/**
 * Most points of one drawn empirical CDF; larger samples are drawn through evenly spaced ranks.
 *
 * @example
 * ecdfPoints(values).length <= MAX_CDF_POINTS + 1; // true
 */
export const MAX_CDF_POINTS = 400;

/**
 * `[x, F(x)]` corners of the empirical CDF of `values`, F(x) = #{vᵢ ≤ x} / n, for a line drawn
 * with `step: 'end'`: a first point at (smallest value, 0), then one point per distinct value
 * with the fraction of values at or below it. With more than `maxPoints` distinct values, only
 * the values at ranks ⌈k·n/maxPoints⌉ (k = 1…maxPoints) are kept; F stays exact at each kept point.
 *
 * @example
 * ecdfPoints([0, 0, 1, 3]); // [[0, 0], [0, 0.5], [1, 0.75], [3, 1]]
 */
export function ecdfPoints(values: readonly number[], maxPoints = MAX_CDF_POINTS): [number, number][] {
  requireFiniteValues(values, 'CDF');
  const sorted = sortedAscending(values);
  const n = sorted.length;
  if (n === 0) return [];
  // Empirical distribution function F(x) = #{i : vᵢ ≤ x} / n: at the last index holding each distinct value, (index +
  // 1) / n.
  const lastOfValue: number[] = [];
  for (let i = 0; i < n; i++) if (i === n - 1 || sorted[i + 1] !== sorted[i]) lastOfValue.push(i);
  let kept = lastOfValue;
  if (lastOfValue.length > maxPoints) {
    kept = [];
    let j = 0;
    for (let k = 1; k <= maxPoints; k++) {
      const rank = Math.ceil((k * n) / maxPoints) - 1;
      while (lastOfValue[j] < rank) j++;
      if (kept.at(-1) !== lastOfValue[j]) kept.push(lastOfValue[j]);
    }
  }
  return [[sorted[0], 0], ...kept.map((last): [number, number] => [sorted[last], (last + 1) / n])];
}
