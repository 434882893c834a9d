/**
 * The results store (DuckDB): batches, their paths and optional series. See docs/store.md.
 *
 * @example
 * import { openStore } from '../store/index.js';
 * const store = await openStore('cascade.duckdb');
 */
export { ResultsStore } from './store.js';
export { openStore, type OpenStoreOptions } from './open-store.js';
export { storeRun, runBatchId, type StoreRunInput } from './store-run.js';
export {
  METRIC_COLUMN_SPECS,
  SCALAR_METRIC_NAMES,
  LIST_METRIC_NAMES,
  metricUnit,
  type MetricUnit,
  type ScalarMetricName,
} from './metric-columns.js';
export { STORED_BATCH_KINDS } from './schema.js';
export { DEFAULT_STORE_FILE, defaultStoreFile, openStoreForReading, requireStoredBatch } from './cli-access.js';
export type {
  BatchStatus,
  BeginBatchResult,
  CellSummary,
  DonePaths,
  MetricStats,
  StoredBatch,
  StoredBatchKind,
  StoredBatchPlan,
  StoredFailure,
} from './types.js';
