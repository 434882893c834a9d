/**
 * Tables of the results store (a DuckDB file, `cascade.duckdb` by default). See docs/store.md.
 *
 * `batches`: one row per batch.
 * | column        | type    | meaning |
 * | ------------- | ------- | ------- |
 * | id            | VARCHAR PRIMARY KEY | batch id (`--id`, or derived from the inputs) |
 * | kind          | VARCHAR | 'run' \| 'mc' \| 'sweep' \| 'frontier' |
 * | scenario      | VARCHAR | scenario name |
 * | scenario_file | VARCHAR | scenario file path as given |
 * | scenario_json | VARCHAR | scenario after `--set` overrides, canonical JSON (what was run) |
 * | master_seed   | BIGINT  | batch master seed (a single run: its seed) |
 * | paths         | INTEGER | paths per cell |
 * | cells         | VARCHAR | JSON array of BatchCell `{cell, parameters}` |
 * | created_at    | VARCHAR | ISO time of creation (the only wall-clock value; never used by the model) |
 * | status        | VARCHAR | 'running' until every path is stored and the batch is completed, then 'complete' |
 *
 * A stored 'running' batch reads as 'interrupted' when its owner (below) is dead or was never recorded.
 *
 * `paths`: one row per simulated path; PRIMARY KEY (batch_id, cell, path).
 * batch_id VARCHAR, cell INTEGER, path INTEGER, seed BIGINT, parameters VARCHAR (JSON of the cell's
 * CellParameters), then one column per scalar RunMetrics field named exactly as the field (BIGINT for
 * counts, DOUBLE with CHECK (isfinite) otherwise; only `amplification` may be NULL), and
 * `liquidationsByGeneration` VARCHAR (JSON array). The metric columns are generated from
 * METRIC_COLUMN_SPECS.
 *
 * `failed_paths`: one row per path that threw instead of finishing; PRIMARY KEY (batch_id, cell, path).
 * batch_id VARCHAR, cell INTEGER, path INTEGER, seed BIGINT (the path's run seed: `cascade run --seed` re-runs it),
 * parameters VARCHAR (JSON of the cell's CellParameters), error VARCHAR (the error's class, e.g. InvariantError),
 * message VARCHAR. A failed path counts as done: a resumed batch does not run it again (same plan and seed, same
 * error), and a batch whose every path is stored or failed is complete. Created in older store files when they
 * are next opened for writing.
 *
 * `series`: optional downsampled price paths, one row per point: batch_id VARCHAR, cell INTEGER,
 * path INTEGER, name VARCHAR (e.g. `oracle:eth-usd`), point INTEGER (0-based index), time_seconds
 * DOUBLE (seconds since block 0), value DOUBLE. No key of its own: a path's points are written in the
 * same transaction as its `paths` row and only when that row is new, so they are never duplicated.
 *
 * `path_liquidation_risk`: one row per stored path, PRIMARY KEY (batch_id, cell, path): batch_id VARCHAR, cell
 * INTEGER, path INTEGER, report VARCHAR (JSON of the path's LiquidationRiskReport: per-bucket liquidation counts by
 * block-0 health, lending recovery, saturation). Written with the `paths` row; created in older store files when they
 * are next opened for writing (their paths have no row).
 *
 * `batch_owners`: one row per batch begun by this version, PRIMARY KEY batch_id: pid INTEGER, host VARCHAR,
 * process_start VARCHAR (Linux start time of the process in clock ticks, NULL where unknown), command VARCHAR,
 * started_at VARCHAR, heartbeat_at VARCHAR (ISO times). Replaced when a process begins or resumes the batch; the
 * heartbeat is refreshed every 10 s while it writes (see ./batch-owner.ts). Created in older store files when they
 * are next opened for writing; their running batches have no owner and read as 'interrupted'.
 *
 * Schema policy: a table is added (created when missing, on the next read-write open) rather than a column altered;
 * a file lacking a metric column is refused (see missingMetricColumns); a file opened read-only is never changed, and
 * a later table it lacks reads as empty.
 */
import {
  LIST_METRIC_NAMES,
  METRIC_COLUMN_SPECS,
  metricColumnDefinitions,
  quoteIdentifier,
  SCALAR_METRIC_NAMES,
} from './metric-columns.js';
import { LIQUIDATION_RISK_CREATE, LIQUIDATION_RISK_STAGING } from './liquidation-risk-table.js';
import { BATCH_OWNERS_CREATE } from './batch-owner.js';

