/**
 * Where the batch worker's code is, for both ways Cascade runs: compiled (dist/…/path-worker.js,
 * plain node) and from source (src/…/path-worker.ts under tsx or vitest).
 *
 * From source the thread loads path-worker-source.mjs, which registers tsx's ES module loader inside
 * the thread and then imports path-worker.ts. Passing `--import tsx` in the worker's execArgv instead
 * does not activate tsx's ES module hooks in a Node 20 worker thread; piscina then falls back to
 * require(), tsx compiles the whole model to CommonJS, and paths ran about 55% slower (155 vs 99 ms
 * for a 10k-borrower, 7,200-block path).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { PathRunContext, PathTask } from './path-runner.js';

/**
 * A task message for a thread started without a context (no `workerData`): the chunk's tasks and the context they
 * run under, named by its hash. The first one binds the thread to that context; a thread never serves two.
 */
export interface ContextChunk {
  hash: string;
  context: PathRunContext;
  tasks: PathTask[];
}

/** The file a worker thread loads and the Node options it needs. */
export interface WorkerEntry {
  /** Absolute path of path-worker.js (compiled) or path-worker-source.mjs (source). */
  filename: string;
  /** `[]` from source (the entry registers tsx itself; the parent's flags, e.g. vitest's, are not passed on); undefined
   * (inherit the process's) when compiled. */
  execArgv: string[] | undefined;
  fromSource: boolean;
}

/**
 * The worker entry beside the module at `moduleUrl` (this module by default): the source entry when
 * that module is itself a `.ts` file, else the compiled `.js`.
 *
 * @example
 * workerEntry('file:///repo/dist/analysis/batch/worker-entry.js');
 * // { filename: '/repo/dist/analysis/batch/path-worker.js', execArgv: undefined, fromSource: false }
 */
export function workerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  const fromSource = path.extname(here) === '.ts';
  const filename = path.join(path.dirname(here), fromSource ? 'path-worker-source.mjs' : 'path-worker.js');
  return { filename, execArgv: fromSource ? [] : undefined, fromSource };
}

/**
 * A pool of `threads` path threads, one chunk at a time each, running the plan `context` (their `workerData`); without
 * a context, each task carries its own ({@link ContextChunk}).
 *
 * @example const pool = pathThreadPool(2, context); await pool.run([{ cell: 0, path: 0 }]);
 */
export function pathThreadPool(threads: number, context?: PathRunContext): Piscina {
  const entry = workerEntry();
  return new Piscina({
    filename: entry.filename,
    execArgv: entry.execArgv,
    workerData: context,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
  });
}
