/**
 * Table `path_liquidation_risk`: one row per stored path with its liquidation-risk report (per-bucket liquidation
 * counts by block-0 health, lending recovery, saturation) as JSON text, the convention of the `paths` list columns.
 * A table of its own, created when missing, so store files written before it still open: their paths simply carry no
 * report. Rows are written in the same transaction as the path's `paths` row, and only when that row is new.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { PathRecord } from '../analysis/batch/types.js';
import type { LiquidationRiskReport } from '../analysis/result.js';

/** Name of the table. */
export const LIQUIDATION_RISK_TABLE = 'path_liquidation_risk';

/** The statement that creates the table when missing. */
export const LIQUIDATION_RISK_CREATE = `CREATE TABLE IF NOT EXISTS ${LIQUIDATION_RISK_TABLE} (
      batch_id VARCHAR NOT NULL,
      cell INTEGER NOT NULL,
      path INTEGER NOT NULL,
      report VARCHAR NOT NULL,
      PRIMARY KEY (batch_id, cell, path)
    )`;

/** The staging table a write call appends into (TEMP, one per connection). */
export const LIQUIDATION_RISK_STAGING =
  'CREATE TEMP TABLE IF NOT EXISTS staging_liquidation_risk (cell INTEGER, path INTEGER, report VARCHAR)';

/** Copies the staged reports of the paths being inserted (staging_paths holds only new ones by then). */
export const INSERT_LIQUIDATION_RISK = `INSERT INTO ${LIQUIDATION_RISK_TABLE} (batch_id, cell, path, report)
  SELECT $1, x.cell, x.path, x.report FROM staging_liquidation_risk x
  WHERE EXISTS (SELECT 1 FROM staging_paths s WHERE s.cell = x.cell AND s.path = x.path)`;

/**
 * Appends the record's report row (none for a record without one).
 *
 * @example appendLiquidationRiskRow(appender, record);
 */
export function appendLiquidationRiskRow(appender: DuckDBAppender, record: PathRecord): void {
  if (!record.liquidationRisk) return;
  appender.appendInteger(record.cell);
  appender.appendInteger(record.path);
  appender.appendVarchar(JSON.stringify(record.liquidationRisk));
  appender.endRow();
}

/**
 * Attaches stored reports to `records` (matched by cell and path) from rows of the table.
 *
 * @example attachLiquidationRisk(records, rows);
 */
export function attachLiquidationRisk(records: PathRecord[], rows: readonly Record<string, unknown>[]): void {
  const byKey = new Map(records.map((record) => [`${record.cell}:${record.path}`, record]));
  for (const row of rows) {
    const record = byKey.get(`${Number(row.cell)}:${Number(row.path)}`);
    if (record) record.liquidationRisk = JSON.parse(String(row.report)) as LiquidationRiskReport;
  }
}
