/**
 * Entry of the batch worker threads (piscina): runs a chunk of paths of the plan given as
 * `workerData` (a {@link PathRunContext}). The runner, and so its per-cell scenario cache, lives as
 * long as the worker. Loaded as path-worker.js from dist/, or through path-worker-source.mjs from
 * source (see worker-entry.ts).
 */
import { workerData } from 'node:worker_threads';
import { PathRunner, runChunk, type ChunkResult, type PathRunContext, type PathTask } from './path-runner.js';

let runner: PathRunner | undefined;

/**
 * Runs `tasks` in order; the default export piscina calls for each task message.
 *
 * @example
 * // inside a worker started with workerData = context:
 * runPathChunk([{ cell: 0, path: 0 }]); // { records: [PathRecord] }
 */
export default function runPathChunk(tasks: PathTask[]): ChunkResult {
  runner ??= new PathRunner(workerData as PathRunContext);
  return runChunk(runner, tasks);
}
