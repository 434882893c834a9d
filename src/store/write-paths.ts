/**
 * One {@link ResultsStore.writePaths} call as one DuckDB transaction: the call's records are
 * appended into TEMP staging tables, the ones already stored are dropped, the rest are copied into
 * `paths` and then their series into `series`, and the transaction commits. Any failure rolls the
 * whole call back, so a crash or an error leaves either every record of the call or none.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { PathRecord } from '../analysis/batch/types.js';
import { LIST_METRIC_NAMES, METRIC_COLUMN_SPECS, quoteIdentifier, SCALAR_METRIC_NAMES } from './metric-columns.js';
import { stagingTableStatements } from './schema.js';
import { appendLiquidationRiskRow, INSERT_LIQUIDATION_RISK } from './liquidation-risk-table.js';

/** Columns of `staging_paths`, quoted, in appender order (also their names in `paths`). */
const STAGED_PATH_COLUMNS = ['cell', 'path', 'seed', 'parameters', ...SCALAR_METRIC_NAMES, ...LIST_METRIC_NAMES]
  .map(quoteIdentifier)
  .join(', ');

const DROP_STORED = `DELETE FROM staging_paths s WHERE EXISTS (SELECT 1 FROM paths p WHERE p.batch_id = $1 AND p.cell = s.cell AND p.path = s.path)`;
const INSERT_PATHS = `INSERT INTO paths (batch_id, ${STAGED_PATH_COLUMNS}) SELECT $1, ${STAGED_PATH_COLUMNS} FROM staging_paths`;
// One staged row per series, its lists as JSON text (the fastest to append from JS); here they are
// cast to DOUBLE[] and unnested into one row per point (parallel unnests zip the lists).
const INSERT_SERIES = `INSERT INTO series (batch_id, cell, path, name, point, time_seconds, value)
  SELECT $1, cell, path, name, unnest(range(len(vals))), unnest(times), unnest(vals)
  FROM (SELECT x.cell, x.path, x.name, x.times::DOUBLE[] AS times, x.vals::DOUBLE[] AS vals FROM staging_series x
        WHERE EXISTS (SELECT 1 FROM staging_paths s WHERE s.cell = x.cell AND s.path = x.path))`;

/**
 * Creates the staging tables of `connection` (once per connection).
 *
 * @example await prepareStaging(connection);
 */
export async function prepareStaging(connection: DuckDBConnection): Promise<void> {
  for (const sql of stagingTableStatements()) await connection.run(sql);
}

/** Appends one record's `paths` row; a non-integer count throws (BigInt of a fraction is a RangeError). */
function appendPathRow(appender: DuckDBAppender, record: PathRecord): void {
  appender.appendInteger(record.cell);
  appender.appendInteger(record.path);
  appender.appendBigInt(BigInt(record.seed));
  appender.appendVarchar(JSON.stringify(record.parameters));
  for (const name of SCALAR_METRIC_NAMES) {
    const value = record.metrics[name];
    if (value === null) appender.appendNull();
    else if (METRIC_COLUMN_SPECS[name].unit === 'count') appender.appendBigInt(BigInt(value));
    else appender.appendDouble(value);
  }
  for (const name of LIST_METRIC_NAMES) appender.appendVarchar(JSON.stringify(record.metrics[name]));
  appender.endRow();
}

/**
 * Appends one row per series of the record: its name and its time and value lists as JSON (a
 * non-finite value becomes `null` there and fails the NOT NULL of `series`, rolling the call back).
 */
function appendSeriesRows(appender: DuckDBAppender, record: PathRecord): void {
  for (const series of record.series ?? []) {
    if (series.timesSeconds.length !== series.values.length) {
      throw new RangeError(
        `series ${series.name} of cell ${record.cell} path ${record.path}: ${series.timesSeconds.length} times but ${series.values.length} values`,
      );
    }
    appender.appendInteger(record.cell);
    appender.appendInteger(record.path);
    appender.appendVarchar(series.name);
    appender.appendVarchar(JSON.stringify(series.timesSeconds));
    appender.appendVarchar(JSON.stringify(series.values));
    appender.endRow();
  }
}

/** Fills `table` (a TEMP staging table) through an appender, closing it even on error. */
async function stage(
  connection: DuckDBConnection,
  table: string,
  records: readonly PathRecord[],
  append: (a: DuckDBAppender, r: PathRecord) => void,
): Promise<void> {
  const appender = await connection.createAppender(table, 'main', 'temp');
  try {
    for (const record of records) append(appender, record);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * Stores the records of `batchId` not stored yet, in one transaction; returns how many were new.
 * Records must be distinct by (cell, path); the caller removes duplicates within the call.
 *
 * @example const added = await writePathsTransaction(connection, 'mc-1', records);
 */
export async function writePathsTransaction(
  connection: DuckDBConnection,
  batchId: string,
  records: readonly PathRecord[],
): Promise<number> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run('DELETE FROM staging_paths');
    await connection.run('DELETE FROM staging_series');
    await connection.run('DELETE FROM staging_liquidation_risk');
    await stage(connection, 'staging_paths', records, appendPathRow);
    await stage(connection, 'staging_series', records, appendSeriesRows);
    await stage(connection, 'staging_liquidation_risk', records, appendLiquidationRiskRow);
    await connection.run(DROP_STORED, [batchId]);
    const inserted = await connection.run(INSERT_PATHS, [batchId]);
    await connection.run(INSERT_SERIES, [batchId]);
    await connection.run(INSERT_LIQUIDATION_RISK, [batchId]);
    await connection.run('COMMIT');
    return Number(inserted.rowsChanged);
  } catch (error) {
    // Report the failure that stopped the call, not a rollback error it may have caused.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
