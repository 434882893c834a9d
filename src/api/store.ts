// The results store for library users: the DuckDB file `cascade run`, `mc`, `sweep` and `frontier` record into.
import type { ResultsStore } from '../store/store.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { RunResult } from '../analysis/result.js';

/**
 * Options of {@link openResultsStore}.
 *
 * @example const options: OpenResultsStoreOptions = { readOnly: true };
 */
export interface OpenResultsStoreOptions {
  /** Open an existing store for reading only (never creates it; may run beside other readers). Default false. */
  readOnly?: boolean;
}

/**
 * Opens the results store in `file` (DuckDB; created when missing unless `readOnly`). Read its batches with
 * `listBatches()`, `batch(id)`, `paths(id)`, `cellSummaries(id)`, `failedPaths(id)`; close it with `close()`.
 * Throws UsageError naming the file when it is missing (read-only), locked by another process, or not a store.
 *
 * @example
 * const store = await openResultsStore('cascade.duckdb', { readOnly: true });
 * try {
 *   for (const batch of await store.listBatches()) console.log(batch.id, batch.status);
 * } finally {
 *   await store.close();
 * }
 */
export async function openResultsStore(file: string, options: OpenResultsStoreOptions = {}): Promise<ResultsStore> {
  const { openStore } = await import('../store/open-store.js');
  return openStore(file, { readOnly: options.readOnly === true });
}

/**
 * Records a run in a store opened read-write, as `cascade run` does: a complete batch of kind `run` with one path,
 * whose id is derived from the scenario and the seed (the same run stored twice is kept once). Returns the id and
 * whether it was added.
 *
 * @example
 * const store = await openResultsStore('results.duckdb');
 * const { id } = await storeRunResult(store, loaded, await runScenario(loaded));
 * await store.close();
 */
export async function storeRunResult(
  store: ResultsStore,
  loaded: LoadedScenario,
  result: RunResult,
): Promise<{ id: string; added: boolean }> {
  const { storeRun } = await import('../store/store-run.js');
  return storeRun(store, { scenarioFile: loaded.file, scenarioJson: JSON.stringify(loaded.scenario), result });
}
