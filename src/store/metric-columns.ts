/**
 * The single list of {@link RunMetrics} fields the results store keeps as columns of `paths`. The
 * table definition, the insert, the read-back and the per-cell summaries are all generated from
 * {@link METRIC_COLUMN_SPECS}; its type requires one entry per scalar metric (and marks exactly the
 * nullable ones), so adding or renaming a metric in RunMetrics without updating this list fails to
 * compile instead of silently dropping a column.
 */
import type { RunMetrics } from '../analysis/result.js';

/** How a metric is measured; decides the SQL type (`count` → BIGINT, else DOUBLE) and its display. */
export type MetricUnit = 'count' | 'usd' | 'fraction' | 'ratio';

/** Names of the RunMetrics fields that hold one number (or null). */
export type ScalarMetricName = {
  [K in keyof RunMetrics]: RunMetrics[K] extends number | null ? K : never;
}[keyof RunMetrics];

/** Names of the RunMetrics fields that hold a list (of numbers, or of per-protocol records), stored as JSON text. */
export type ListMetricName = Exclude<keyof RunMetrics, ScalarMetricName>;

/** Column spec of one scalar metric; `nullable` is required exactly when the field admits null. */
export type MetricColumnSpec<K extends ScalarMetricName> = null extends RunMetrics[K]
  ? { unit: MetricUnit; nullable: true }
  : { unit: MetricUnit; nullable?: false };

/**
 * One entry per scalar metric, in the order the columns appear in `paths`.
 *
 * @example METRIC_COLUMN_SPECS.badDebtUsd.unit; // 'usd'
 */
export const METRIC_COLUMN_SPECS = {
  accounts: { unit: 'count' },
  initialCollateralUsd: { unit: 'usd' },
  initialDebtUsd: { unit: 'usd' },
  initialPerpNotionalUsd: { unit: 'usd' },
  externalDrawdown: { unit: 'fraction' },
  marketDrawdown: { unit: 'fraction' },
  poolDrawdown: { unit: 'fraction' },
  oracleDrawdown: { unit: 'fraction' },
  amplification: { unit: 'ratio', nullable: true },
  maxOracleDeviation: { unit: 'fraction' },
  liquidations: { unit: 'count' },
  accountsLiquidated: { unit: 'count' },
  liquidatedCollateralUsd: { unit: 'usd' },
  liquidatedDebtUsd: { unit: 'usd' },
  collateralReturnedUsd: { unit: 'usd' },
  perpLiquidatedNotionalUsd: { unit: 'usd' },
  borrowerPenaltiesUsd: { unit: 'usd' },
  protocolFeesUsd: { unit: 'usd' },
  keeperProfitUsd: { unit: 'usd' },
  keeperGasUsd: { unit: 'usd' },
  slippageCostUsd: { unit: 'usd' },
  badDebtUsd: { unit: 'usd' },
  averageLtv: { unit: 'fraction', nullable: true },
  borrowingPowerUsed: { unit: 'fraction', nullable: true },
  borrowingCapacity: { unit: 'ratio', nullable: true },
  insuranceFundUsedUsd: { unit: 'usd' },
  insuranceDraws: { unit: 'count' },
  uncoveredBadDebtUsd: { unit: 'usd' },
  socialisedBadDebtUsd: { unit: 'usd' },
  insuranceFundShortfalls: { unit: 'count' },
  adlFills: { unit: 'count' },
  adlNotionalUsd: { unit: 'usd' },
  redistributedDebtUsd: { unit: 'usd' },
  keeperIncentivesUsd: { unit: 'usd' },
  inLiquidationDebtUsd: { unit: 'usd' },
  inLiquidationCollateralUsd: { unit: 'usd' },
  underwaterDebtUsd: { unit: 'usd' },
  unsafeDebtUsd: { unit: 'usd' },
  topUps: { unit: 'count' },
  topUpCollateralUsd: { unit: 'usd' },
  maxLiquidationSpeed: { unit: 'ratio' },
  meanLiquidationSpeed: { unit: 'ratio' },
  cascadeGenerations: { unit: 'count' },
  arbitrageTrades: { unit: 'count' },
  oracleUpdates: { unit: 'count' },
  liquidationPauses: { unit: 'count' },
  pausedBlocks: { unit: 'count' },
  calibrationWarnings: { unit: 'count' },
} as const satisfies { [K in ScalarMetricName]: MetricColumnSpec<K> };

/**
 * The scalar metric names in column order.
 *
 * @example SCALAR_METRIC_NAMES.includes('badDebtUsd'); // true
 */
export const SCALAR_METRIC_NAMES = Object.keys(METRIC_COLUMN_SPECS) as ScalarMetricName[];

/**
 * The list-valued metrics, stored as JSON text columns of the same name.
 *
 * @example LIST_METRIC_NAMES; // ['liquidationsByGeneration', 'byProtocol']
 */
export const LIST_METRIC_NAMES = [
  'liquidationsByGeneration',
  'byProtocol',
] as const satisfies readonly ListMetricName[];

// Compile-time check that LIST_METRIC_NAMES names every list-valued metric.
const everyListMetricStored: [Exclude<ListMetricName, (typeof LIST_METRIC_NAMES)[number]>] extends [never]
  ? true
  : false = true;
void everyListMetricStored;

/**
 * A metric's unit.
 *
 * @example metricUnit('liquidations'); // 'count'
 */
export function metricUnit(name: ScalarMetricName): MetricUnit {
  return METRIC_COLUMN_SPECS[name].unit;
}

/**
 * Whether the metric may be null (an undefined ratio).
 *
 * @example metricNullable('amplification'); // true
 */
export function metricNullable(name: ScalarMetricName): boolean {
  const spec = METRIC_COLUMN_SPECS[name];
  return 'nullable' in spec && spec.nullable;
}

/**
 * A double-quoted SQL identifier (metric names are camelCase, so they must be quoted to keep their case).
 *
 * @example quoteIdentifier('badDebtUsd'); // '"badDebtUsd"'
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The `paths` column definitions of every metric, e.g. `"liquidations" BIGINT NOT NULL`; DOUBLE
 * columns carry `CHECK (isfinite(...))`.
 *
 * @example metricColumnDefinitions()[0]; // '"accounts" BIGINT NOT NULL'
 */
export function metricColumnDefinitions(): string[] {
  return [
    ...SCALAR_METRIC_NAMES.map((name) => {
      const column = quoteIdentifier(name);
      const notNull = metricNullable(name) ? '' : ' NOT NULL';
      // NaN and ±Infinity never reach outputs: the store refuses them (a NULL passes a CHECK).
      return metricUnit(name) === 'count'
        ? `${column} BIGINT${notNull}`
        : `${column} DOUBLE${notNull} CHECK (isfinite(${column}))`;
    }),
    ...LIST_METRIC_NAMES.map((name) => `${quoteIdentifier(name)} VARCHAR NOT NULL`),
  ];
}

/**
 * Rebuilds RunMetrics from a row read back from `paths` (BIGINT arrives as bigint, JSON as text).
 *
 * @example metricsFromRow(row).liquidationsByGeneration; // [12, 3]
 */
export function metricsFromRow(row: Record<string, unknown>): RunMetrics {
  const metrics: Record<string, unknown> = {};
  for (const name of SCALAR_METRIC_NAMES) {
    const value = row[name];
    metrics[name] = value === null || value === undefined ? null : Number(value);
  }
  for (const name of LIST_METRIC_NAMES) metrics[name] = JSON.parse(String(row[name])) as unknown;
  return metrics as unknown as RunMetrics;
}
