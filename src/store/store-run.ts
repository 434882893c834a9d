/**
 * Storing one `cascade run` as a batch of kind 'run': one cell without parameters, one path whose
 * seed is the run's seed.
 */
import { createHash } from 'node:crypto';
import type { PathSeries } from '../analysis/batch/types.js';
import type { RunResult } from '../analysis/result.js';
import type { ResultsStore } from './store.js';
import type { StoredBatchPlan } from './types.js';

/**
 * What {@link storeRun} stores.
 *
 * @example const input: StoreRunInput = { scenarioFile: 'scenarios/gbm-day.yaml', scenarioJson: JSON.stringify(loaded.scenario), result };
 */
export interface StoreRunInput {
  /** Batch id; default `run-` + the first 12 hex digits of SHA-256 of scenarioJson and the seed. */
  id?: string;
  scenarioFile: string;
  /** The scenario after `--set` overrides as JSON, e.g. JSON.stringify(loadScenario(...).scenario). */
  scenarioJson: string;
  result: RunResult;
  /** Downsampled price series to keep with the path, if any. */
  series?: PathSeries[];
  /** ISO creation time; default now (wall clock, never used by the model). */
  createdAt?: string;
}

/**
 * The default id of a stored run: the same scenario and seed always give the same id.
 *
 * @example runBatchId('{"name":"x"}', 42); // 'run-' + 12 hex digits
 */
export function runBatchId(scenarioJson: string, seed: number): string {
  return `run-${createHash('sha256').update(`${scenarioJson}\n${seed}`).digest('hex').slice(0, 12)}`;
}

/**
 * Stores one run as a complete batch of kind 'run'. Storing the same run (same id and plan) again
 * writes nothing; the same id with another scenario or seed throws a UsageError.
 *
 * @example
 * const store = await openStore('cascade.duckdb');
 * const { id } = await storeRun(store, { scenarioFile, scenarioJson: JSON.stringify(loaded.scenario), result });
 * await store.close();
 */
export async function storeRun(store: ResultsStore, input: StoreRunInput): Promise<{ id: string; added: boolean }> {
  const { result } = input;
  const plan: StoredBatchPlan = {
    id: input.id ?? runBatchId(input.scenarioJson, result.seed),
    kind: 'run',
    scenario: result.scenario,
    scenarioFile: input.scenarioFile,
    scenarioJson: input.scenarioJson,
    masterSeed: result.seed,
    paths: 1,
    cells: [{ cell: 0, parameters: {} }],
    createdAt: input.createdAt ?? new Date().toISOString(),
  };
  await store.beginBatch(plan);
  const record = {
    cell: 0,
    path: 0,
    seed: result.seed,
    parameters: {},
    metrics: result.metrics,
    ...(result.liquidationRisk ? { liquidationRisk: result.liquidationRisk } : {}),
    ...(input.series ? { series: input.series } : {}),
  };
  const added = await store.writePaths(plan.id, [record]);
  await store.completeBatch(plan.id);
  return { id: plan.id, added: added === 1 };
}
