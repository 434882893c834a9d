import { describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createGbm } from './gbm.js';
import { createJumpDiffusion, type JumpDiffusionParams } from './jump-diffusion.js';
import { SECONDS_PER_YEAR } from './time.js';

const DAY = 86_400;

function meanAndVariance(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let squares = 0;
  for (let i = 0; i < xs.length; i++) squares += (xs[i] - mean) ** 2;
  return { mean, variance: squares / (xs.length - 1) };
}

describe('createJumpDiffusion', () => {
  it('with σ = 0 and fixed jump size, jumps arrive at rate λ', () => {
    const lambda = 20;
    const jumpMean = -0.1;
    const mu = 0.05;
    const params = { initial: 100, driftAnnual: mu, volatilityAnnual: 0, jumpsPerYear: lambda, jumpMean, jumpStd: 0 };
    const process = createJumpDiffusion(params, new RandomStream(5, 'jd:count'));
    const dt = DAY / SECONDS_PER_YEAR;
    // compensated drift with σ = 0: μ − λ(e^m − 1)
    const driftPerStep = (mu - lambda * (Math.exp(jumpMean) - 1)) * dt;
    const steps = 36_500; // 100 years of daily blocks
    let total = 0;
    let stepsWithoutJump = 0;
    let previous = process.initial;
    for (let k = 1; k <= steps; k++) {
      const price = process.next(k * DAY, DAY);
      // each log-return is drift·dt + n·m, so n = (r − drift·dt)/m must be a whole number
      const n = (Math.log(price / previous) - driftPerStep) / jumpMean;
      expect(Math.abs(n - Math.round(n))).toBeLessThan(1e-6);
      total += Math.round(n);
      if (Math.round(n) === 0) stepsWithoutJump += 1;
      previous = price;
    }
    const expectedTotal = lambda * steps * dt; // Poisson: mean = variance = λT
    expect(Math.abs(total - expectedTotal)).toBeLessThan(4 * Math.sqrt(expectedTotal));
    // P(no jump in a block) = e^{−λ·dt}; binomial standard error
    const p0 = Math.exp(-lambda * dt);
    expect(Math.abs(stepsWithoutJump / steps - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / steps));
  });

  it('with σ = 0 has E[S_T/S_0] = e^{μT} (compensated drift)', () => {
    const mu = 0.1;
    const lambda = 5;
    const m = -0.1;
    const s = 0.05;
    const T = 1;
    const steps = 20;
    const dtSeconds = (T * SECONDS_PER_YEAR) / steps;
    const paths = 20_000;
    const ratios = new Float64Array(paths);
    for (let p = 0; p < paths; p++) {
      const params = {
        initial: 10,
        driftAnnual: mu,
        volatilityAnnual: 0,
        jumpsPerYear: lambda,
        jumpMean: m,
        jumpStd: s,
      };
      const process = createJumpDiffusion(params, new RandomStream(9, `jd:${p}`));
      let price = process.initial;
      for (let k = 1; k <= steps; k++) price = process.next(k * dtSeconds, dtSeconds);
      ratios[p] = price / process.initial;
    }
    const k = Math.exp(m + (s * s) / 2) - 1;
    // E[X²] = e^{2(μ − λk)T} · E[e^{2·ΣJ}] = e^{2(μ − λk)T + λT(e^{2m + 2s²} − 1)}
    const secondMoment = Math.exp(2 * (mu - lambda * k) * T + lambda * T * (Math.exp(2 * m + 2 * s * s) - 1));
    const variance = secondMoment - Math.exp(2 * mu * T);
    const { mean } = meanAndVariance(ratios);
    expect(Math.abs(mean - Math.exp(mu * T))).toBeLessThan(4 * Math.sqrt(variance / paths));
    // without compensation the mean would be e^{(μ + λk)T}, far outside the tolerance
    expect(Math.abs(Math.exp((mu + lambda * k) * T) - Math.exp(mu * T))).toBeGreaterThan(
      8 * Math.sqrt(variance / paths),
    );
  });

  it('has log-return mean (μ − σ²/2 − λk + λm)dt and variance (σ² + λ(m² + s²))dt', () => {
    const params: JumpDiffusionParams = {
      initial: 100,
      driftAnnual: 0.2,
      volatilityAnnual: 0.6,
      jumpsPerYear: 12,
      jumpMean: -0.08,
      jumpStd: 0.06,
    };
    const { driftAnnual: mu, volatilityAnnual: sigma, jumpsPerYear: lambda, jumpMean: m, jumpStd: s } = params;
    const process = createJumpDiffusion(params, new RandomStream(21, 'jd:moments'));
    const dtSeconds = 7 * DAY;
    const dt = dtSeconds / SECONDS_PER_YEAR;
    const n = 100_000;
    const logReturns = new Float64Array(n);
    let previous = process.initial;
    for (let i = 0; i < n; i++) {
      const price = process.next((i + 1) * dtSeconds, dtSeconds);
      logReturns[i] = Math.log(price / previous);
      previous = price;
    }
    const k = Math.exp(m + (s * s) / 2) - 1;
    const expectedMean = (mu - sigma ** 2 / 2 - lambda * k + lambda * m) * dt;
    const expectedVariance = (sigma ** 2 + lambda * (m * m + s * s)) * dt;
    const { mean, variance } = meanAndVariance(logReturns);
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / n));
    // the 4th central moment of a compound Poisson + normal sum: 3v² + λdt·E[J⁴]
    const fourthJump = m ** 4 + 6 * m * m * s * s + 3 * s ** 4;
    const fourth = 3 * expectedVariance ** 2 + lambda * dt * fourthJump;
    expect(Math.abs(variance - expectedVariance)).toBeLessThan(4 * Math.sqrt((fourth - expectedVariance ** 2) / n));
  });

  it('with λ = 0 reproduces GBM draw for draw', () => {
    const gbm = createGbm({ initial: 2000, driftAnnual: 0.3, volatilityAnnual: 0.7 }, new RandomStream(4, 'p'));
    const jd = createJumpDiffusion(
      { initial: 2000, driftAnnual: 0.3, volatilityAnnual: 0.7, jumpsPerYear: 0, jumpMean: -0.2, jumpStd: 0.1 },
      new RandomStream(4, 'p'),
    );
    for (let k = 1; k <= 500; k++) expect(jd.next(k * 12, 12)).toBe(gbm.next(k * 12, 12));
  });

  it('with λ = 0 has the GBM log-return distribution', () => {
    const mu = -0.4;
    const sigma = 1.1;
    const params = {
      initial: 5,
      driftAnnual: mu,
      volatilityAnnual: sigma,
      jumpsPerYear: 0,
      jumpMean: -0.5,
      jumpStd: 0.3,
    };
    const process = createJumpDiffusion(params, new RandomStream(8, 'jd:gbm'));
    const dtSeconds = DAY;
    const dt = dtSeconds / SECONDS_PER_YEAR;
    const n = 50_000;
    const logReturns = new Float64Array(n);
    let previous = process.initial;
    for (let i = 0; i < n; i++) {
      const price = process.next((i + 1) * dtSeconds, dtSeconds);
      logReturns[i] = Math.log(price / previous);
      previous = price;
    }
    const { mean, variance } = meanAndVariance(logReturns);
    const v = sigma ** 2 * dt;
    expect(Math.abs(mean - (mu - sigma ** 2 / 2) * dt)).toBeLessThan(4 * Math.sqrt(v / n));
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (n - 1)));
  });

  it('rejects invalid parameters', () => {
    const rng = new RandomStream(1, 'x');
    const ok = { initial: 1, driftAnnual: 0, volatilityAnnual: 0.5, jumpsPerYear: 1, jumpMean: -0.1, jumpStd: 0.1 };
    expect(() => createJumpDiffusion({ ...ok, jumpsPerYear: -1 }, rng)).toThrow(ScenarioError);
    expect(() => createJumpDiffusion({ ...ok, jumpStd: -0.1 }, rng)).toThrow(/jumpStd/);
    expect(() => createJumpDiffusion({ ...ok, initial: -3 }, rng)).toThrow(/initial/);
  });
});
