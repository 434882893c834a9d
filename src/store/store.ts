/**
 * The results store: batches and their paths in one DuckDB file (`cascade.duckdb` by default).
 * Tables and columns are described in ./schema.ts and docs/store.md. Every write is a DuckDB
 * transaction, made durable by DuckDB's write-ahead log: after a crash (even SIGKILL) the file
 * opens with every committed {@link ResultsStore.writePaths} call and nothing of an unfinished one.
 * One process at a time may open a file for writing (DuckDB locks it); a store opened `shared` closes the file
 * between calls so that others can open it meanwhile. A process writing a batch is recorded as its owner, with a
 * heartbeat, so a batch whose owner died reads as 'interrupted'.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PathFailure } from '../analysis/batch/path-runner.js';
import type { PathRecord } from '../analysis/batch/types.js';
import { InvariantError, UsageError } from '../kernel/errors.js';
import { batchFromRow, planDifferences } from './batch-rows.js';
import { cellSummaries } from './cell-summaries.js';
import type {
  BeginBatchResult,
  CellSummary,
  DonePaths,
  StoreConnector,
  StoredBatch,
  StoredBatchPlan,
  StoredFailure,
  StoreTables,
} from './types.js';
import { writePathsTransaction } from './write-paths.js';
import { insertFailures, readFailures } from './failed-paths.js';
import { reason } from './store-lock.js';
import { readDonePaths, readPathRecords, requireInPlan } from './read-paths.js';
import { writeBatchParquet } from './export-parquet.js';

import { beginOwnedBatch, readOwners, writeHeartbeat } from './owner-rows.js';
import { HEARTBEAT_INTERVAL_MS, type BatchOwner } from './batch-owner.js';

export { reason };

/**
 * An open results store; see {@link openStore}. Calls on one store run one at a time, in call order.
 *
 * @example
 * const store = await openStore('cascade.duckdb');
 * const { batch } = await store.beginBatch(plan);
 * const done = await store.donePaths(plan.id);
 * await store.writePaths(plan.id, records.filter((r) => !done.has(r.cell, r.path)));
 * await store.completeBatch(plan.id);
 * await store.close();
 */
export class ResultsStore {
  /** Tail of the queue that runs calls one at a time on the single connection. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Calls queued or under way; the connection is released when it falls to 0. */
  private pending = 0;
  /** The connection while a call is under way (or always, for a store that is not shared). */
  private current: DuckDBConnection | undefined;
  /** Heartbeat timers of the batches this store began, by id. */
  private readonly heartbeats = new Map<string, NodeJS.Timeout>();
  private readonly hasFailures: boolean;
  private readonly hasLiquidationRisk: boolean;
  private readonly hasOwners: boolean;

  constructor(
    /** The database file. */
    readonly file: string,
    private readonly connector: StoreConnector,
    readonly readOnly: boolean,
    /** Which of the later tables the file has (all of them, once opened for writing). */
    tables: StoreTables,
  ) {
    this.hasFailures = tables.hasFailures;
    this.hasLiquidationRisk = tables.hasLiquidationRisk;
    this.hasOwners = tables.hasOwners;
  }

  /** The connection of the call under way. */
  private get connection(): DuckDBConnection {
    if (this.current === undefined) throw new InvariantError(`store: ${this.file} is not open (call outside serial)`);
    return this.current;
  }

