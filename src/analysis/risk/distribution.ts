/**
 * Distribution summaries of any per-path metric: moments, fixed quantiles (lower empirical
 * quantiles, see sample.ts) and an equal-width histogram.
 */
import { mean, quantileOfSorted, sortedCopy, standardDeviation, type Sample } from './sample.js';

/**
 * Summary of a sample, in the metric's own units. `sd` is the sample standard deviation (n − 1).
 *
 * @example const d: DistributionSummary = { mean: 2, sd: 1, min: 1, p1: 1, p5: 1, p25: 1, p50: 2, p75: 3, p95: 3, p99: 3, max: 3 };
 */
export interface DistributionSummary {
  mean: number;
  sd: number;
  min: number;
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  max: number;
}

/** The quantiles of a {@link DistributionSummary}: field name → probability. */
export const SUMMARY_QUANTILES = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;

/**
 * Equal-width histogram: `counts[i]` values fall in [edges[i], edges[i+1]); the last bin is closed
 * on both sides, so the counts add up to the sample size. When every value is the same, the range
 * is widened to [value, value + 1] so that the bins have a width.
 *
 * @example const h: Histogram = { edges: [0, 0.5, 1], counts: [3, 2] };
 */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Default number of histogram bins. */
export const DEFAULT_HISTOGRAM_BINS = 20;

/**
 * Mean, sd, min, p1, p5, p25, p50, p75, p95, p99 and max of a non-empty sample.
 *
 * @example distributionSummary([1, 2, 3, 4]).p50; // 2 (lower empirical median)
 */
export function distributionSummary(sample: Sample): DistributionSummary {
  return distributionSummaryOfSorted(sortedCopy(sample));
}

/**
 * {@link distributionSummary} of an already ascending sample (saves a sort).
 *
 * @example distributionSummaryOfSorted(Float64Array.of(1, 2, 3, 4)).max; // 4
 */
export function distributionSummaryOfSorted(sorted: Float64Array): DistributionSummary {
  const q = (p: number): number => quantileOfSorted(sorted, p);
  return {
    mean: mean(sorted),
    sd: standardDeviation(sorted),
    min: sorted[0],
    p1: q(SUMMARY_QUANTILES.p1),
    p5: q(SUMMARY_QUANTILES.p5),
    p25: q(SUMMARY_QUANTILES.p25),
    p50: q(SUMMARY_QUANTILES.p50),
    p75: q(SUMMARY_QUANTILES.p75),
    p95: q(SUMMARY_QUANTILES.p95),
    p99: q(SUMMARY_QUANTILES.p99),
    max: sorted[sorted.length - 1],
  };
}

/**
 * Equal-width histogram of a non-empty sample of finite values over [min, max], `bins` bins.
 *
 * @example histogram([0, 1, 2, 3], 2); // { edges: [0, 1.5, 3], counts: [2, 2] }
 */
export function histogram(sample: Sample, bins = DEFAULT_HISTOGRAM_BINS): Histogram {
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new RangeError(`histogram bins must be an integer ≥ 1, got ${bins}`);
  const sorted = sortedCopy(sample);
  const low = sorted[0];
  const high = sorted[sorted.length - 1] > low ? sorted[sorted.length - 1] : low + 1;
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    // Bin i holds [edges[i], edges[i+1]); the maximum goes into the last bin.
    let bin = Math.min(bins - 1, Math.floor((sorted[i] - low) / width));
    // Rounding of (x − low)/width can disagree with the reported edges by one bin; follow the edges.
    while (bin > 0 && sorted[i] < edges[bin]) bin--;
    while (bin < bins - 1 && sorted[i] >= edges[bin + 1]) bin++;
    counts[bin] += 1;
  }
  return { edges, counts };
}
