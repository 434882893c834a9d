import { describe, expect, it } from 'vitest';
import { UsageError } from '../../kernel/errors.js';
import { pairedComparison, pairedDifference } from './paired.js';
import { testRecord } from './records.test-helper.js';

describe('pairedDifference', () => {
  it('is the mean of the per-path differences with a Student t interval, derived by hand', () => {
    // d = (3−1, 5−2, 7−3, 10−4) = (2, 3, 4, 6): mean 3.75; Σ(d − 3.75)² = 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75,
    // s = √(8.75/3) = 1.7078251; t(0.975, 3) = 3.1824463 → half-width 3.1824463·1.7078251/2 = 5.4350616/2 = 2.7175308.
    const d = pairedDifference(Float64Array.of(3, 5, 7, 10), Float64Array.of(1, 2, 3, 4));
    expect(d.pairs).toBe(4);
    expect(d.mean).toBeCloseTo(3.75, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(8.75 / 3), 12);
    expect(d.ci95!.lower).toBeCloseTo(3.75 - 2.7175308, 6);
    expect(d.ci95!.upper).toBeCloseTo(3.75 + 2.7175308, 6);
    expect(d.cellMean).toBeCloseTo(6.25, 12);
    expect(d.baselineMean).toBeCloseTo(2.5, 12);
    // ρ = Σ(x − 6.25)(y − 2.5) / √(Σ(x − 6.25)²·Σ(y − 2.5)²) = 11.5 / √(26.75·5).
    expect(d.correlation).toBeCloseTo(11.5 / Math.sqrt(26.75 * 5), 12);
  });

  it('collapses to a point when every path moves by the same amount, however noisy the paths are', () => {
    // The common-random-numbers case: cell = baseline + 1000 on every path; the paths' spread cancels.
    const baseline = Float64Array.of(0, 5e6, 1e3, 7e7, 0);
    const d = pairedDifference(
      baseline.map((v) => v + 1000),
      baseline,
    );
    expect(d.mean).toBeCloseTo(1000, 6);
    expect(d.ci95!.upper - d.ci95!.lower).toBeLessThan(1e-6);
    expect(d.correlation).toBeCloseTo(1, 12);
  });

  it('has no interval with a single pair, and rejects mismatched or empty input', () => {
    expect(pairedDifference(Float64Array.of(5), Float64Array.of(2))).toMatchObject({
      pairs: 1,
      mean: 3,
      ci95: null,
      sd: 0,
    });
    expect(() => pairedDifference(Float64Array.of(1, 2), Float64Array.of(1))).toThrow(/2 cell values for 1/);
    expect(() => pairedDifference(new Float64Array(0), new Float64Array(0))).toThrow(/no pairs/);
  });
});

describe('pairedComparison', () => {
  const bonus = (b: number) => ({ 'protocols.0.liquidationBonus': b });
  const records = [
    // Baseline cell 0: bad debt on path 1 only; amplification missing on path 2.
    testRecord(0, 0, { badDebtUsd: 0, liquidatedCollateralUsd: 100, amplification: 1.2 }, bonus(0.05)),
    testRecord(0, 1, { badDebtUsd: 50, liquidatedCollateralUsd: 300, amplification: 1.5 }, bonus(0.05)),
    testRecord(0, 2, { badDebtUsd: 0, liquidatedCollateralUsd: 200, amplification: null }, bonus(0.05)),
    // Cell 1: bad debt on paths 1 and 2.
    testRecord(1, 0, { badDebtUsd: 0, liquidatedCollateralUsd: 110, amplification: 1.3 }, bonus(0.1)),
    testRecord(1, 1, { badDebtUsd: 80, liquidatedCollateralUsd: 330, amplification: 1.6 }, bonus(0.1)),
    testRecord(1, 2, { badDebtUsd: 20, liquidatedCollateralUsd: 230, amplification: 1.1 }, bonus(0.1)),
    // Cell 2 stopped after two paths, stored out of order.
    testRecord(2, 1, { badDebtUsd: 50, liquidatedCollateralUsd: 290, amplification: 1.5 }, bonus(0.2)),
    testRecord(2, 0, { badDebtUsd: 0, liquidatedCollateralUsd: 90, amplification: 1.2 }, bonus(0.2)),
  ];

  it('pairs paths by index, leaves out paths a cell lacks and null values, and compares every other cell', () => {
    const comparison = pairedComparison(records, 0);
    expect(comparison.baselineCell).toBe(0);
    expect(comparison.baselineParameters).toEqual(bonus(0.05));
    expect(comparison.cells.map((c) => [c.cell, c.parameters])).toEqual([
      [1, bonus(0.1)],
      [2, bonus(0.2)],
    ]);
    const [one, two] = comparison.cells.map((c) => c.differences);
    // Cell 1 − cell 0, bad debt: (0, 30, 20) → mean 50/3; liquidated: (10, 30, 30) → 70/3.
    expect(one.badDebtUsd!.pairs).toBe(3);
    expect(one.badDebtUsd!.mean).toBeCloseTo(50 / 3, 12);
    expect(one.liquidatedCollateralUsd!.mean).toBeCloseTo(70 / 3, 12);
    // P(bad debt): indicators (0, 1, 1) − (0, 1, 0) → +1/3.
    expect(one.probabilityOfBadDebt!.mean).toBeCloseTo(1 / 3, 12);
    // Amplification: path 2 has none in the baseline → pairs 0 and 1, differences (0.1, 0.1).
    expect(one.amplification!.pairs).toBe(2);
    expect(one.amplification!.mean).toBeCloseTo(0.1, 12);
    // Cell 2 has paths 0 and 1 only: liquidated differences (−10, −10), bad debt (0, 0).
    expect(two.liquidatedCollateralUsd).toMatchObject({ pairs: 2, mean: -10, sd: 0, ci95: { lower: -10, upper: -10 } });
    expect(two.badDebtUsd).toMatchObject({ pairs: 2, mean: 0, correlation: 1 });
    expect(pairedComparison(records, 1).cells.map((c) => c.cell)).toEqual([0, 2]);
  });

  it('names a baseline cell that has no paths', () => {
    expect(() => pairedComparison(records, 5)).toThrow(UsageError);
    expect(() => pairedComparison(records, 5)).toThrow(/baseline cell 5 has no paths/);
  });
});
