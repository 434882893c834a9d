// Opening a results store file: creating, checking, and naming the file in every refusal.
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../kernel/errors.js';
import { createTableStatements, missingMetricColumns } from './schema.js';
import { prepareStaging } from './write-paths.js';
import { reason, ResultsStore } from './store.js';
import { LIQUIDATION_RISK_TABLE } from './liquidation-risk-table.js';

/**
 * How to open a store.
 *
 * @example await openStore('cascade.duckdb', { readOnly: true });
 */
export interface OpenStoreOptions {
  /** Open an existing file for reading only: never creates it, and may run beside other readers. */
  readOnly?: boolean;
}

/**
 * Opens (read-write: creating if missing) the results store in `file`.
 * Throws a UsageError naming the file when it is missing (read-only), locked by another process,
 * not a DuckDB file, or not a Cascade results store.
 *
 * @example
 * const store = await openStore('cascade.duckdb');
 * try { console.log(await store.listBatches()); } finally { await store.close(); }
 */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<ResultsStore> {
  const readOnly = options.readOnly === true;
  if (readOnly && !existsSync(file))
    throw new UsageError(`${file}: no results store there (it is created by the first stored batch)`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    const why = reason(error);
    const hint = /lock/i.test(why) ? ' (another cascade process has it open for writing; wait for it to finish)' : '';
    throw new UsageError(`${file}: cannot open the results store${hint}: ${why}`);
  }
  const connection = await instance.connect();
  let tables: { hasFailures: boolean; hasLiquidationRisk: boolean };
  try {
    tables = await initialise(connection, file, readOnly);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return new ResultsStore(file, instance, connection, readOnly, tables.hasFailures, tables.hasLiquidationRisk);
}

/**
 * Creates missing tables (read-write), then checks the file is a results store of this version. Returns whether it
 * has the `failed_paths` and `path_liquidation_risk` tables (a file written before them and opened read-only has
 * none: no path failed, no path carries a report).
 */
async function initialise(
  connection: DuckDBConnection,
  file: string,
  readOnly: boolean,
): Promise<{ hasFailures: boolean; hasLiquidationRisk: boolean }> {
  const tablesOf = async () =>
    new Set(
      (
        await connection.runAndReadAll(
          "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'",
        )
      )
        .getRowObjectsJS()
        .map((row) => String(row.table_name)),
    );
  let tables = await tablesOf();
  if (
    !readOnly &&
    !['batches', 'paths', 'series', 'failed_paths', LIQUIDATION_RISK_TABLE].every((name) => tables.has(name))
  ) {
    for (const sql of createTableStatements()) await connection.run(sql);
    // Keep the schema in the database file itself rather than only in the write-ahead log.
    await connection.run('CHECKPOINT');
    tables = await tablesOf();
  }
  if (!tables.has('batches') || !tables.has('paths') || !tables.has('series'))
    throw new UsageError(`${file}: not a Cascade results store (no batches, paths and series tables)`);
  const columns = (
    await connection.runAndReadAll(
      "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'paths'",
    )
  ).getRowObjectsJS();
  const missing = missingMetricColumns(columns.map((row) => String(row.column_name)));
  if (missing.length > 0)
    throw new UsageError(
      `${file}: written by an older Cascade (no column for ${missing.join(', ')}); store new batches in another --db file`,
    );
  if (!readOnly) await prepareStaging(connection);
  return { hasFailures: tables.has('failed_paths'), hasLiquidationRisk: tables.has(LIQUIDATION_RISK_TABLE) };
}
