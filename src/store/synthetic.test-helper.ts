/**
 * Synthetic batch plans and path records for the store's tests (they test storage, not the model):
 * every value is a simple closed form of (cell, path), so a test can recompute what it should read.
 */
import type { PathRecord, PathSeries } from '../analysis/batch/types.js';
import type { RunMetrics } from '../analysis/result.js';
import type { StoredBatchPlan } from './types.js';

/**
 * Metrics of synthetic path (cell, path); x = 1000·cell + path. `amplification` is null for even
 * x, and non-integers such as x + 0.1 check that DOUBLEs come back bit-exact.
 *
 * @example syntheticMetrics(0, 3).badDebtUsd; // 3.1
 */
export function syntheticMetrics(cell: number, path: number): RunMetrics {
  const x = 1000 * cell + path;
  return {
    accounts: 500 + cell,
    initialCollateralUsd: 1e9 + x,
    initialDebtUsd: 6e8 + x / 3,
    externalDrawdown: 0.2 + x / 1e6,
    marketDrawdown: 0.19,
    poolDrawdown: 0.25,
    oracleDrawdown: 0.22,
    amplification: x % 2 === 0 ? null : 1.1 + x / 1e5,
    maxOracleDeviation: 0.01,
    liquidations: x % 7,
    accountsLiquidated: x % 5,
    liquidatedCollateralUsd: 1234.5 * x,
    liquidatedDebtUsd: 1000 * x,
    borrowerPenaltiesUsd: 50 * x,
    protocolFeesUsd: 5 * x,
    keeperProfitUsd: 20 * x - 7,
    keeperGasUsd: 2 * x,
    slippageCostUsd: 3 * x,
    badDebtUsd: x + 0.1,
    averageLtv: 0.5,
    borrowingPowerUsed: 0.6,
    borrowingCapacity: x % 2 === 0 ? 1 : null,
    insuranceFundUsedUsd: x / 2,
    insuranceDraws: x % 3,
    uncoveredBadDebtUsd: x / 2 + 0.1,
    socialisedBadDebtUsd: 0,
    redistributedDebtUsd: 0,
    keeperIncentivesUsd: 1.5,
    inLiquidationDebtUsd: 0,
    inLiquidationCollateralUsd: 0,
    underwaterDebtUsd: x / 10,
    unsafeDebtUsd: x / 20,
    topUps: cell,
    topUpCollateralUsd: 100 * cell,
    maxLiquidationSpeed: 0.5 + x / 1e4,
    meanLiquidationSpeed: 0.25,
    cascadeGenerations: x % 4,
    liquidationsByGeneration: [x % 7, x % 3, 1],
    arbitrageTrades: 10 + x,
    oracleUpdates: 60,
    liquidationPauses: 0,
    pausedBlocks: 0,
    initialPerpNotionalUsd: 2 * x,
    calibrationWarnings: x % 2,
    collateralReturnedUsd: x / 4,
    perpLiquidatedNotionalUsd: 7 * x,
    insuranceFundShortfalls: x % 2,
    adlFills: x % 3,
    adlNotionalUsd: x / 8,
    byProtocol: [
      {
        protocol: 'lend',
        kind: 'lending',
        liquidations: x % 7,
        accountsLiquidated: x % 5,
        liquidatedUsd: 1234.5 * x,
        penaltiesUsd: 50 * x,
        badDebtUsd: x + 0.1,
        insuranceFundUsedUsd: x / 2,
        socialisedBadDebtUsd: 0,
        uncoveredBadDebtUsd: x / 2 + 0.1,
        insuranceFundShortfalls: x % 2,
        insuranceFundStartUsd: 1e6,
        insuranceFundEndUsd: 1e6 - x / 2,
        adlNotionalUsd: 0,
      },
    ],
  };
}

/**
 * Two price series of `points` points each: times 12·i seconds, values 2000 − i (ETH) and 1 + i/1e4.
 *
 * @example syntheticSeries(0, 0, 3)[0].values; // [2000, 1999, 1998]
 */
export function syntheticSeries(cell: number, path: number, points: number): PathSeries[] {
  const times = Array.from({ length: points }, (_, i) => 12 * i);
  return [
    { name: 'fundamental:ETH', timesSeconds: times, values: times.map((_, i) => 2000 - i + cell + path / 1000) },
    { name: 'oracle:eth-usd', timesSeconds: times, values: times.map((_, i) => 1 + i / 1e4) },
  ];
}

/**
 * The synthetic record of (cell, path), with two series of `seriesPoints` points when > 0.
 *
 * @example syntheticRecord(1, 2).seed; // 1002
 */
export function syntheticRecord(cell: number, path: number, seriesPoints = 0): PathRecord {
  const record: PathRecord = {
    cell,
    path,
    seed: 1000 * cell + path,
    parameters: { 'protocols.0.liquidationBonus': 0.05 + cell / 100 },
    metrics: syntheticMetrics(cell, path),
  };
  if (seriesPoints > 0) record.series = syntheticSeries(cell, path, seriesPoints);
  return record;
}

/**
 * A Monte Carlo-like plan with `cells` cells (parameter liquidationBonus 0.05 + cell/100) of `paths` paths.
 *
 * @example syntheticPlan('mc-1', 2, 10).cells.length; // 2
 */
export function syntheticPlan(
  id: string,
  cells: number,
  paths: number,
  overrides: Partial<StoredBatchPlan> = {},
): StoredBatchPlan {
  return {
    id,
    kind: 'sweep',
    scenario: 'synthetic',
    scenarioFile: 'scenarios/synthetic.yaml',
    scenarioJson: '{"name":"synthetic","blocks":300}',
    masterSeed: 7,
    paths,
    cells: Array.from({ length: cells }, (_, cell) => ({
      cell,
      parameters: { 'protocols.0.liquidationBonus': 0.05 + cell / 100 },
    })),
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
