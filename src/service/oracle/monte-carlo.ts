// Monte Carlo on the live-state scenario: one cell of a batch on the worker pool (src/analysis/batch/run-batch.ts),
// the way `cascade mc` runs, with the paths kept in memory rather than in a results store.
import { createHash } from 'node:crypto';
import { runBatch } from '../../analysis/batch/run-batch.js';
import { SEED_SCHEME } from '../../analysis/batch/seeds.js';
import type { BatchPlan, CellParameters, PathRecord } from '../../analysis/batch/types.js';
import { riskSummary, type CellRiskSummary } from '../../analysis/risk/index.js';
import { CascadeError } from '../../kernel/errors.js';
import type { LiveScenario } from './live-scenario.js';

/** What one live Monte Carlo batch is asked for. */
export interface LiveBatchRequest {
  paths: number;
  /** Master seed: path p runs with pathSeed(seed, p), whatever `parameters` are (common random numbers). */
  seed: number;
  /** Worker threads (at least 2, so no path runs on the calling thread's event loop when paths ≥ 2). */
  workers: number;
  /** `--set`-style overrides of the live scenario (a frontier's searched value). */
  parameters?: CellParameters;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The paths of a live batch, in path order, and its risk summary. */
export interface LiveBatchResult {
  records: PathRecord[];
  /** Paths that threw (their messages), left out of the summary. */
  failures: string[];
  summary: CellRiskSummary;
}

/**
 * Runs `request.paths` paths of the live scenario on worker threads and summarises them (bootstrap intervals
 * seeded, so the same paths give the same summary). Throws CascadeError when every path failed.
 *
 * @example const { summary } = await liveBatch(live, { paths: 200, seed: 1, workers: 2 });
 */
export async function liveBatch(live: LiveScenario, request: LiveBatchRequest): Promise<LiveBatchResult> {
  const parameters = request.parameters ?? {};
  const digest = createHash('sha256')
    .update(JSON.stringify([live.sha256, request.seed, request.paths, parameters, SEED_SCHEME]))
    .digest('hex')
    .slice(0, 12);
  const plan: BatchPlan = {
    id: `live-${digest}`,
    kind: 'mc',
    scenario: live.scenario.name,
    scenarioFile: live.scenarioFile,
    scenarioJson: live.json,
    masterSeed: request.seed,
    paths: request.paths,
    cells: [{ cell: 0, parameters }],
    createdAt: new Date(0).toISOString(),
  };
  const records: PathRecord[] = [];
  const failures: string[] = [];
  await runBatch(plan, {
    workers: Math.max(2, request.workers),
    baseDir: live.baseDir,
    signal: request.signal,
    onProgress: request.onProgress,
    onPaths: (done, failed) => {
      records.push(...done);
      for (const f of failed) failures.push(`path ${f.path} (seed ${f.seed}): ${f.name}: ${f.message}`);
    },
  });
  if (records.length === 0)
    throw new CascadeError(
      request.signal?.aborted
        ? 'the batch was stopped before any path finished'
        : `every path failed: ${failures[0] ?? 'no path ran'}`,
    );
  records.sort((a, b) => a.path - b.path);
  return { records, failures, summary: riskSummary(records).cells[0] };
}
