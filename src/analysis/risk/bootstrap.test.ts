import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { bootstrapIntervals, percentileInterval } from './bootstrap.js';
import type { Interval } from './interval.js';
import { normalMeanInterval } from './interval.js';
import { mean, standardDeviation } from './sample.js';

/** n exponential(1) draws by inverse CDF, −ln U. */
function exponentialSample(rng: RandomStream, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => -Math.log(rng.uniformOpen()));
}

const covers = (ci: Interval, truth: number): boolean => ci.lower <= truth && truth <= ci.upper;

describe('percentile bootstrap', () => {
  it('the percentile interval of 1..1000 at 95% is [25th, 975th] replicate (Efron–Tibshirani)', () => {
    const replicates = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentileInterval(replicates, 0.95)).toEqual({ lower: 25, upper: 975 });
    expect(
      percentileInterval(
        Float64Array.from({ length: 400 }, (_, i) => i + 1),
        0.9,
      ),
    ).toEqual({ lower: 20, upper: 380 });
  });

  it('is deterministic for a seed, changes with the seed, and a constant sample gives a point interval', () => {
    const data = exponentialSample(new RandomStream(5, 'test-data'), 300);
    const a = bootstrapIntervals([data], { resamples: 200, seed: 9 });
    const b = bootstrapIntervals([Array.from(data)], { resamples: 200, seed: 9 });
    expect(b).toEqual(a);
    const c = bootstrapIntervals([data], { resamples: 200, seed: 10 });
    expect(c[0].mean).not.toEqual(a[0].mean);
    const [constant] = bootstrapIntervals([new Float64Array(50).fill(4)], { resamples: 50 });
    expect(constant.mean).toEqual({ lower: 4, upper: 4 });
    expect(constant.conditionalValueAtRisk[1]).toEqual({ lower: 4, upper: 4 });
  });

  it('resamples several metrics jointly: a metric gets the same intervals alone or alongside another', () => {
    const rng = new RandomStream(6, 'test-data');
    const first = exponentialSample(rng, 200);
    const second = exponentialSample(rng, 200);
    const [alone] = bootstrapIntervals([first], { resamples: 100, seed: 3 });
    const [together, other] = bootstrapIntervals([first, second], { resamples: 100, seed: 3 });
    expect(together).toEqual(alone);
    expect(other.mean).not.toEqual(alone.mean);
  });

  it('intervals bracket the point estimate and are ordered (VaR 95 below VaR 99 below CVaR 99)', () => {
    const data = exponentialSample(new RandomStream(8, 'test-data'), 2000);
    const [ci] = bootstrapIntervals([data], { resamples: 300 });
    expect(covers(ci.mean, mean(data))).toBe(true);
    expect(ci.valueAtRisk[0].upper).toBeLessThan(ci.valueAtRisk[1].lower);
    expect(ci.valueAtRisk[1].lower).toBeLessThanOrEqual(ci.conditionalValueAtRisk[1].lower);
  });

  it('rejects bad options and samples of different lengths', () => {
    expect(() => bootstrapIntervals([[1, 2]], { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapIntervals([[1, 2]], { confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapIntervals([[1, 2], [1]])).toThrow(/same length/);
  });

  it('95% intervals cover the true mean and VaR 95% of an exponential(1) about 95% of the time', () => {
    // 200 repetitions of n = 400 draws; B = 400 resamples each. If an interval's true coverage is 0.95,
    // the number of covering repetitions is Binomial(200, 0.95): mean 190, sd 3.08. We accept 181..199
    // (≈ ±3 sd); under exact 0.95 coverage that fails with probability 0.27% (P(X ≤ 180) = 0.27%,
    // P(X = 200) = 0.0035%). A wrong interval fails it: a 90% interval passes only 47% of the time,
    // an 85% one 1.5%, and a 99% one covers all 200 with probability 13%. The draws are seeded, so
    // the outcome is fixed. Truths: mean 1, VaR_0.95 = ln 20.
    const rng = new RandomStream(2024, 'coverage-data');
    const hits = { bootstrapMean: 0, normalMean: 0, var95: 0 };
    for (let repetition = 0; repetition < 200; repetition++) {
      const sample = exponentialSample(rng, 400);
      const [ci] = bootstrapIntervals([sample], { resamples: 400, seed: repetition + 1, alphas: [0.95] });
      if (covers(ci.mean, 1)) hits.bootstrapMean += 1;
      if (covers(normalMeanInterval(mean(sample), standardDeviation(sample), sample.length), 1)) hits.normalMean += 1;
      if (covers(ci.valueAtRisk[0], Math.log(20))) hits.var95 += 1;
    }
    for (const count of Object.values(hits)) {
      expect(count).toBeGreaterThanOrEqual(181);
      expect(count).toBeLessThanOrEqual(199);
    }
  });
});
