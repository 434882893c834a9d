/**
 * Seeded percentile bootstrap of the mean, VaR and CVaR of loss samples.
 *
 * Each resample draws n path indices uniformly with replacement from one RandomStream (stream name
 * {@link BOOTSTRAP_STREAM}, seed given), so the intervals are deterministic. Several samples of the
 * same paths (e.g. bad debt and liquidated collateral of one cell) are resampled TOGETHER: the same
 * drawn paths feed every metric, as a joint bootstrap of the paths. The percentile interval at level
 * c is [θ*_(⌈B(1−c)/2⌉), θ*_(⌈B(1+c)/2⌉)] of the B sorted replicates (Efron & Tibshirani, An
 * Introduction to the Bootstrap, 1993, §13.3): the 25th and 975th of 1,000 at c = 0.95.
 *
 * Cost: the samples are sorted once. A resample is not sorted: it is kept as a multiplicity per sorted
 * position, and VaR/CVaR walk down from the largest loss only through the tail (tail.ts), so one
 * resample costs O(n) for the draws plus O(tail) per statistic.
 */
import { RandomStream } from '../../kernel/random.js';
import type { Interval } from './interval.js';
import { quantileOfSorted, requireFinite, type Sample } from './sample.js';
import { tailRiskOfSorted } from './tail.js';

/** Name of the random stream every bootstrap draws from. */
export const BOOTSTRAP_STREAM = 'risk:bootstrap';

/** Default number of bootstrap resamples. */
export const DEFAULT_RESAMPLES = 1000;

/**
 * Options of {@link bootstrapIntervals}.
 *
 * @example const options: BootstrapOptions = { resamples: 2000, seed: 7, alphas: [0.95, 0.99] };
 */
export interface BootstrapOptions {
  /** Number of resamples B (default 1000). */
  resamples?: number;
  /** Master seed of the bootstrap stream (default 1). */
  seed?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /** VaR/CVaR confidence levels α (default [0.95, 0.99]). */
  alphas?: readonly number[];
}

/**
 * Bootstrap intervals of one sample; `valueAtRisk[i]` and `conditionalValueAtRisk[i]` belong to `alphas[i]`.
 *
 * @example const b: BootstrapIntervals = { mean: { lower: 1, upper: 2 }, valueAtRisk: [], conditionalValueAtRisk: [] };
 */
export interface BootstrapIntervals {
  mean: Interval;
  valueAtRisk: Interval[];
  conditionalValueAtRisk: Interval[];
}

/**
 * Percentile-bootstrap intervals of the mean, VaR_α and CVaR_α of each sample. All samples must
 * have the same length (the same paths) and are resampled jointly.
 *
 * @example
 * const [badDebt] = bootstrapIntervals([losses], { resamples: 1000, seed: 1 });
 * badDebt.valueAtRisk[1]; // 95% CI of VaR 99%
 */
export function bootstrapIntervals(samples: readonly Sample[], options: BootstrapOptions = {}): BootstrapIntervals[] {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  const alphas = options.alphas ?? [0.95, 0.99];
  if (!(Number.isInteger(resamples) && resamples >= 1))
    throw new RangeError(`bootstrap resamples must be an integer ≥ 1, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`bootstrap confidence must be in (0, 1), got ${confidence}`);
  if (samples.length === 0) return [];
  const n = samples[0].length;
  const prepared = samples.map((sample) => {
    if (sample.length !== n)
      throw new RangeError(`bootstrap samples must have the same length (${n}), got ${sample.length}`);
    requireFinite(sample);
    return prepare(Float64Array.from(sample), alphas.length, resamples);
  });

  const rng = new RandomStream(options.seed ?? 1, BOOTSTRAP_STREAM);
  for (let b = 0; b < resamples; b++) {
    for (const p of prepared) {
      p.counts.fill(0);
      p.sum = 0;
    }
    for (let i = 0; i < n; i++) {
      // uniform() is in [0, 1); the min guards against u·n rounding up to n for u just below 1.
      const path = Math.min(n - 1, Math.floor(rng.uniform() * n));
      for (const p of prepared) {
        p.counts[p.rankOfPath[path]] += 1;
        p.sum += p.values[path];
      }
    }
    for (const p of prepared) {
      p.means[b] = p.sum / n;
      alphas.forEach((alpha, a) => {
        const tail = tailRiskOfSorted(p.sorted, alpha, p.counts, n);
        p.valuesAtRisk[a][b] = tail.valueAtRisk;
        p.conditionalValuesAtRisk[a][b] = tail.conditionalValueAtRisk;
      });
    }
  }

  return prepared.map((p) => ({
    mean: percentileInterval(p.means, confidence),
    valueAtRisk: p.valuesAtRisk.map((replicates) => percentileInterval(replicates, confidence)),
    conditionalValueAtRisk: p.conditionalValuesAtRisk.map((replicates) => percentileInterval(replicates, confidence)),
  }));
}

/**
 * Percentile interval of bootstrap replicates: their lower empirical (1−c)/2 and (1+c)/2 quantiles.
 * Sorts `replicates` in place.
 *
 * @example percentileInterval(Float64Array.from({ length: 1000 }, (_, i) => i + 1), 0.95); // { lower: 25, upper: 975 }
 */
export function percentileInterval(replicates: Float64Array, confidence: number): Interval {
  replicates.sort();
  return {
    lower: quantileOfSorted(replicates, (1 - confidence) / 2),
    upper: quantileOfSorted(replicates, (1 + confidence) / 2),
  };
}

/** Working state of one sample: sorted values, each path's position in them, counts, replicates. */
interface Prepared {
  values: Float64Array;
  sorted: Float64Array;
  rankOfPath: Int32Array;
  counts: Int32Array;
  sum: number;
  means: Float64Array;
  valuesAtRisk: Float64Array[];
  conditionalValuesAtRisk: Float64Array[];
}

function prepare(values: Float64Array, alphaCount: number, resamples: number): Prepared {
  const n = values.length;
  // Ties are broken by path index so the order, and hence every draw's effect, is fixed.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const sorted = new Float64Array(n);
  const rankOfPath = new Int32Array(n);
  order.forEach((path, position) => {
    sorted[position] = values[path];
    rankOfPath[path] = position;
  });
  const replicates = (): Float64Array[] => Array.from({ length: alphaCount }, () => new Float64Array(resamples));
  return {
    values,
    sorted,
    rankOfPath,
    counts: new Int32Array(n),
    sum: 0,
    means: new Float64Array(resamples),
    valuesAtRisk: replicates(),
    conditionalValuesAtRisk: replicates(),
  };
}
