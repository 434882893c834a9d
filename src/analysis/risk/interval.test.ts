import { describe, expect, it } from 'vitest';
import { normalMeanInterval, probabilityEstimate, wilsonInterval } from './interval.js';
import { standardNormalQuantile, twoSidedZ } from './normal.js';

describe('standard normal quantile (AS 241)', () => {
  it('matches tabulated values', () => {
    // Abramowitz & Stegun 26.2: z_0.975 = 1.959963984540054, z_0.995 = 2.575829303548901, Φ(1) = 0.8413447460685429.
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(twoSidedZ(0.99)).toBeCloseTo(2.575829303548901, 14);
    expect(standardNormalQuantile(0.5)).toBe(0);
    expect(standardNormalQuantile(0.8413447460685429)).toBeCloseTo(1, 13);
    expect(standardNormalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
    // Far-tail branch (r > 5): Φ⁻¹(1e−20) = −9.26234008979840…; checked by Φ(z) = ½·erfc(−z/√2) = 1.000e−20.
    expect(standardNormalQuantile(1e-20)).toBeCloseTo(-9.2623400897984, 11);
    expect(() => standardNormalQuantile(1)).toThrow(/\(0, 1\)/);
  });
});

describe('Wilson score interval', () => {
  // z = 1.959963984540054, z² = 3.841458820694124.
  it('0 of 10: [0, z²/(n + z²)]', () => {
    const ci = wilsonInterval(0, 10);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(3.841458820694124 / 13.841458820694124, 12);
  });

  it('5 of 10: centre ½, half-width z/(1 + z²/n)·√(¼/n + z²/4n²)', () => {
    const halfWidth = (1.959963984540054 / 1.3841458820694124) * Math.sqrt(0.025 + 3.841458820694124 / 400);
    const estimate = probabilityEstimate(5, 10);
    expect(estimate.value).toBe(0.5);
    expect(estimate.ci95.lower).toBeCloseTo(0.5 - halfWidth, 12);
    expect(estimate.ci95.upper).toBeCloseTo(0.5 + halfWidth, 12);
  });

  it('reproduces Newcombe (1998, Stat. Med. 17:857) Table I, method 3', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lower, upper] of cases) {
      const ci = wilsonInterval(x, n);
      expect(ci.lower).toBeCloseTo(lower, 4);
      expect(ci.upper).toBeCloseTo(upper, 4);
    }
  });

  it('all successes: upper bound 1 exactly, lower bound n/(n + z²)', () => {
    const ci = wilsonInterval(10, 10);
    expect(ci.upper).toBe(1);
    expect(ci.lower).toBeCloseTo(10 / 13.841458820694124, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/positive integer/);
    expect(() => wilsonInterval(11, 10)).toThrow(/\[0, 10\]/);
    expect(() => wilsonInterval(1.5, 10)).toThrow(/integer/);
  });
});

describe('normal CI of the mean', () => {
  it('is x̄ ± z·s/√n', () => {
    // 10 ± 1.959963984540054 · 2 / 10
    const ci = normalMeanInterval(10, 2, 100);
    expect(ci.lower).toBeCloseTo(10 - 0.3919927969080108, 12);
    expect(ci.upper).toBeCloseTo(10 + 0.3919927969080108, 12);
  });
});
