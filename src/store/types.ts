/**
 * Shapes the results store reads and writes, on top of the shared batch types.
 */
import type { PathFailure } from '../analysis/batch/path-runner.js';
import type { BatchKind, BatchPlan, CellParameters } from '../analysis/batch/types.js';
import type { ScalarMetricName } from './metric-columns.js';
import type { BatchOwner } from './batch-owner.js';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Kind of a stored batch: a runner's batch kinds, plus 'run' for one stored `cascade run`.
 *
 * @example const kind: StoredBatchKind = 'run';
 */
export type StoredBatchKind = BatchKind | 'run';

/**
 * A batch plan as stored: a {@link BatchPlan}, whose kind may also be 'run'.
 *
 * @example const plan: StoredBatchPlan = { ...batchPlan, kind: 'run' };
 */
export interface StoredBatchPlan extends Omit<BatchPlan, 'kind'> {
  kind: StoredBatchKind;
}

/**
 * 'running' from {@link ResultsStore.beginBatch} until {@link ResultsStore.completeBatch} while the process that
 * began it lives; 'interrupted' when it died before completing the batch (killed, crashed, stopped with Ctrl-C):
 * the same command resumes it.
 *
 * @example const status: BatchStatus = 'complete';
 */
export type BatchStatus = 'running' | 'interrupted' | 'complete';

/**
 * One stored batch: its plan, status and progress.
 *
 * @example `${batch.pathsDone}/${batch.pathsPlanned}`; // '250/1000'
 */
export interface StoredBatch {
  plan: StoredBatchPlan;
  status: BatchStatus;
  /** The process that began (or last resumed) the batch, when recorded (not by a Cascade older than the record). */
  owner?: BatchOwner;
  /** Paths stored so far, over all cells. */
  pathsDone: number;
  /** Paths that threw instead of finishing, over all cells (see {@link StoredFailure}); done as well, never rerun. */
  pathsFailed: number;
  /** plan.paths × plan.cells.length. */
  pathsPlanned: number;
}

/**
 * What {@link ResultsStore.beginBatch} found: a new batch, or an existing one with the same plan.
 *
 * @example const { resumed, batch } = await store.beginBatch(plan);
 */
export interface BeginBatchResult {
  /** True when the id existed already (with the same plan); its stored paths are kept. */
  resumed: boolean;
  batch: StoredBatch;
}

/**
 * A path of a stored batch that threw instead of finishing: where it is, its seed, its cell's parameters and the error.
 *
 * @example `cascade run scenario.yaml --seed ${failure.seed}`; // runs it alone
 */
export interface StoredFailure extends PathFailure {
  parameters: CellParameters;
}

/**
 * The (cell, path) pairs already stored (finished or failed) for a batch, for resuming.
 *
 * @example if (!done.has(cell, path)) runPath(cell, path);
 */
export interface DonePaths {
  readonly size: number;
  has(cell: number, path: number): boolean;
}

/**
 * Mean, minimum and maximum of one metric over a cell's stored paths; all null when no path has a
 * value (`count` is the number of non-null values, less than the paths only for a nullable metric).
 *
 * @example stats.mean; // 1234.5
 */
export interface MetricStats {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Per-metric statistics of one cell of a batch.
 *
 * @example summary.metrics.badDebtUsd.max;
 */
export interface CellSummary {
  cell: number;
  parameters: CellParameters;
  /** Paths of this cell stored so far. */
  paths: number;
  metrics: Record<ScalarMetricName, MetricStats>;
}

/**
 * The DuckDB connection of a store: opened once and held, or (shared) opened on demand and closed when released.
 *
 * @example const connection = await connector.acquire(); try { … } finally { connector.release(); }
 */
export interface StoreConnector {
  /** The connection, opening the file first when it is not open. */
  acquire(): Promise<DuckDBConnection>;
  /** Called when no call is under way: a shared store yields the file to a waiting process (now or while idle). */
  release(): void;
  /** Closes the file if open. */
  close(): void;
}

/** Which of the tables added after the first version a store file has (a file opened for writing has them all). */
export interface StoreTables {
  hasFailures: boolean;
  hasLiquidationRisk: boolean;
  hasOwners: boolean;
}
