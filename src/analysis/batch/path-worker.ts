/**
 * Entry of the batch worker threads (piscina): runs a chunk of paths of the plan given as
 * `workerData` (a {@link PathRunContext}), or, in a thread started before its plan was known (a
 * `cascade worker`'s standby threads), of the context each {@link ContextChunk} carries. The runner,
 * and so its per-cell scenario cache, lives as long as the worker; a thread serves one context. Loaded
 * as path-worker.js from dist/, or through path-worker-source.mjs from source (see worker-entry.ts).
 */
import { workerData } from 'node:worker_threads';
import { CascadeError } from '../../kernel/errors.js';
import { PathRunner, runChunk, type ChunkResult, type PathRunContext, type PathTask } from './path-runner.js';
import { loadCellBooks } from './cell-books.js';
import type { ContextChunk } from './worker-entry.js';

let runner: PathRunner | undefined;
/** Hash of the context this thread was bound to by its first {@link ContextChunk}. */
let boundHash: string | undefined;
/** This thread's copy of the scenario's book files, read before its first path. */
let books: Promise<void> | undefined;

/**
 * Runs the chunk's tasks in order; the default export piscina calls for each task message: a task
 * list (the context is the thread's `workerData`) or a {@link ContextChunk}. `'ready'` runs nothing:
 * its answer tells the caller this thread has loaded its modules.
 *
 * @example
 * // inside a worker started with workerData = context:
 * await runPathChunk([{ cell: 0, path: 0 }]); // { records: [PathRecord] }
 */
export default async function runPathChunk(message: PathTask[] | ContextChunk | 'ready'): Promise<ChunkResult> {
  if (message === 'ready') return { records: [], failures: [] }; // a started thread answers once its modules loaded
  let context = workerData as PathRunContext;
  let tasks = message as PathTask[];
  if (!Array.isArray(message)) {
    boundHash ??= message.hash;
    // A pool is bound to one context; another one here is a fault of the caller, never a reason to mix worlds.
    if (message.hash !== boundHash)
      throw new CascadeError(`this path thread runs context ${boundHash}, not ${message.hash}`);
    ({ context, tasks } = message);
  }
  runner ??= new PathRunner(context);
  books ??= loadCellBooks(context);
  await books;
  return runChunk(runner, tasks);
}
