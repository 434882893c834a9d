import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createOu, OuState, reversionPerYear } from './ou.js';
import { createPegged } from './pegged.js';
import { SECONDS_PER_YEAR } from './time.js';

const DAY = 86_400;

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
}

function correlation(x: number[], y: number[]): number {
  const [mx, my] = [moments(x).mean, moments(y).mean];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('OuState', () => {
  it('takes the exact transition step: μ + (x − μ)e^{−θdt} + σ√((1 − e^{−2θdt})/(2θ))·z', () => {
    // θ = 2/yr, dt = 0.25 yr: e^{−0.5} = 0.60653066, (1 − e^{−1})/4 = 0.15803014, √ = 0.39753005
    const x = new OuState(80, 100, 2, 20);
    expect(x.step(0.25, 1.5)).toBeCloseTo(100 - 20 * 0.60653066 + 20 * 0.39753005 * 1.5, 6);
  });

  it('half-life: a deviation halves in halfLifeDays', () => {
    const theta = reversionPerYear({ halfLifeDays: 10 });
    expect(theta).toBeCloseTo(Math.LN2 / (10 / 365), 12);
    expect(new OuState(1, 0, theta, 0).step(10 / 365, 0)).toBeCloseTo(0.5, 12);
    expect(reversionPerYear({ reversionPerYear: 3 })).toBe(3);
  });
});

describe('createOu', () => {
  // 20,000 independent paths from 80 towards 100, θ = 2/yr, σ = 20/√yr, daily steps.
  const [x0, mu, theta, sigma] = [80, 100, 2, 20];
  const paths = 20_000;
  const [t, lag] = [100, 30]; // days
  const atT: number[] = [];
  const atTLag: number[] = [];
  for (let p = 0; p < paths; p++) {
    const ou = createOu(
      { initial: x0, mean: mu, reversionPerYear: theta, volatilityAnnual: sigma, space: 'price' },
      new RandomStream(p, 'ou:test'),
    );
    let price = ou.initial;
    for (let d = 1; d <= t + lag; d++) {
      price = ou.next(d * DAY, DAY);
      if (d === t) atT.push(price);
    }
    atTLag.push(price);
  }
  const tYears = t / 365;
  const lagYears = lag / 365;
  // Closed forms of the OU transition from x0: mean μ + (x0 − μ)e^{−θt}, variance σ²(1 − e^{−2θt})/(2θ).
  const mean = mu + (x0 - mu) * Math.exp(-theta * tYears);
  const variance = (sigma * sigma * (1 - Math.exp(-2 * theta * tYears))) / (2 * theta);

  it('has the closed-form mean and variance at t, within 5 standard errors', () => {
    const sample = moments(atT);
    expect(Math.abs(sample.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / paths));
    // Gaussian sample variance: standard error σ²·√(2/(n − 1)).
    expect(Math.abs(sample.variance - variance)).toBeLessThan(5 * variance * Math.sqrt(2 / (paths - 1)));
  });

  it('has the closed-form autocorrelation between t and t + 30 days, within 5 Fisher-z standard errors', () => {
    // Cov(X_t, X_{t+Δ}) = e^{−θΔ}·Var(X_t); Var(X_{t+Δ}) = e^{−2θΔ}·Var(X_t) + σ²(1 − e^{−2θΔ})/(2θ).
    const decay = Math.exp(-theta * lagYears);
    const varLater = decay * decay * variance + (sigma * sigma * (1 - decay * decay)) / (2 * theta);
    const rho = (decay * variance) / Math.sqrt(variance * varLater);
    const r = correlation(atT, atTLag);
    expect(Math.abs(Math.atanh(r) - Math.atanh(rho))).toBeLessThan(5 / Math.sqrt(paths - 3));
  });

  it('in log space stays positive with log price N(ln mean, σ²/(2θ)) once stationary', () => {
    const n = 4000;
    const logs: number[] = [];
    for (let p = 0; p < n; p++) {
      const ou = createOu(
        { initial: 1, mean: 1, reversionPerYear: 365, volatilityAnnual: 2, space: 'log' },
        new RandomStream(p, 'ou:log'),
      );
      let price = 1;
      // 20 days at θ = 365/yr: e^{−20} of the start is left, so the law is the stationary one.
      for (let h = 1; h <= 120; h++) price = ou.next(h * 4 * 3600, 4 * 3600);
      expect(price).toBeGreaterThan(0);
      logs.push(Math.log(price));
    }
    const stationary = (2 * 2) / (2 * 365);
    const sample = moments(logs);
    expect(Math.abs(sample.mean)).toBeLessThan(5 * Math.sqrt(stationary / n));
    expect(Math.abs(sample.variance - stationary)).toBeLessThan(5 * stationary * Math.sqrt(2 / (n - 1)));
  });

  it('leaves the price unchanged and draws nothing over a block of 0 s; refuses a non-positive speed', () => {
    const rng = new RandomStream(1, 'ou:zero');
    const ou = createOu({ initial: 5, mean: 4, reversionPerYear: 10, volatilityAnnual: 1, space: 'log' }, rng);
    expect(ou.next(0, 0)).toBe(5);
    const reference = new RandomStream(1, 'ou:zero');
    const expected = Math.exp(
      new OuState(Math.log(5), Math.log(4), 10, 1).step(12 / SECONDS_PER_YEAR, reference.normal()),
    );
    expect(ou.next(12, 12)).toBe(expected);
    expect(() =>
      createOu({ initial: 5, mean: 4, reversionPerYear: -1, volatilityAnnual: 1, space: 'log' }, rng),
    ).toThrow(ScenarioError);
  });
});

describe('pegged noise', () => {
  it('multiplies the ratio by e^X, X an OU from 0 drawn from the given stream', () => {
    const anchor = () => 2000;
    const noise = { reversionPerYear: 365, volatilityAnnual: 0.05 };
    const steth = createPegged({ ratio: 1, noise }, anchor, new RandomStream(4, 'price:stETH'));
    const x = new OuState(0, 0, 365, 0.05);
    const reference = new RandomStream(4, 'price:stETH');
    expect(steth.initial).toBe(2000);
    for (let b = 1; b <= 100; b++) {
      const expected = 2000 * Math.exp(x.step(12 / SECONDS_PER_YEAR, reference.normal()));
      expect(steth.next(12 * b, 12)).toBe(expected);
    }
    expect(createPegged({ ratio: 1 }, anchor, new RandomStream(4, 'price:stETH')).next(12, 12)).toBe(2000);
  });
});
