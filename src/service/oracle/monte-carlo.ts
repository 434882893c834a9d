// Monte Carlo on the live-state scenario: one cell of a batch on the worker pool (src/analysis/batch/run-batch.ts),
// the way `cascade mc` runs, with the paths kept in memory rather than in a results store.
import { createHash } from 'node:crypto';
import { cellOverrides } from '../../analysis/batch/path-runner.js';
import { pathRandomness } from '../../analysis/batch/randomness.js';
import { runBatch } from '../../analysis/batch/run-batch.js';
import { pathSeed, SEED_SCHEME } from '../../analysis/batch/seeds.js';
import type { BatchPlan, CellParameters, PathRecord } from '../../analysis/batch/types.js';
import { riskSummary, type CellRiskSummary } from '../../analysis/risk/index.js';
import { CascadeError } from '../../kernel/errors.js';
import { parseScenario } from '../../scenario/load.js';
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
  /** Paths actually simulated: 1 when nothing in the scenario draws random numbers (every path is the same run, so
   * one run stands for all), else the paths asked for. */
  distinctPaths: number;
}

/**
 * Whether every path of the live scenario with `parameters` applied is the same run: no random stream of the world
 * draws (src/analysis/batch/randomness.ts), as with a book file and a scripted shock, so the seed changes nothing.
 *
 * @example identicalPaths(live, {}); // true for thin-pool-shock's live book: fixed book, fixed 10% shock
 */
export function identicalPaths(live: LiveScenario, parameters: CellParameters): boolean {
  const overrides = cellOverrides(parameters);
  const scenario = overrides.length === 0 ? live.scenario : parseScenario(live.json, live.scenarioFile, overrides);
  return pathRandomness(scenario).redrawn.length === 0;
}

/**
 * Runs `request.paths` paths of the live scenario on worker threads and summarises them (bootstrap intervals
 * seeded, so the same paths give the same summary). When every path is the same run ({@link identicalPaths}), path
 * 0 alone is simulated (in this thread) and its record stands for each path, with that path's index and seed: the
 * records, and so the summary, are those all the runs would give. Throws CascadeError when every path failed.
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
  const distinctPaths = request.paths > 1 && identicalPaths(live, parameters) ? 1 : request.paths;
  await runBatch(distinctPaths === request.paths ? plan : { ...plan, paths: distinctPaths }, {
    workers: distinctPaths === 1 ? 1 : Math.max(2, request.workers),
    baseDir: live.baseDir,
    signal: request.signal,
    onProgress: distinctPaths === request.paths ? request.onProgress : undefined,
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
  if (distinctPaths < request.paths) {
    const [first] = records;
    for (let p = 1; p < request.paths; p++) records.push({ ...first, path: p, seed: pathSeed(request.seed, p) });
    request.onProgress?.(request.paths, request.paths);
  }
  records.sort((a, b) => a.path - b.path);
  return { records, failures, summary: riskSummary(records).cells[0], distinctPaths };
}
