import { describe, expect, it } from 'vitest';
import { liquidationRiskSummary } from './liquidation-risk-summary.js';
import { pathShareEstimate } from './path-share.js';
import type { PathRecord } from '../batch/types.js';
import type { HealthBucketCount, LiquidationRiskReport, RunMetrics } from '../result.js';

/** z of a two-sided 95% interval, to the digits tables give (Φ⁻¹(0.975)). */
const Z = 1.959963984540054;

/** Wilson (1927) score interval of p on n, written out: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). */
function wilson(p: number, n: number): { lower: number; upper: number } {
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: p === 0 ? 0 : centre - half, upper: p === 1 ? 1 : centre + half };
}

const EDGES = [1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3];

/** A path whose bucket 1 holds `accounts` accounts of 100 USD debt each, `liquidated` of them liquidated. */
function path(index: number, accounts: number, liquidated: number, minutesToClear: number | null): PathRecord {
  const lending: HealthBucketCount[] = EDGES.map(() => ({
    accounts: 0,
    liquidated: 0,
    weightUsd: 0,
    liquidatedWeightUsd: 0,
  }));
  lending.push({ accounts: 0, liquidated: 0, weightUsd: 0, liquidatedWeightUsd: 0 });
  lending[1] = { accounts, liquidated, weightUsd: 100 * accounts, liquidatedWeightUsd: 100 * liquidated };
  const report: LiquidationRiskReport = {
    curve: { edges: EDGES, lending },
    recovery: {
      status: minutesToClear === null ? 'not-cleared' : 'cleared',
      firstLiquidationBlock: 5,
      lastLiquidationBlock: 9,
      baselineAtRiskDebtUsd: 0,
      peakAtRiskDebtUsd: 10,
      clearedBlock: minutesToClear === null ? null : 5 + minutesToClear * 5,
      blocksToClear: minutesToClear === null ? null : minutesToClear * 5,
      minutesToClear,
      recoveredBlock: null,
      blocksToRecovery: null,
      minutesToRecovery: null,
      oracleTolerance: 0.02,
      debtTolerance: 0.001,
    },
    saturation: {
      saturatedBlocks: index % 2,
      firstSaturatedBlock: index % 2 === 1 ? 6 : null,
      longestSaturatedRunBlocks: index % 2,
      peakSaturatedBacklogUsd: 0,
      backlogBlocks: 0,
      longestBacklogRunBlocks: 0,
      peakBacklogUsd: 0,
      peakDemandUsd: 0,
    },
  };
  return { cell: 0, path: index, seed: index, parameters: {}, metrics: {} as RunMetrics, liquidationRisk: report };
}

describe('pathShareEstimate', () => {
  it('is Wilson on the paths when every path liquidates all or none of a bucket', () => {
    // Shares 1, 1, 1, 1: p = 1 and n* = n = 4, so the interval is [4 / (4 + z²), 1].
    const all = pathShareEstimate([1, 1, 1, 1], 40);
    expect(all.value).toBe(1);
    expect(all.ci95.lower).toBeCloseTo(4 / (4 + Z * Z), 12);
    expect(all.ci95.upper).toBe(1);
    // Shares 0, 1, 0, 1: p = 0.5, s² = 4·0.25/3 = 1/3, Var(p̂) = s²/4 = 1/12, n* = 0.25/(1/12) = 3.
    const half = pathShareEstimate([0, 1, 0, 1], 40);
    expect(half.effectivePaths).toBeCloseTo(3, 12);
    expect(half.ci95.lower).toBeCloseTo(wilson(0.5, 3).lower, 12);
    expect(half.ci95.upper).toBeCloseTo(wilson(0.5, 3).upper, 12);
  });

  it('uses the accounts as the sample size when the share never varies inside (0, 1)', () => {
    // Every one of 3 paths liquidates 2 of its 4 accounts: nothing varies, so n* is the cap, 12 accounts.
    const same = pathShareEstimate([0.5, 0.5, 0.5], 12);
    expect(same.effectivePaths).toBe(12);
    expect(same.ci95.lower).toBeCloseTo(wilson(0.5, 12).lower, 12);
  });
});

describe('liquidationRiskSummary', () => {
  // Four paths: bucket 1 holds 10, 10, 20, 20 accounts with 10, 0, 20, 0 liquidated (shares 1, 0, 1, 0).
  const records = [path(0, 10, 10, 2), path(1, 10, 0, 4), path(2, 20, 20, null), path(3, 20, 0, 6)];
  const summary = liquidationRiskSummary(records)!;

  it('averages per-path shares over the paths with accounts in the bucket, with the interval over paths', () => {
    const bucket = summary.curve.lending[1];
    expect(bucket.accounts).toBe(60);
    expect(bucket.liquidated).toBe(30);
    expect(bucket.meanAccountsPerPath).toBe(15);
    expect(bucket.paths).toBe(4);
    // Mean of the shares 1, 0, 1, 0 (not the pooled 30/60, which happens to agree): 0.5; s² = 1/3, n* = 3.
    expect(bucket.probability!.value).toBe(0.5);
    expect(bucket.probability!.ci95.lower).toBeCloseTo(wilson(0.5, 3).lower, 12);
    // Empty buckets have no estimate.
    expect(summary.curve.lending[0].probability).toBeNull();
  });

  it('does not depend on the order the paths arrive in', () => {
    expect(liquidationRiskSummary([...records].reverse())).toEqual(summary);
  });

  it('gives times over the paths that got there and probabilities over all', () => {
    expect(summary.recovery.probabilityCleared.successes).toBe(3);
    expect(summary.recovery.minutesToClear.paths).toBe(3);
    expect(summary.recovery.minutesToClear.excludedNull).toBe(1);
    expect(summary.recovery.minutesToClear.distribution!.mean).toBe(4);
    expect(summary.saturation.probabilityOfSaturation.successes).toBe(2);
    expect(summary.saturation.probabilityOfSaturation.ci95.lower).toBeCloseTo(wilson(0.5, 4).lower, 12);
  });

  it('is absent when no path carries the report', () => {
    expect(liquidationRiskSummary([{ ...records[0], liquidationRisk: undefined }])).toBeUndefined();
  });
});
