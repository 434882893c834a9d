/** Test helpers: PathRecords with hand-chosen metrics (every other metric 0). Not used by production code. */
import type { PathRecord } from '../batch/types.js';
import type { RunMetrics } from '../result.js';

/**
 * RunMetrics with every field 0 (amplification 1, no generations) except the overrides.
 *
 * @example testMetrics({ badDebtUsd: 5 }).badDebtUsd; // 5
 */
export function testMetrics(overrides: Partial<RunMetrics>): RunMetrics {
  return {
    accounts: 0,
    initialCollateralUsd: 0,
    initialDebtUsd: 0,
    externalDrawdown: 0,
    marketDrawdown: 0,
    poolDrawdown: 0,
    oracleDrawdown: 0,
    amplification: 1,
    maxOracleDeviation: 0,
    liquidations: 0,
    accountsLiquidated: 0,
    liquidatedCollateralUsd: 0,
    liquidatedDebtUsd: 0,
    borrowerPenaltiesUsd: 0,
    protocolFeesUsd: 0,
    keeperProfitUsd: 0,
    keeperGasUsd: 0,
    slippageCostUsd: 0,
    badDebtUsd: 0,
    averageLtv: null,
    borrowingPowerUsed: null,
    borrowingCapacity: null,
    insuranceFundUsedUsd: 0,
    insuranceDraws: 0,
    uncoveredBadDebtUsd: 0,
    socialisedBadDebtUsd: 0,
    redistributedDebtUsd: 0,
    keeperIncentivesUsd: 0,
    inLiquidationDebtUsd: 0,
    inLiquidationCollateralUsd: 0,
    underwaterDebtUsd: 0,
    unsafeDebtUsd: 0,
    topUps: 0,
    topUpCollateralUsd: 0,
    maxLiquidationSpeed: 0,
    meanLiquidationSpeed: 0,
    cascadeGenerations: 0,
    liquidationsByGeneration: [],
    arbitrageTrades: 0,
    oracleUpdates: 0,
    liquidationPauses: 0,
    pausedBlocks: 0,
    initialPerpNotionalUsd: 0,
    collateralReturnedUsd: 0,
    perpLiquidatedNotionalUsd: 0,
    insuranceFundShortfalls: 0,
    adlFills: 0,
    adlNotionalUsd: 0,
    byProtocol: [],
    calibrationWarnings: 0,
    ...overrides,
  };
}

/**
 * One PathRecord of `cell` with the given metrics (seed = path, no parameters beyond `parameters`).
 *
 * @example testRecord(0, 3, { badDebtUsd: 1 }).path; // 3
 */
export function testRecord(
  cell: number,
  path: number,
  overrides: Partial<RunMetrics>,
  parameters: PathRecord['parameters'] = {},
): PathRecord {
  return { cell, path, seed: path, parameters, metrics: testMetrics(overrides) };
}