  /**
   * Runs `task` after every earlier call has finished (a transaction must not interleave with others), on the
   * connection; when no call is left, releases the connection (a shared store closes the file).
   */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const step = async () => {
      try {
        this.current = await this.connector.acquire();
        return await task();
      } finally {
        this.pending -= 1;
        if (this.pending === 0) {
          this.connector.release();
          this.current = undefined;
        }
      }
    };
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async rows(sql: string, values: (string | number)[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS();
  }

  private async readBatch(id: string): Promise<StoredBatch | undefined> {
    const [row] = await this.rows('SELECT * FROM batches WHERE id = $1', [id]);
    if (row === undefined) return undefined;
    const [{ n }] = await this.rows('SELECT count(*) AS n FROM paths WHERE batch_id = $1', [id]);
    const failed = this.hasFailures
      ? Number((await this.rows('SELECT count(*) AS n FROM failed_paths WHERE batch_id = $1', [id]))[0].n)
      : 0;
    const owner = this.hasOwners ? (await readOwners(this.connection, id)).get(id) : undefined;
    return batchFromRow(row, Number(n), failed, owner);
  }

  private async requireBatch(id: string): Promise<StoredBatch> {
    const batch = await this.readBatch(id);
    if (batch === undefined)
      throw new UsageError(
        `no batch "${id}" in ${this.file}; run \`cascade runs --db ${this.file}\` to list the stored batch ids`,
      );
    return batch;
  }

  /**
   * Creates the batch `plan.id` (status 'running'), or resumes it when it exists with the same
   * plan (see planDifferences); throws a UsageError naming the differences when the plan differs, and one naming the
   * owner when another live process is writing the batch. This process is recorded as the batch's owner and keeps a
   * heartbeat every {@link HEARTBEAT_INTERVAL_MS} until {@link completeBatch} or {@link close}.
   *
   * @example const { resumed } = await store.beginBatch(plan);
   */
  beginBatch(plan: StoredBatchPlan): Promise<BeginBatchResult> {
    return this.serial(async () => {
      if (this.readOnly) throw new UsageError(`${this.file}: opened read-only; cannot begin batch "${plan.id}"`);
      const existing = await this.readBatch(plan.id);
      if (existing !== undefined) {
        const differences = planDifferences(existing.plan, plan);
        if (differences.length > 0) {
          throw new UsageError(
            `batch "${plan.id}" already exists in ${this.file} with a different plan (${differences.join('; ')}); ` +
              'give another id, or another --db file, to run this plan',
          );
        }
      }
      const owner = await beginOwnedBatch(this.connection, this.file, plan, existing);
      if (owner !== undefined) this.startHeartbeat(plan.id, owner);
      return existing !== undefined
        ? { resumed: true, batch: existing }
        : { resumed: false, batch: await this.requireBatch(plan.id) };
    });
  }

  /** Refreshes the heartbeat of batch `batchId` every HEARTBEAT_INTERVAL_MS (a failed beat is retried next time). */
  private startHeartbeat(batchId: string, owner: BatchOwner): void {
    this.stopHeartbeat(batchId);
    const timer = setInterval(() => {
      this.serial(() => writeHeartbeat(this.connection, batchId, owner)).catch(() => undefined);
    }, HEARTBEAT_INTERVAL_MS);
    timer.unref();
    this.heartbeats.set(batchId, timer);
  }

  private stopHeartbeat(batchId: string): void {
    clearInterval(this.heartbeats.get(batchId));
    this.heartbeats.delete(batchId);
  }

  /**
   * The (cell, path) pairs of batch `batchId` already stored, finished or failed; a resumed run skips them (a failed
   * path would fail again: same plan, same seed).
   *
   * @example const done = await store.donePaths('mc-1'); done.has(0, 17);
   */
  donePaths(batchId: string): Promise<DonePaths> {
    return this.serial(() => readDonePaths(this.connection, batchId, this.hasFailures));
  }

  /**
   * Stores `records` of batch `batchId` in ONE transaction: all of them or, on any error or crash,
   * none. Records whose (cell, path) is already stored, or repeated within the call, are skipped
   * (the first one of the call wins). Throws an InvariantError for a record outside the plan, a
   * non-integer count or a non-finite value. Returns how many records were newly stored.
   *
   * @example const added = await store.writePaths('mc-1', records);
   */
  writePaths(batchId: string, records: readonly PathRecord[]): Promise<number> {
    return this.serial(async () => {
      const { plan } = await this.requireBatch(batchId);
      const seen = new Set<string>();
      const distinct = records.filter((record) => {
        requireInPlan(batchId, plan, record.cell, record.path);
        const key = `${record.cell}:${record.path}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (distinct.length === 0) return 0;
      try {
        return await writePathsTransaction(this.connection, batchId, distinct);
      } catch (error) {
        throw new InvariantError(
          `store: could not write ${distinct.length} paths of batch "${batchId}" to ${this.file}; none were stored: ${reason(error)}`,
        );
      }
    });
  }

  /**
   * Stores paths of batch `batchId` that threw (their seed, cell parameters, error class and message), in one
   * transaction; a path already stored, finished or failed, is skipped. Throws an InvariantError for a path outside
   * the plan. Returns how many were newly stored.
   *
   * @example await store.writeFailures('mc-1', [{ cell: 0, path: 17, seed: 123, name: 'InvariantError', message: '…' }]);
   */
  writeFailures(batchId: string, failures: readonly PathFailure[]): Promise<number> {
    return this.serial(async () => {
      const { plan } = await this.requireBatch(batchId);
      for (const f of failures) requireInPlan(batchId, plan, f.cell, f.path);
      if (failures.length === 0) return 0;
      try {
        return await insertFailures(this.connection, batchId, plan, failures);
      } catch (error) {
        throw new InvariantError(
          `store: could not write ${failures.length} failed paths of batch "${batchId}" to ${this.file}; none were stored: ${reason(error)}`,
        );
      }
    });
  }

  /**
   * The failed paths of batch `batchId` in (cell, path) order; empty when none failed.
   *
   * @example for (const f of await store.failedPaths('mc-1')) console.log(f.seed, f.message);
   */
  failedPaths(batchId: string): Promise<StoredFailure[]> {
    return this.serial(async () => {
      await this.requireBatch(batchId);
      if (!this.hasFailures) return [];
      return readFailures(this.connection, batchId);
    });
  }

  /**
   * Marks batch `batchId` complete (shown as such by `cascade runs`).
   *
   * @example await store.completeBatch('mc-1');
   */
  completeBatch(batchId: string): Promise<void> {
    this.stopHeartbeat(batchId);
    return this.serial(async () => {
      await this.requireBatch(batchId);
      await this.connection.run("UPDATE batches SET status = 'complete' WHERE id = $1", [batchId]);
    });
  }

  /**
   * Every stored batch, oldest first (by creation time, then id).
   *
   * @example for (const b of await store.listBatches()) console.log(b.plan.id, b.status);
   */
  listBatches(): Promise<StoredBatch[]> {
    return this.serial(async () => {
      const countsOf = async (table: string) =>
        new Map(
          (await this.rows(`SELECT batch_id, count(*) AS n FROM ${table} GROUP BY batch_id`)).map((row) => [
            String(row.batch_id),
            Number(row.n),
          ]),
        );
      const counts = await countsOf('paths');
      const failed = this.hasFailures ? await countsOf('failed_paths') : new Map<string, number>();
      const owners = this.hasOwners ? await readOwners(this.connection) : new Map<string, BatchOwner>();
      const rows = await this.rows('SELECT * FROM batches ORDER BY created_at, id');
      const now = Date.now();
      return rows.map((row) => {
        const id = String(row.id);
        return batchFromRow(row, counts.get(id) ?? 0, failed.get(id) ?? 0, owners.get(id), now);
      });
    });
  }

  /**
   * Batch `batchId`, or undefined when there is none.
   *
   * @example (await store.batch('mc-1'))?.status; // 'complete'
   */
  batch(batchId: string): Promise<StoredBatch | undefined> {
    return this.serial(() => this.readBatch(batchId));
  }

  /**
   * The stored paths of batch `batchId` in (cell, path) order; with `{ series: true }` each record
   * also carries its stored series (sorted by name), if any. Throws a UsageError for an unknown id.
   *
   * @example const records = await store.paths('mc-1');
   */
  paths(batchId: string, options: { series?: boolean } = {}): Promise<PathRecord[]> {
    return this.serial(async () => {
      await this.requireBatch(batchId);
      return readPathRecords(this.connection, batchId, {
        hasLiquidationRisk: this.hasLiquidationRisk,
        series: options.series === true,
      });
    });
  }

  /**
   * Mean, min and max of every scalar metric per cell of batch `batchId`, in cell order.
   *
   * @example (await store.cellSummaries('mc-1'))[0].metrics.badDebtUsd.mean;
   */
  cellSummaries(batchId: string): Promise<CellSummary[]> {
    return this.serial(async () =>
      cellSummaries(this.connection, batchId, (await this.requireBatch(batchId)).plan.cells),
    );
  }

  /**
   * Writes the `paths` rows of batch `batchId` ((cell, path) order) to a Parquet file, through a temporary file
   * beside it renamed into place, so `file` is never seen half-written. The file's key-value metadata records the
   * batch as read at the export: `cascade_batch_id`, `cascade_batch_status` ('complete', or 'running'/'interrupted'
   * for a partial export), `cascade_paths_done`, `cascade_paths_failed`, `cascade_paths_planned`. Returns that batch.
   * A file-system failure is a CascadeError naming `file` and the reason; nothing is left behind.
   *
   * @example const batch = await store.exportParquet('mc-1', 'out/mc-1.parquet');
   */
  exportParquet(batchId: string, file: string): Promise<StoredBatch> {
    return this.serial(async () => {
      const batch = await this.requireBatch(batchId);
      await writeBatchParquet(this.connection, batch, file);
      return batch;
    });
  }

  /**
   * Waits for pending calls, then closes the file (DuckDB checkpoints its write-ahead log into it).
   *
   * @example await store.close();
   */
  async close(): Promise<void> {
    for (const id of [...this.heartbeats.keys()]) this.stopHeartbeat(id);
    await this.queue;
    this.connector.close();
  }
}
