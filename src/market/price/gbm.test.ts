import { describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createGbm } from './gbm.js';
import { SECONDS_PER_YEAR } from './time.js';

const mu = 0.5;
const sigma = 0.8;
const dtSeconds = 30 * 24 * 3600; // 30-day steps make both drift and variance visible
const dt = dtSeconds / SECONDS_PER_YEAR;
const steps = 4;
const paths = 20_000;

/** Simulates `paths` independent paths; returns all one-step log-returns and the terminal ratios S_T/S_0. */
function simulate(): { logReturns: Float64Array; terminal: Float64Array } {
  const logReturns = new Float64Array(paths * steps);
  const terminal = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    const process = createGbm(
      { initial: 100, driftAnnual: mu, volatilityAnnual: sigma },
      new RandomStream(11, `gbm:${p}`),
    );
    let previous = process.initial;
    for (let k = 1; k <= steps; k++) {
      const price = process.next(k * dtSeconds, dtSeconds);
      logReturns[p * steps + k - 1] = Math.log(price / previous);
      previous = price;
    }
    terminal[p] = previous / process.initial;
  }
  return { logReturns, terminal };
}

function meanAndVariance(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  return { mean, variance: squares / (xs.length - 1) };
}

describe('createGbm', () => {
  const { logReturns, terminal } = simulate();

  it('has log-returns with mean (μ − σ²/2)dt and variance σ²dt', () => {
    const n = logReturns.length;
    const expectedMean = (mu - sigma ** 2 / 2) * dt;
    const expectedVariance = sigma ** 2 * dt;
    const { mean, variance } = meanAndVariance(logReturns);
    // standard error of the mean: sqrt(v/n); of the sample variance of normals: v·sqrt(2/(n−1))
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / n));
    expect(Math.abs(variance - expectedVariance)).toBeLessThan(4 * expectedVariance * Math.sqrt(2 / (n - 1)));
  });

  it('has uncorrelated consecutive log-returns', () => {
    const { mean, variance } = meanAndVariance(logReturns);
    let cov = 0;
    let pairs = 0;
    for (let p = 0; p < paths; p++) {
      for (let k = 0; k + 1 < steps; k++) {
        cov += (logReturns[p * steps + k] - mean) * (logReturns[p * steps + k + 1] - mean);
        pairs += 1;
      }
    }
    const correlation = cov / pairs / variance;
    // the sample correlation of independent pairs has standard error ≈ 1/sqrt(pairs)
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(pairs));
  });

  it('has E[S_T] = S_0·e^{μT}', () => {
    const T = steps * dt;
    const expected = Math.exp(mu * T);
    // Var[S_T/S_0] = e^{2μT}(e^{σ²T} − 1)
    const variance = Math.exp(2 * mu * T) * Math.expm1(sigma ** 2 * T);
    const { mean } = meanAndVariance(terminal);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(variance / paths));
  });

  it('repeats exactly with the same seed and stream, and differs with another stream name', () => {
    const run = (seed: number, name: string): number[] => {
      const process = createGbm(
        { initial: 2000, driftAnnual: 0.1, volatilityAnnual: 0.9 },
        new RandomStream(seed, name),
      );
      return Array.from({ length: 50 }, (_, k) => process.next((k + 1) * 12, 12));
    };
    const a = run(42, 'price:ETH');
    expect(run(42, 'price:ETH')).toEqual(a);
    const b = run(42, 'price:BTC');
    expect(b.some((price, k) => price !== a[k])).toBe(true);
    expect(b[0]).not.toBe(a[0]);
  });

  it('is deterministic with zero volatility: S_t = S_0·e^{μt}', () => {
    const process = createGbm({ initial: 50, driftAnnual: 0.2, volatilityAnnual: 0 }, new RandomStream(1, 'x'));
    let price = 0;
    for (let k = 1; k <= 365; k++) price = process.next(k * 86_400, 86_400);
    expect(Math.abs(price / (50 * Math.exp(0.2)) - 1)).toBeLessThan(1e-12);
  });

  it('leaves the price unchanged over a zero-length block', () => {
    const process = createGbm({ initial: 10, driftAnnual: 0, volatilityAnnual: 1 }, new RandomStream(3, 'x'));
    const p1 = process.next(12, 12);
    expect(process.next(12, 0)).toBe(p1);
  });

  it('rejects invalid parameters', () => {
    const rng = new RandomStream(1, 'x');
    expect(() => createGbm({ initial: 0, driftAnnual: 0, volatilityAnnual: 0.5 }, rng)).toThrow(ScenarioError);
    expect(() => createGbm({ initial: 1, driftAnnual: 0, volatilityAnnual: -0.5 }, rng)).toThrow(/volatilityAnnual/);
    expect(() => createGbm({ initial: 1, driftAnnual: Number.NaN, volatilityAnnual: 0.5 }, rng)).toThrow(/driftAnnual/);
  });
});
