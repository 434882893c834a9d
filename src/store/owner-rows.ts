/**
 * Reading and writing `batch_owners` rows: which process writes a batch, and its heartbeat.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CascadeError } from '../kernel/errors.js';
import { BATCH_OWNERS_TABLE, currentOwner, ownerFromRow, ownerText, type BatchOwner } from './batch-owner.js';
import { planValues } from './batch-rows.js';
import type { StoredBatch, StoredBatchPlan } from './types.js';

/**
 * The recorded owners, by batch id (of batch `batchId` only, when given).
 *
 * @example (await readOwners(connection, 'mc-1')).get('mc-1')?.pid;
 */
export async function readOwners(connection: DuckDBConnection, batchId?: string): Promise<Map<string, BatchOwner>> {
  const where = batchId === undefined ? '' : ' WHERE batch_id = $1';
  const rows = (
    await connection.runAndReadAll(
      `SELECT * FROM ${BATCH_OWNERS_TABLE}${where}`,
      batchId === undefined ? [] : [batchId],
    )
  ).getRowObjectsJS();
  return new Map(rows.map((row) => [String(row.batch_id), ownerFromRow(row)]));
}

/** Whether `owner` is this very process. */
function isThisProcess(owner: BatchOwner): boolean {
  const self = currentOwner('');
  return owner.pid === self.pid && owner.host === self.host && owner.processStart === self.processStart;
}

/**
 * In one transaction: creates batch `plan.id` (when `existing` is undefined) and records this process as its owner
 * (unless the batch is complete). Throws a CascadeError (exit code 1) naming the owner when another live process writes
 * the batch.
 * Returns the owner recorded, if any.
 *
 * @example const owner = await beginOwnedBatch(connection, 'cascade.duckdb', plan, existing);
 */
export async function beginOwnedBatch(
  connection: DuckDBConnection,
  file: string,
  plan: StoredBatchPlan,
  existing: StoredBatch | undefined,
): Promise<BatchOwner | undefined> {
  if (existing?.status === 'complete') return undefined;
  const now = new Date();
  if (existing?.status === 'running' && existing.owner && !isThisProcess(existing.owner)) {
    throw new CascadeError(
      `batch "${plan.id}" in ${file} is being written by ${ownerText(existing.owner)}; ` +
        'wait for it to finish (`cascade runs` shows it as running), or give another --id',
    );
  }
  const owner = currentOwner(now.toISOString());
  await connection.run('BEGIN TRANSACTION');
  try {
    if (existing === undefined)
      await connection.run(
        "INSERT INTO batches VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running')",
        planValues(plan),
      );
    await connection.run(`INSERT OR REPLACE INTO ${BATCH_OWNERS_TABLE} VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      plan.id,
      owner.pid,
      owner.host,
      owner.processStart,
      owner.command,
      owner.startedAt,
      owner.heartbeatAt,
    ]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return owner;
}

/**
 * Sets the heartbeat of batch `batchId` to now, if `owner` still owns it.
 *
 * @example await writeHeartbeat(connection, 'mc-1', owner);
 */
export async function writeHeartbeat(connection: DuckDBConnection, batchId: string, owner: BatchOwner): Promise<void> {
  await connection.run(
    `UPDATE ${BATCH_OWNERS_TABLE} SET heartbeat_at = $1 WHERE batch_id = $2 AND pid = $3 AND host = $4`,
    [new Date().toISOString(), batchId, owner.pid, owner.host],
  );
}
