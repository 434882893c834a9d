import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createGbm } from './gbm.js';
import { createJumpDiffusion } from './jump-diffusion.js';
import { SECONDS_PER_YEAR } from './time.js';
import { createGarch, createRegime } from './volatility.js';

const BLOCK = 12;
const DT = BLOCK / SECONDS_PER_YEAR;

/** Lag-1 autocorrelation of a series. */
function lag1(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  let [num, den] = [0, 0];
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - mean) ** 2;
    if (i > 0) num += (xs[i] - mean) * (xs[i - 1] - mean);
  }
  return num / den;
}

/** Annualised squared block log-returns r²/dt of a gbm over `blocks` blocks. */
function squaredReturns(seed: number, blocks: number, garch?: { alpha: number; beta: number }): number[] {
  const params = { initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 };
  const rng = new RandomStream(seed, 'price:ETH');
  const gbm = createGbm(params, rng, garch && createGarch(0.8, { model: 'garch', ...garch }));
  const out: number[] = [];
  let previous = gbm.initial;
  for (let b = 1; b <= blocks; b++) {
    const price = gbm.next(b * BLOCK, BLOCK);
    out.push(Math.log(price / previous) ** 2 / DT);
    previous = price;
  }
  return out;
}

describe('GARCH(1,1) volatility', () => {
  it('follows σ²(next) = ω + α·σ²·z² + β·σ² with ω = σ²_LR(1 − α − β), and the gbm step uses it', () => {
    const [alpha, beta, longRun] = [0.1, 0.8, 0.64];
    const omega = longRun * (1 - alpha - beta); // 0.064
    const zs = [1.5, -0.3, 2.2, 0];
    let k = 0;
    const source = { normal: () => zs[k++] };
    const gbm = createGbm(
      { initial: 100, driftAnnual: 0.1, volatilityAnnual: 0.8 },
      source,
      createGarch(0.8, { model: 'garch', alpha, beta }),
    );
    let [h, logPrice] = [longRun, Math.log(100)];
    for (let b = 0; b < zs.length; b++) {
      logPrice += (0.1 - 0.5 * h) * DT + Math.sqrt(h * DT) * zs[b];
      expect(Math.log(gbm.next((b + 1) * BLOCK, BLOCK))).toBeCloseTo(logPrice, 12);
      h = omega + alpha * h * zs[b] ** 2 + beta * h;
    }
    // h after z = 1.5 from 0.64: 0.064 + 0.1·0.64·2.25 + 0.8·0.64 = 0.72
    const v = createGarch(0.8, { model: 'garch', alpha, beta });
    v.advance(1.5, DT);
    expect(v.variance()).toBeCloseTo(0.72, 12);
  });

  it('has the unconditional variance ω/(1 − α − β) = volatilityAnnual², within 5 standard errors of 300 path means', () => {
    const [alpha, beta] = [0.1, 0.85];
    const paths = 300;
    const means = Array.from({ length: paths }, (_, p) => {
      const sq = squaredReturns(p, 1500, { alpha, beta });
      return sq.reduce((a, b) => a + b, 0) / sq.length;
    });
    const mean = means.reduce((a, b) => a + b, 0) / paths;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (paths - 1));
    // E[r²/dt] = E[σ²_t] + μ-term of order dt (here μ − σ²/2 squared times dt ≈ 1e-6, far below the standard error).
    const omega = 0.64 * (1 - alpha - beta); // variance targeting at σ_LR = 0.8
    const unconditional = omega / (1 - alpha - beta);
    expect(Math.abs(mean - unconditional)).toBeLessThan((5 * sd) / Math.sqrt(paths));
  });

  it('clusters: squared block returns autocorrelate at lag 1 beyond 5/√n; a constant-σ gbm does not', () => {
    const n = 40_000;
    const bound = 5 / Math.sqrt(n); // standard error of a lag-1 autocorrelation of an independent series: 1/√n
    expect(lag1(squaredReturns(9, n, { alpha: 0.1, beta: 0.85 }))).toBeGreaterThan(bound);
    expect(Math.abs(lag1(squaredReturns(9, n)))).toBeLessThan(bound);
  });

  it('refuses α + β ≥ 1 and negative weights', () => {
    expect(() => createGarch(0.8, { model: 'garch', alpha: 0.2, beta: 0.8 })).toThrow(/alpha \+ beta/);
    expect(() => createGarch(0.8, { model: 'garch', alpha: -0.1, beta: 0.8 })).toThrow(ScenarioError);
  });

  it('drives the diffusion of a jump-diffusion the same way (σ² of the block = the model variance)', () => {
    const zs = [0.7, -1.2];
    let k = 0;
    const diffusion = { normal: () => zs[k++] };
    const own = { normal: () => 0, poisson: () => 0 }; // no jumps
    const params = { initial: 100, driftAnnual: 0, volatilityAnnual: 0.5, jumpsPerYear: 1, jumpMean: -0.1, jumpStd: 0 };
    const jd = createJumpDiffusion(params, own, diffusion, createGarch(0.5, { model: 'garch', alpha: 0.1, beta: 0.8 }));
    // compensator λk = 1·(e^{−0.1} − 1); first block h = 0.25
    const lk = Math.expm1(-0.1);
    const first = (-0.5 * 0.25 - lk) * DT + Math.sqrt(0.25 * DT) * 0.7;
    expect(Math.log(jd.next(BLOCK, BLOCK) / 100)).toBeCloseTo(first, 12);
    const h = 0.25 * 0.1 + 0.1 * 0.25 * 0.49 + 0.8 * 0.25;
    expect(Math.log(jd.next(2 * BLOCK, BLOCK) / 100) - first).toBeCloseTo(
      (-0.5 * h - lk) * DT + Math.sqrt(h * DT) * -1.2,
      12,
    );
  });
});

describe('regime-switching volatility', () => {
  it('is stressed at time t with the two-state chain probability π_s(1 − e^{−(a+b)t}), within 5 binomial SEs', () => {
    // a = 1/calmDays, b = 1/stressedDays per day; from calm, P(stressed at t) = a/(a+b)·(1 − e^{−(a+b)t}).
    const [calmDays, stressedDays, days] = [10, 2, 3];
    const [a, b] = [1 / calmDays, 1 / stressedDays];
    const p = (a / (a + b)) * (1 - Math.exp(-(a + b) * days));
    const paths = 10_000;
    const hour = 3600 / SECONDS_PER_YEAR;
    let stressed = 0;
    for (let i = 0; i < paths; i++) {
      const v = createRegime(
        0.5,
        { model: 'regime', stressedVolatilityAnnual: 1.5, calmDays, stressedDays },
        new RandomStream(i, 'volatility:ETH'),
      );
      expect(v.variance()).toBe(0.25);
      for (let h = 0; h < days * 24; h++) v.advance(0, hour);
      if (v.variance() === 2.25) stressed++;
    }
    expect(Math.abs(stressed / paths - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / paths));
  });
});
