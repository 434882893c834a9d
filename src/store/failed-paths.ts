/**
 * Reading and writing `failed_paths`: the paths of a batch that threw instead of finishing (see ./schema.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PathFailure } from '../analysis/batch/path-runner.js';
import type { StoredBatchPlan, StoredFailure } from './types.js';

/** One failed path, unless the path is already stored (finished or failed). */
const INSERT_FAILURE = `INSERT INTO failed_paths
  SELECT $1, $2, $3, $4, $5, $6, $7
  WHERE NOT EXISTS (SELECT 1 FROM paths WHERE batch_id = $1 AND cell = $2 AND path = $3)
  ON CONFLICT DO NOTHING`;

/**
 * Stores `failures` of batch `batchId` (paths within `plan`) in one transaction, each with its cell's parameters;
 * paths already stored are skipped. Any error rolls the whole call back. Returns how many were new.
 *
 * @example const added = await insertFailures(connection, 'mc-1', plan, failures);
 */
export async function insertFailures(
  connection: DuckDBConnection,
  batchId: string,
  plan: StoredBatchPlan,
  failures: readonly PathFailure[],
): Promise<number> {
  const parameters = new Map(plan.cells.map((c) => [c.cell, JSON.stringify(c.parameters)]));
  let added = 0;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const f of failures) {
      const result = await connection.run(INSERT_FAILURE, [
        batchId,
        f.cell,
        f.path,
        f.seed,
        parameters.get(f.cell) ?? '{}',
        f.name,
        f.message,
      ]);
      added += Number(result.rowsChanged);
    }
    await connection.run('COMMIT');
    return added;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The failed paths of batch `batchId` in (cell, path) order.
 *
 * @example const failures = await readFailures(connection, 'mc-1');
 */
export async function readFailures(connection: DuckDBConnection, batchId: string): Promise<StoredFailure[]> {
  const rows = (
    await connection.runAndReadAll('SELECT * FROM failed_paths WHERE batch_id = $1 ORDER BY cell, path', [batchId])
  ).getRowObjectsJS();
  return rows.map((row) => ({
    cell: Number(row.cell),
    path: Number(row.path),
    seed: Number(row.seed),
    parameters: JSON.parse(String(row.parameters)) as StoredFailure['parameters'],
    name: String(row.error),
    message: String(row.message),
  }));
}
