/**
 * Entry of the batch worker threads (piscina): runs a chunk of paths of the plan given as
 * `workerData` (a {@link PathRunContext}). The runner, and so its per-cell scenario cache, lives as
 * long as the worker. Loaded as path-worker.js from dist/, or through path-worker-source.mjs from
 * source (see worker-entry.ts).
 */
import { workerData } from 'node:worker_threads';
import { PathRunner, runChunk, type ChunkResult, type PathRunContext, type PathTask } from './path-runner.js';
import { loadCellBooks } from './cell-books.js';

let runner: PathRunner | undefined;
/** This thread's copy of the scenario's book files, read before its first path. */
let books: Promise<void> | undefined;

/**
 * Runs `tasks` in order; the default export piscina calls for each task message.
 *
 * @example
 * // inside a worker started with workerData = context:
 * await runPathChunk([{ cell: 0, path: 0 }]); // { records: [PathRecord] }
 */
export default async function runPathChunk(tasks: PathTask[]): Promise<ChunkResult> {
  runner ??= new PathRunner(workerData as PathRunContext);
  books ??= loadCellBooks(workerData as PathRunContext);
  await books;
  return runChunk(runner, tasks);
}
