// Opening a results store file: creating, checking, and naming the file in every refusal.
import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UsageError } from '../kernel/errors.js';
import { createTableStatements, missingMetricColumns } from './schema.js';
import { prepareStaging } from './write-paths.js';
import { ResultsStore } from './store.js';
import type { StoreConnector, StoreTables } from './types.js';
import { BATCH_OWNERS_TABLE } from './batch-owner.js';
import { openDuckDb, othersWaiting, storeWaitMs } from './store-lock.js';
import { LIQUIDATION_RISK_TABLE } from './liquidation-risk-table.js';

/**
 * How to open a store.
 *
 * @example await openStore('cascade.duckdb', { readOnly: true });
 */
export interface OpenStoreOptions {
  /** Open an existing file for reading only: never creates it, and may run beside other readers. */
  readOnly?: boolean;
  /**
   * Yield the file to other processes between calls: when another process is waiting to open it (readers such as
   * `cascade runs`, or other writers), close it as soon as no call is under way (checked at the end of each call and
   * every {@link YIELD_CHECK_MS} while idle) and reopen it at the next call. Costs nothing while nobody waits; each
   * yield costs a checkpoint and a reopening. Default false: held until {@link ResultsStore.close}.
   */
  shared?: boolean;
  /** Longest wait for a file another process holds, milliseconds; default {@link storeWaitMs}. */
  waitMs?: number;
  /**
   * DuckDB threads of this process's connection to the file (`SET threads`, at each opening); default DuckDB's (one
   * per core). One suits a process that only appends batches of rows while other processes use the cores (the
   * collector of a `--queue` batch: about 15% less CPU per stored path than DuckDB's default on 2 cores).
   */
  threads?: number;
}

/** How often an idle shared store checks whether another process waits for its file, milliseconds. */
export const YIELD_CHECK_MS = 250;

/** A connector over `file`; `open` is the instance opened (and checked) by openStore. */
function connector(
  file: string,
  readOnly: boolean,
  shared: boolean,
  waitMs: number,
  threads: number | undefined,
  open: { instance: DuckDBInstance; connection: DuckDBConnection } | undefined,
): StoreConnector {
  let current = open;
  let idleWatch: NodeJS.Timeout | undefined;
  const stopWatch = () => {
    clearInterval(idleWatch);
    idleWatch = undefined;
  };
  const close = () => {
    stopWatch();
    if (current === undefined) return;
    current.connection.closeSync();
    current.instance.closeSync();
    current = undefined;
  };
  const yieldIfWaited = () => {
    if (othersWaiting(file)) close();
  };
  return {
    async acquire() {
      stopWatch();
      if (current !== undefined) return current.connection;
      const instance = await openDuckDb(file, readOnly, waitMs);
      const connection = await instance.connect();
      await limitThreads(connection, threads);
      if (!readOnly) await prepareStaging(connection);
      current = { instance, connection };
      return connection;
    },
    release: () => {
      if (!shared || current === undefined) return;
      yieldIfWaited();
      if (current !== undefined && idleWatch === undefined) {
        idleWatch = setInterval(yieldIfWaited, YIELD_CHECK_MS);
        idleWatch.unref();
      }
    },
    close,
  };
}

/** `SET threads` on `connection` when `threads` is given (a positive integer: checked by the caller's types). */
async function limitThreads(connection: DuckDBConnection, threads: number | undefined): Promise<void> {
  if (threads !== undefined) await connection.run(`SET threads = ${Math.max(1, Math.floor(threads))}`);
}

/**
 * Opens (read-write: creating if missing) the results store in `file`. When another process holds the file, waits
 * for it (at most `options.waitMs`), then throws a CascadeError naming the holder. Throws a UsageError naming the
 * file when it is missing (read-only), not a DuckDB file, or not a Cascade results store.
 *
 * @example
 * const store = await openStore('cascade.duckdb');
 * try { console.log(await store.listBatches()); } finally { await store.close(); }
 */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<ResultsStore> {
  const readOnly = options.readOnly === true;
  const shared = options.shared === true;
  const waitMs = options.waitMs ?? storeWaitMs();
  if (readOnly && !existsSync(file))
    throw new UsageError(`${file}: no results store there (it is created by the first stored batch)`);
  const instance = await openDuckDb(file, readOnly, waitMs);
  const connection = await instance.connect();
  let tables: StoreTables;
  try {
    await limitThreads(connection, options.threads);
    tables = await initialise(connection, file, readOnly);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  const connect = connector(file, readOnly, shared, waitMs, options.threads, { instance, connection });
  connect.release();
  return new ResultsStore(file, connect, readOnly, tables);
}

/**
 * Creates missing tables (read-write), then checks the file is a results store of this version. Returns whether it
 * has the `failed_paths`, `path_liquidation_risk` and `batch_owners` tables (a file written before them and opened
 * read-only has none: no path failed, no path carries a report, no batch has a recorded owner).
 */
async function initialise(connection: DuckDBConnection, file: string, readOnly: boolean): Promise<StoreTables> {
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
    !['batches', 'paths', 'series', 'failed_paths', LIQUIDATION_RISK_TABLE, BATCH_OWNERS_TABLE].every((name) =>
      tables.has(name),
    )
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
  return {
    hasFailures: tables.has('failed_paths'),
    hasLiquidationRisk: tables.has(LIQUIDATION_RISK_TABLE),
    hasOwners: tables.has(BATCH_OWNERS_TABLE),
  };
}
