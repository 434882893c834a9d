/**
 * Writing one batch's `paths` rows to a Parquet file (`cascade export --parquet`), with the batch's state at the export
 * recorded in the file's key-value metadata so a partial export can be told from a complete one.
 */
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CascadeError } from '../kernel/errors.js';
import { fileSystemReason } from './file-errors.js';
import { reason } from './store-lock.js';
import type { StoredBatch } from './types.js';

/** A SQL string literal (for COPY, which takes no bound parameters). */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The Parquet key-value metadata recording `batch` as read at the export.
 *
 * @example parquetMetadata(batch).cascade_batch_status; // 'complete'
 */
export function parquetMetadata(batch: StoredBatch): Record<string, string> {
  return {
    cascade_batch_id: batch.plan.id,
    cascade_batch_status: batch.status,
    cascade_paths_done: String(batch.pathsDone),
    cascade_paths_failed: String(batch.pathsFailed),
    cascade_paths_planned: String(batch.pathsPlanned),
  };
}

/**
 * Writes the `paths` rows of `batch` ((cell, path) order) to `file` through a temporary file beside it renamed into
 * place, so `file` is never seen half-written; the metadata is {@link parquetMetadata}. A file-system failure is a
 * CascadeError naming `file` and the reason; nothing is left behind.
 *
 * @example await writeBatchParquet(connection, batch, 'out/mc-1.parquet');
 */
export async function writeBatchParquet(connection: DuckDBConnection, batch: StoredBatch, file: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.cascade-tmp-${process.pid}.parquet`);
  const kv = Object.entries(parquetMetadata(batch))
    .map(([key, value]) => `${key}: ${sqlString(value)}`)
    .join(', ');
  try {
    // Probe the target with Node first: its errors carry a code (ENAMETOOLONG, EACCES, …) that DuckDB's do not.
    closeSync(openSync(temporary, 'w'));
    await connection.run(
      `COPY (SELECT * FROM paths WHERE batch_id = ${sqlString(batch.plan.id)} ORDER BY cell, path) TO ${sqlString(temporary)} (FORMAT parquet, KV_METADATA {${kv}})`,
    );
    renameSync(temporary, file);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The temporary could not be made either (same path problem): nothing to remove.
    }
    const why = (error as NodeJS.ErrnoException).code === undefined ? reason(error) : fileSystemReason(error);
    throw new CascadeError(`--parquet ${file}: cannot write the Parquet file: ${why}`);
  }
}
