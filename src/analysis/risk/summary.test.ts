import { describe, expect, it } from 'vitest';
import { InvariantError, UsageError } from '../../kernel/errors.js';
import type { PathRecord } from '../batch/types.js';
import { riskSummary } from './summary.js';
import { testRecord } from './records.test-helper.js';

/**
 * Cell 1, 100 paths: bad debt = path index (0..99 USD), liquidated collateral = 1000·(path + 1) USD,
 * the fund ran out on paths 90..99, amplification null on even paths and 1 + path/100 on odd ones,
 * cascadeGenerations = path mod 3. Cell 0, 20 paths: nothing happened, amplification always null.
 */
function records(): PathRecord[] {
  const cell1 = Array.from({ length: 100 }, (_, path) =>
    testRecord(
      1,
      path,
      {
        badDebtUsd: path,
        liquidatedCollateralUsd: 1000 * (path + 1),
        uncoveredBadDebtUsd: path >= 90 ? 1 : 0,
        insuranceFundShortfalls: path >= 90 ? 1 : 0,
        amplification: path % 2 === 0 ? null : 1 + path / 100,
        cascadeGenerations: path % 3,
      },
      { 'market.depth': 2 },
    ),
  );
  const cell0 = Array.from({ length: 20 }, (_, path) =>
    testRecord(0, path, { amplification: null }, { 'market.depth': 1 }),
  );
  // Interleave and reverse so that grouping and ordering are exercised.
  return [...cell1, ...cell0].reverse().sort((a, b) => (a.path % 7) - (b.path % 7));
}

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

describe('riskSummary', () => {
  const summary = riskSummary(records(), { resamples: 200, seed: 4 });
  const [quiet, busy] = summary.cells;

  it('groups paths by cell, in cell order, with the cell parameters', () => {
    expect(summary.cells.map((c) => [c.cell, c.paths, c.parameters])).toEqual([
      [0, 20, { 'market.depth': 1 }],
      [1, 100, { 'market.depth': 2 }],
    ]);
  });

  it('bad debt 0..99: VaR and CVaR from order statistics, with intervals around them', () => {
    const loss = busy.badDebtUsd;
    // n = 100: VaR95 = L_(95) = 94, CVaR95 = mean(95..99) = 97; VaR99 = L_(99) = 98, CVaR99 = L_(100) = 99.
    expect(loss.var95.value).toBe(94);
    expect(loss.cvar95.value).toBeCloseTo(97, 12);
    expect(loss.var99.value).toBe(98);
    expect(loss.cvar99.value).toBeCloseTo(99, 12);
    expect(loss.mean.value).toBeCloseTo(49.5, 12);
    // Normal CI: 49.5 ± 1.959963984540054·s/10, s = √(100·101/12) = 29.011491975882016.
    expect(loss.mean.normalCi95.lower).toBeCloseTo(49.5 - 5.686148, 5);
    expect(loss.mean.normalCi95.upper).toBeCloseTo(49.5 + 5.686148, 5);
    for (const estimate of [loss.mean, loss.var95, loss.cvar95]) {
      expect(estimate.ci95.lower).toBeLessThanOrEqual(estimate.value);
      expect(estimate.ci95.upper).toBeGreaterThanOrEqual(estimate.value);
    }
    expect(loss.distribution).toMatchObject({ min: 0, p50: 49, p99: 98, max: 99 });
    expect(loss.histogram.counts.reduce((s, c) => s + c, 0)).toBe(100);
    expect(busy.liquidatedCollateralUsd.var99.value).toBe(99_000);
  });

  it('probabilities with Wilson intervals: bad debt on 99 of 100 paths, fund exhausted on 10', () => {
    // Wilson 95%: 99/100 → [0.945514, 0.998233]; 10/100 → [0.055229, 0.174366] (hand-computed from the formula).
    expect(busy.probabilityOfBadDebt).toMatchObject({ value: 0.99, successes: 99, trials: 100 });
    expect(busy.probabilityOfBadDebt.ci95.lower).toBeCloseTo(0.945514, 6);
    expect(busy.probabilityOfBadDebt.ci95.upper).toBeCloseTo(0.998233, 6);
    expect(busy.probabilityOfFundExhaustion.value).toBe(0.1);
    expect(busy.probabilityOfFundExhaustion.ci95.lower).toBeCloseTo(0.055229, 6);
    expect(busy.probabilityOfFundExhaustion.ci95.upper).toBeCloseTo(0.174366, 6);
  });

  it('null amplification is excluded and counted; cascade generations are summarised', () => {
    // Odd paths: 1.01, 1.03, …, 1.99 (50 values); p50 = 25th = 1.49.
    expect(busy.amplification).toMatchObject({ paths: 50, excludedNull: 50 });
    expect(busy.amplification.distribution?.p50).toBeCloseTo(1.49, 12);
    expect(busy.amplification.distribution?.max).toBeCloseTo(1.99, 12);
    // path mod 3: 34 zeros, 33 ones, 33 twos → mean 0.99, p50 = 50th = 1.
    expect(busy.cascadeGenerations.distribution).toMatchObject({ min: 0, p50: 1, max: 2 });
    expect(busy.cascadeGenerations.distribution?.mean).toBeCloseTo(0.99, 12);
    expect(quiet.amplification).toEqual({ paths: 0, excludedNull: 20, distribution: null, histogram: null });
  });

  it('a quiet cell: zero losses, zero probability with Wilson upper bound z²/(n + z²)', () => {
    expect(quiet.badDebtUsd.var99).toEqual({ value: 0, ci95: { lower: 0, upper: 0 } });
    expect(quiet.probabilityOfBadDebt.value).toBe(0);
    expect(quiet.probabilityOfBadDebt.ci95.upper).toBeCloseTo(3.841458820694124 / (20 + 3.841458820694124), 12);
  });

  it('is plain finite JSON, independent of record order, and states its method', () => {
    expect(allFinite(summary)).toBe(true);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    const sortedRecords = records().sort((a, b) => a.cell - b.cell || a.path - b.path);
    expect(riskSummary(sortedRecords, { resamples: 200, seed: 4 })).toEqual(summary);
    expect(summary.method).toMatchObject({
      bootstrapResamples: 200,
      bootstrapSeed: 4,
      bootstrapStream: 'risk:bootstrap',
    });
    expect(riskSummary([]).cells).toEqual([]);
  });

  it('capital efficiency: only with lending paths; means of the per-path fractions', () => {
    expect(quiet.capitalEfficiency).toBeUndefined();
    const lending = [0.5, 0.7].map((ltv, path) =>
      testRecord(0, path, { averageLtv: ltv, borrowingPowerUsed: ltv / 0.8, borrowingCapacity: 1 - path / 10 }),
    );
    const ce = riskSummary(lending, { resamples: 50, seed: 1 }).cells[0].capitalEfficiency;
    expect(ce?.averageLtv.distribution?.mean).toBeCloseTo(0.6, 12);
    expect(ce?.borrowingPowerUsed.distribution?.mean).toBeCloseTo(0.75, 12); // (0.625 + 0.875)/2
    expect(ce?.borrowingCapacity.distribution?.mean).toBeCloseTo(0.95, 12);
    expect(ce?.borrowingCapacity.paths).toBe(2);
  });

  it('rejects a repeated path and bad options', () => {
    expect(() => riskSummary([testRecord(0, 1, {}), testRecord(0, 1, {})])).toThrow(InvariantError);
    expect(() => riskSummary(records(), { resamples: 0 })).toThrow(UsageError);
    expect(() => riskSummary(records(), { histogramBins: 2.5 })).toThrow(/histogram bins/);
  });
});