/** Kinds of stored batch: the batch kinds of a runner, plus 'run' for a single stored `cascade run`. */
export const STORED_BATCH_KINDS = ['run', 'mc', 'sweep', 'frontier'] as const;

/**
 * The statements that create the store's tables when missing (idempotent).
 *
 * @example for (const sql of createTableStatements()) await connection.run(sql);
 */
export function createTableStatements(): string[] {
  const kinds = STORED_BATCH_KINDS.map((kind) => `'${kind}'`).join(', ');
  return [
    `CREATE TABLE IF NOT EXISTS batches (
      id VARCHAR PRIMARY KEY,
      kind VARCHAR NOT NULL CHECK (kind IN (${kinds})),
      scenario VARCHAR NOT NULL,
      scenario_file VARCHAR NOT NULL,
      scenario_json VARCHAR NOT NULL,
      master_seed BIGINT NOT NULL,
      paths INTEGER NOT NULL,
      cells VARCHAR NOT NULL,
      created_at VARCHAR NOT NULL,
      status VARCHAR NOT NULL CHECK (status IN ('running', 'complete'))
    )`,
    `CREATE TABLE IF NOT EXISTS paths (
      batch_id VARCHAR NOT NULL,
      cell INTEGER NOT NULL,
      path INTEGER NOT NULL,
      seed BIGINT NOT NULL,
      parameters VARCHAR NOT NULL,
      ${metricColumnDefinitions().join(',\n      ')},
      PRIMARY KEY (batch_id, cell, path)
    )`,
    `CREATE TABLE IF NOT EXISTS failed_paths (
      batch_id VARCHAR NOT NULL,
      cell INTEGER NOT NULL,
      path INTEGER NOT NULL,
      seed BIGINT NOT NULL,
      parameters VARCHAR NOT NULL,
      error VARCHAR NOT NULL,
      message VARCHAR NOT NULL,
      PRIMARY KEY (batch_id, cell, path)
    )`,
    `CREATE TABLE IF NOT EXISTS series (
      batch_id VARCHAR NOT NULL,
      cell INTEGER NOT NULL,
      path INTEGER NOT NULL,
      name VARCHAR NOT NULL,
      point INTEGER NOT NULL,
      time_seconds DOUBLE NOT NULL CHECK (isfinite(time_seconds)),
      value DOUBLE NOT NULL CHECK (isfinite(value))
    )`,
    LIQUIDATION_RISK_CREATE,
    BATCH_OWNERS_CREATE,
  ];
}

/**
 * The metric columns a `paths` table lacks (one written by an older Cascade, before a metric was
 * added). The store refuses such a file rather than altering it: DuckDB 1.5 cannot replay an
 * `ALTER TABLE ... ADD COLUMN` from its write-ahead log on a table with function CHECKs.
 *
 * @example missingMetricColumns(['batch_id', 'cell']).length > 0; // true
 */
export function missingMetricColumns(existingColumns: readonly string[]): string[] {
  const have = new Set(existingColumns.map((name) => name.toLowerCase()));
  return [...SCALAR_METRIC_NAMES, ...LIST_METRIC_NAMES].filter((name) => !have.has(name.toLowerCase()));
}

/**
 * Per-connection TEMP tables that {@link ResultsStore.writePaths} appends a call's records into
 * before copying the new ones into `paths` and `series` inside the same transaction. Their columns
 * are in the order the appender writes them, whatever the order of the stored tables.
 *
 * @example for (const sql of stagingTableStatements()) await connection.run(sql);
 */
export function stagingTableStatements(): string[] {
  const metrics = [
    ...SCALAR_METRIC_NAMES.map(
      (name) => `${quoteIdentifier(name)} ${METRIC_COLUMN_SPECS[name].unit === 'count' ? 'BIGINT' : 'DOUBLE'}`,
    ),
    ...LIST_METRIC_NAMES.map((name) => `${quoteIdentifier(name)} VARCHAR`),
  ];
  return [
    `CREATE TEMP TABLE IF NOT EXISTS staging_paths (cell INTEGER, path INTEGER, seed BIGINT, parameters VARCHAR, ${metrics.join(', ')})`,
    'CREATE TEMP TABLE IF NOT EXISTS staging_series (cell INTEGER, path INTEGER, name VARCHAR, times VARCHAR, vals VARCHAR)',
    LIQUIDATION_RISK_STAGING,
  ];
}
