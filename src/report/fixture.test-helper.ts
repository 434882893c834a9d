/**
 * A small synthetic {@link RunResult} for the report tests: 10 blocks of 12 s, one asset, two
 * venues, one oracle, three cascade generations, bad debt and health quantiles.
 */
import type { RunMetrics, RunResult, SeriesColumn } from '../analysis/result.js';

/**
 * Number of simulated blocks in the fixture.
 *
 * @example
 * fixtureResult().series[0].values.length === FIXTURE_BLOCKS + 1; // true
 */
export const FIXTURE_BLOCKS = 10;

function column(name: string, unit: string, f: (block: number) => number): SeriesColumn {
  return { name, unit, values: Float64Array.from({ length: FIXTURE_BLOCKS + 1 }, (_, b) => f(b)) };
}

/**
 * Headline metrics with distinctive values, so tests can look for their formatted forms.
 *
 * @example
 * fixtureMetrics().liquidatedCollateralUsd; // 1234567.891
 */
export function fixtureMetrics(): RunMetrics {
  return {
    externalDrawdown: 0.15,
    marketDrawdown: 0.1823,
    poolDrawdown: 0.24567,
    oracleDrawdown: 0.2011,
    amplification: null,
    maxOracleDeviation: 0.0345,
    liquidations: 1234,
    accountsLiquidated: 987,
    accounts: 10_000,
    initialCollateralUsd: 400_000_000,
    initialDebtUsd: 250_000_000,
    initialPerpNotionalUsd: 0,
    calibrationWarnings: 0,
    collateralReturnedUsd: 4321.5,
    perpLiquidatedNotionalUsd: 0,
    insuranceFundShortfalls: 2,
    adlFills: 0,
    adlNotionalUsd: 0,
    byProtocol: [
      {
        protocol: 'lend',
        kind: 'lending',
        liquidations: 1234,
        accountsLiquidated: 987,
        liquidatedUsd: 1234567.891,
        penaltiesUsd: 134567.891,
        badDebtUsd: 98765.4321,
        insuranceFundUsedUsd: 50000,
        socialisedBadDebtUsd: 0,
        uncoveredBadDebtUsd: 48765.4321,
        insuranceFundShortfalls: 2,
        insuranceFundStartUsd: 50000,
        insuranceFundEndUsd: 0,
        adlNotionalUsd: 0,
      },
    ],
    liquidatedCollateralUsd: 1234567.891,
    liquidatedDebtUsd: 1100000,
    borrowerPenaltiesUsd: 134567.891,
    protocolFeesUsd: 13456.78,
    keeperProfitUsd: 45678.9,
    keeperGasUsd: 321.5,
    slippageCostUsd: 76543.21,
    badDebtUsd: 98765.4321,
    averageLtv: 0.55,
    borrowingPowerUsed: 0.6667,
    borrowingCapacity: 0.98,
    insuranceFundUsedUsd: 50000,
    insuranceDraws: 3,
    uncoveredBadDebtUsd: 48765.4321,
    socialisedBadDebtUsd: 0,
    liquidationPauses: 0,
    pausedBlocks: 0,
    redistributedDebtUsd: 0,
    keeperIncentivesUsd: 0,
    inLiquidationDebtUsd: 0,
    inLiquidationCollateralUsd: 0,
    underwaterDebtUsd: 2500.005,
    unsafeDebtUsd: 777777.7,
    topUps: 42,
    topUpCollateralUsd: 8800.12,
    maxLiquidationSpeed: 2.3456,
    meanLiquidationSpeed: 0.75,
    cascadeGenerations: 3,
    liquidationsByGeneration: [800, 300, 134],
    arbitrageTrades: 5678,
    oracleUpdates: 9,
  };
}

/**
 * The fixture run; `overrides` replace top-level fields.
 *
 * @example
 * const result = fixtureResult({ scenario: 'other' });
 */
export function fixtureResult(overrides: Partial<RunResult> = {}): RunResult {
  const fundamental = (b: number): number => 2000 * (1 - 0.015 * b);
  const gen = (k: number) => (b: number) => (b >= 2 + k && b <= 6 + k ? (100000 + 12345.6789 * b) / (k + 1) : 0);
  return {
    scenario: 'eth-crash',
    seed: 42,
    blocks: FIXTURE_BLOCKS,
    blockTimeSeconds: 12,
    metrics: fixtureMetrics(),
    events: [],
    series: [
      column('fundamental:ETH', 'usd', fundamental),
      column('venue:uniswap', 'usd', (b) => fundamental(b) * (1 - 0.004 * b) + 1 / 3),
      column('venue:cex', 'usd', (b) => fundamental(b) * (1 - 0.002 * b)),
      column('oracle:chainlink', 'usd', (b) => fundamental(b - (b % 3))),
      column('liquidations', 'count', (b) => (b >= 2 ? b * 7 : 0)),
      column('liquidatedUsd', 'usd', (b) => gen(0)(b) + gen(1)(b) + gen(2)(b)),
      column('liquidatedUsd:gen0', 'usd', gen(0)),
      column('liquidatedUsd:gen1', 'usd', gen(1)),
      column('liquidatedUsd:gen2', 'usd', gen(2)),
      column('badDebtUsd', 'usd', (b) => (b >= 6 ? 98765.4321 * ((b - 5) / 5) : 0)),
      column('insuranceFundUsd', 'usd', (b) => Math.max(0, 50000 - (b >= 6 ? 10000 * (b - 5) : 0))),
      column('health:p10', 'ratio', (b) => 1.3 - 0.05 * b),
      column('health:p50', 'ratio', (b) => 1.8 - 0.04 * b),
      column('health:p90', 'ratio', (b) => 3.1 - 0.03 * b),
      column('unsafeAccounts', 'count', (b) => b * b),
    ],
    health: {
      edges: [0, 1, 1.1, 1.25, 1.5, 2, 3],
      before: [0, 4, 10, 25, 40, 30],
      after: [12, 9, 14, 20, 22, 18],
    },
    ...overrides,
  };
}
