/**
 * Entry of the oracle's worker thread (piscina): cascade maps, Monte Carlo batches and recommendations of a live-state
 * scenario, and the merging and writing of its live books, off the server's event loop (a batch's own book read and
 * scenario parse happen here too; its paths run on the batch runner's worker threads, started from this one). Loaded as
 * oracle-worker.js from dist/, or through oracle-worker-source.mjs from source (as the batch worker is; see
 * src/analysis/batch/worker-entry.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { cascadeMap } from '../../analysis/cascade-map/build.js';
import type { CascadeMap, CascadeMapOptions } from '../../analysis/cascade-map/types.js';
import { loadBooks } from '../../scenario/book-files.js';
import type { Scenario } from '../../scenario/schema.js';
import { writeBookRows, type BookWriteRequest, type WrittenBook } from './book-writer.js';
import type { LiveScenario } from './live-scenario.js';
import { liveBatch, type LiveBatchRequest, type LiveBatchResult } from './monte-carlo.js';
import { computeRecommendation, type RecommendationInputs, type RecommendationPayload } from './recommend.js';
import { lowerThreadPriority } from './thread-priority.js';

/** A live scenario as sent to the thread (the parsed scenario is rebuilt from its JSON there). */
export type SentScenario = Omit<LiveScenario, 'scenario'>;

/** A task of the oracle worker, run at the nice value `nice` (this thread's and its path threads' CPU priority). */
export type OracleTask = { nice: number } & (
  | { kind: 'map'; live: SentScenario; options: CascadeMapOptions; asset: string }
  | {
      kind: 'batch';
      live: SentScenario;
      request: Omit<LiveBatchRequest, 'signal' | 'onProgress'>;
      /** Receives `[done, total]` as paths finish. */
      progress?: MessagePort;
    }
  | { kind: 'recommend'; live: SentScenario; inputs: RecommendationInputs }
  | { kind: 'book'; request: BookWriteRequest }
);

/** Book files this thread has read. */
const loaded = new Set<string>();

/** The live scenario with its parsed scenario. */
function received(live: SentScenario): LiveScenario {
  return { ...live, scenario: JSON.parse(live.json) as Scenario };
}

/**
 * Runs one task (the default export piscina calls).
 *
 * @example await runOracleTask({ kind: 'map', live, options: LIVE_MAP_OPTIONS, asset: 'ETH' });
 */
export default async function runOracleTask(
  task: OracleTask,
): Promise<CascadeMap | LiveBatchResult | RecommendationPayload | WrittenBook> {
  lowerThreadPriority(task.nice);
  if (task.kind === 'book') return writeBookRows(task.request);
  const live = received(task.live);
  if (task.kind === 'recommend') return computeRecommendation(live, task.inputs);
  if (task.kind === 'batch') {
    try {
      return await liveBatch(live, {
        ...task.request,
        onProgress: (done, total) => task.progress?.postMessage([done, total]),
      });
    } finally {
      task.progress?.close();
    }
  }
  if (!live.books.every((b) => loaded.has(b.file))) {
    await loadBooks(live.scenario, live.baseDir, live.scenarioFile);
    for (const b of live.books) loaded.add(b.file);
  }
  return cascadeMap(live.scenario, task.options, { baseDir: live.baseDir, asset: task.asset });
}
