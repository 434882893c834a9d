import { describe, expect, it } from 'vitest';
import { debtAtOrAbove, liquidationLadder, riskOraclePolicySettings, targetThreshold } from './policy.js';

// Hand-derived book: three accounts of 1 ETH each with debts 1500, 1400, 1000 USD; price 2000; design shock 10%
// (σ = 0, minShock 0.1), so the floor price is 1800. Account i is within the shock at threshold T iff
// debt_i/T ≥ 1800 ⇔ T ≤ debt_i/1800: 1500 → T ≤ 5/6, 1400 → T ≤ 7/9, 1000 → T ≤ 5/9.
const book = liquidationLadder(new Float64Array([1, 1, 1, 0]), new Float64Array([1000, 1500, 1400, 0]), 1);
const settings = riskOraclePolicySettings.parse({ minShock: 0.1, maxImpactShare: 0.5 });
const range = [0.5, 0.95] as const;

describe('liquidationLadder and debtAtOrAbove', () => {
  it('sorts ratios descending with running debt, skipping empty accounts', () => {
    expect([...book.ratio]).toEqual([1500, 1400, 1000]);
    expect([...book.cumulativeDebtUsd]).toEqual([1500, 2900, 3900]);
  });

  it('sums debt whose liquidation price is at or above the floor', () => {
    expect(debtAtOrAbove(book, 0.8, 1800)).toBe(1500); // 1500/0.8 = 1875 ≥ 1800 > 1400/0.8 = 1750
    expect(debtAtOrAbove(book, 0.7, 1800)).toBe(2900); // 1400/0.7 = 2000
    expect(debtAtOrAbove(book, 0.5, 1800)).toBe(3900); // 1000/0.5 = 2000
    expect(debtAtOrAbove(book, 0.9, 1800)).toBe(0); // 1500/0.9 = 1666.7
  });

  it('counts debt without collateral as always within', () => {
    const ladder = liquidationLadder([0, 1], [10, 100], 1);
    expect(debtAtOrAbove(ladder, 0.9, 1e9)).toBe(10);
  });
});

describe('targetThreshold', () => {
  it('takes the solvency cap (1 − 0.1)/1 = 0.9 when it lies above the impact floor 7/9', () => {
    // Depth 300 USD per 1%, bound 0.5·0.1 = 5% ⇒ at most 1500 USD sold: within for T > 7/9 (1500 debt), not below.
    const target = targetThreshold(
      book,
      { price: 2000, depthUsdPer1Pct: 300, volatilityAnnual: 0, bonus: 0 },
      range,
      settings,
    );
    expect(target.designShock).toBeCloseTo(0.1, 12);
    expect(target.solvencyCap).toBeCloseTo(0.9, 12);
    expect(target.impactFloor).toBeGreaterThan(7 / 9);
    expect(target.impactFloor).toBeLessThanOrEqual(7 / 9 + 1e-4);
    expect(target.threshold).toBeCloseTo(0.9, 12);
    expect(target.binding).toBe('solvency');
    expect(target.debtAtRiskUsd).toBe(0); // 1500/0.9 < 1800
  });

  it('keeps the impact floor 7/9 over the cap 0.9/1.2 = 0.75 when they conflict (bonus 20%)', () => {
    // Sold = debt·1.2 ≤ 5·360 = 1800 USD ⇔ debt ≤ 1500: again within for T > 7/9 only.
    const market = { price: 2000, depthUsdPer1Pct: 360, volatilityAnnual: 0, bonus: 0.2 };
    const target = targetThreshold(book, market, range, settings);
    expect(target.solvencyCap).toBeCloseTo(0.75, 12);
    expect(target.binding).toBe('impact');
    expect(target.threshold).toBeCloseTo(7 / 9, 3);
    expect(target.threshold).toBeGreaterThan(7 / 9);
    expect(target.debtAtRiskUsd).toBe(1500);
    expect(target.firstRoundImpact).toBeCloseTo(0.05, 12); // 1500·1.2/(100·360)
    const procyclical = targetThreshold(book, market, range, { ...settings, onConflict: 'solvency' });
    expect(procyclical.threshold).toBeCloseTo(0.75, 12);
    expect(procyclical.debtAtRiskUsd).toBe(2900); // 1400/0.75 = 1866.7 ≥ 1800
  });

  it('scales the design shock with volatility: k·σ·√(1 day/1 year) = 2·0.8·0.05234 = 0.08375', () => {
    const target = targetThreshold(
      book,
      { price: 2000, depthUsdPer1Pct: 1e9, volatilityAnnual: 0.8, bonus: 0.05 },
      range,
      riskOraclePolicySettings.parse({}),
    );
    expect(target.designShock).toBeCloseTo(2 * 0.8 * Math.sqrt(1 / 365), 10);
    expect(target.solvencyCap).toBeCloseTo((1 - 0.083746) / 1.05, 5);
    expect(target.threshold).toBe(target.solvencyCap);
  });

  it('returns the range ends when the cap is outside it, and the top when no threshold meets the bound', () => {
    const calm = targetThreshold(
      book,
      { price: 2000, depthUsdPer1Pct: 1e9, volatilityAnnual: 0, bonus: 0 },
      [0.5, 0.8],
      settings,
    );
    expect(calm).toMatchObject({ threshold: 0.8, binding: 'range-high' });
    const noDepth = targetThreshold(
      book,
      { price: 1400, depthUsdPer1Pct: 0, volatilityAnnual: 0, bonus: 0 },
      [0.5, 0.8],
      settings,
    );
    // Floor price 1260: at T = 0.8, 1500/0.8 and 1400/0.8 are above it (2900 USD, infinite impact without depth).
    expect(noDepth.impactFloor).toBe(0.8);
    expect(noDepth.threshold).toBe(0.8);
    expect(noDepth.binding).toBe('range-high');
    expect(noDepth.debtAtRiskUsd).toBe(2900);
    expect(Number.isFinite(noDepth.firstRoundImpact)).toBe(true);
  });

  it('caps the bound at maxImpact: 3% instead of 5% makes only T > 5/6 compliant (1500·1.2 > 3·360 = 1080)', () => {
    const market = { price: 2000, depthUsdPer1Pct: 360, volatilityAnnual: 0, bonus: 0.2 };
    const target = targetThreshold(book, market, range, { ...settings, maxImpact: 0.03 });
    expect(target.impactBound).toBe(0.03);
    expect(target.impactFloor).toBeGreaterThan(5 / 6);
    expect(target.impactFloor).toBeLessThanOrEqual(5 / 6 + 1e-4);
    expect(target.debtAtRiskUsd).toBe(0);
  });
});
