/**
 * Runs every (cell, path) of a batch plan that is not already done, in-process or on worker threads,
 * and hands finished paths to the caller in batches. A path's record depends only on the plan and its
 * (cell, path), never on the worker count, the chunking or the order paths finish in.
 */
import { CascadeError, UsageError } from '../../kernel/errors.js';
import {
  cellScenario,
  describeCell,
  pathKey,
  PathRunner,
  runChunk,
  type ChunkResult,
  type PathFailure,
  type PathRunContext,
  type PathTask,
} from './path-runner.js';
import { ChunkSizer, PathDelivery } from './scheduling.js';
import type { BatchPlan, PathRecord } from './types.js';
import { pathThreadPool } from './worker-entry.js';
import { loadCellBooks } from './cell-books.js';

/**
 * `--set` overrides worth putting before the user's own when building a batch plan's scenario: the
 * per-block health-factor quantiles (record.healthSample) feed only the single-run report, never a
 * metric or a PathRecord, yet took about three quarters of a path's time on the default scenario when this
 * was added (0.42 → 0.10 CPU s per 10k-borrower, 7,200-block path).
 *
 * @example
 * const loaded = loadScenario(file, [...BATCH_SCENARIO_SETS, ...options.set]); // the user's --set still wins
 */
export const BATCH_SCENARIO_SETS: readonly string[] = ['record.healthSample=0'];

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** Worker threads; 1 runs every path in this thread. */
  workers: number;
  /** Paths already done, as {@link pathKey}(cell, path) = `"cell:path"`; they are not run. Keys outside the plan are
   * ignored. */
  skip?: ReadonlySet<string>;
  /**
   * Receives finished paths in batches (every 1,024 paths or 2 s), in the order they finished, with the paths that
   * threw since the last call (each with its seed and error); awaited, never called concurrently.
   */
  onPaths: (records: PathRecord[], failures: PathFailure[]) => void | Promise<void>;
  /** Called as paths finish: `done` counts skipped, finished and failed paths of the plan, `total` = cells × paths. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops sending paths; paths already running finish and are delivered. */
  signal?: AbortSignal;
  /** Points kept per path of each oracle and fundamental price series (for fan charts); 0 (default) keeps none, else ≥
   * 2. */
  seriesPoints?: number;
  /** Directory relative paths in the scenario (CSV files) resolve against: the scenario file's directory. */
  baseDir: string;
  /** Paths per message to a worker; default: adaptive, about 200 ms of work per message. */
  chunkSize?: number;
}

/** How a {@link runBatch} call ended. */
export interface BatchOutcome {
  /** Paths run and delivered by this call. */
  completed: number;
  /** Paths of this call that threw, delivered to onPaths as failures (each with its seed and error). */
  failed: number;
  /** Paths of the plan found in `skip`. */
  skipped: number;
  /** cells × paths of the plan. */
  total: number;
  /** Whether the signal stopped the batch before every path was run. */
  aborted: boolean;
}

/** A chunk runner: this thread, or a pool of worker threads. */
interface Executor {
  /** Chunks that may run at once. */
  slots: number;
  run(tasks: PathTask[]): Promise<ChunkResult>;
  close(): Promise<void>;
}

function checkOptions(plan: BatchPlan, options: RunBatchOptions): void {
  const positiveInteger = (value: number, least: number) => Number.isInteger(value) && value >= least;
  if (!positiveInteger(options.workers, 1))
    throw new UsageError(`workers must be an integer ≥ 1, got ${options.workers}`);
  const points = options.seriesPoints ?? 0;
  if (!(points === 0 || positiveInteger(points, 2)))
    throw new UsageError(`seriesPoints must be 0 (none) or an integer ≥ 2, got ${points}`);
  if (options.chunkSize !== undefined && !positiveInteger(options.chunkSize, 1))
    throw new UsageError(`chunkSize must be an integer ≥ 1, got ${options.chunkSize}`);
  if (!positiveInteger(plan.paths, 0))
    throw new UsageError(`the plan's paths per cell must be an integer ≥ 0, got ${plan.paths}`);
  if (!Number.isSafeInteger(plan.masterSeed) || plan.masterSeed < 0)
    throw new UsageError(`the plan's master seed must be an integer ≥ 0, got ${plan.masterSeed}`);
  const seen = new Set<number>();
  for (const { cell } of plan.cells) {
    if (!positiveInteger(cell, 0)) throw new UsageError(`cell indices must be integers ≥ 0, got ${cell}`);
    if (seen.has(cell)) throw new UsageError(`the plan has cell ${cell} twice`);
    seen.add(cell);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function inProcessExecutor(runner: PathRunner): Executor {
  return {
    slots: 1,
    run: async (tasks) => {
      await nextTurn(); // let abort signals, timers and deliveries run between paths
      return runChunk(runner, tasks);
    },
    close: async () => {},
  };
}

function poolExecutor(context: PathRunContext, workers: number): Executor {
  const pool = pathThreadPool(workers, context);
  return { slots: workers, run: (tasks) => pool.run(tasks) as Promise<ChunkResult>, close: () => pool.destroy() };
}

/**
 * Runs every (cell, path) of `plan` not in `options.skip`: path p of cell c runs the plan's scenario with
 * c's parameters as `--set` overrides and seed {@link pathSeed}(plan.masterSeed, p), the same in every cell. Every
 * cell's
 * scenario is validated before any path runs (ScenarioError naming the cell). With `workers` ≥ 2 the
 * paths run on a piscina pool of that many threads (at most one per pending path), sent in chunks; each
 * worker parses a cell's scenario once. Records arrive in completion order; sorted by (cell, path) they
 * are the same for every worker count and chunk size.
 *
 * On abort: no new path starts, running paths finish, every finished path is delivered, and the promise
 * resolves with `aborted: true`; a later call with the delivered paths in `skip` runs the rest. A path that
 * throws does not stop the batch: it is handed to `onPaths` as a failure (cell, path, seed, error class and
 * message) and counted in `failed`. When `onPaths` fails, or a worker dies, the batch stops as on abort and the
 * promise rejects with that error.
 *
 * @example
 * const records: PathRecord[] = [];
 * const outcome = await runBatch(plan, { workers: 2, baseDir: loaded.dir, onPaths: (r) => void records.push(...r) });
 * // outcome = { completed: plan.cells.length * plan.paths, failed: 0, skipped: 0, total: …, aborted: false }
 */
export async function runBatch(plan: BatchPlan, options: RunBatchOptions): Promise<BatchOutcome> {
  checkOptions(plan, options);
  const skip = options.skip ?? new Set<string>();
  const tasks: PathTask[] = [];
  for (const { cell } of plan.cells)
    for (let path = 0; path < plan.paths; path++) if (!skip.has(pathKey(cell, path))) tasks.push({ cell, path });
  const total = plan.cells.length * plan.paths;
  const skipped = total - tasks.length;
  const context: PathRunContext = {
    scenarioJson: plan.scenarioJson,
    scenarioFile: plan.scenarioFile,
    baseDir: options.baseDir,
    masterSeed: plan.masterSeed,
    cells: plan.cells.map((c) => ({ cell: c.cell, parameters: { ...c.parameters } })),
    seriesPoints: options.seriesPoints ?? 0,
  };
  const localRunner = new PathRunner(context);
  // Book files are read (and checked) here before any path runs; each worker thread reads its own copy.
  if (tasks.length > 0) await loadCellBooks(context);
  const pendingCells = new Set(tasks.map((t) => t.cell));
  for (const cell of context.cells) {
    if (!pendingCells.has(cell.cell)) continue;
    if (options.workers === 1) localRunner.scenarioOf(cell.cell);
    else cellScenario(context, cell);
  }
  options.onProgress?.(skipped, total);
  if (tasks.length === 0 || options.signal?.aborted)
    return { completed: 0, failed: 0, skipped, total, aborted: tasks.length > 0 };

  const slots = Math.min(options.workers, tasks.length);
  const executor = slots === 1 ? inProcessExecutor(localRunner) : poolExecutor(context, slots);
  const delivery = new PathDelivery(options.onPaths);
  const sizer = new ChunkSizer(slots === 1 ? 1 : options.chunkSize, slots);
  let failure: Error | undefined;
  let done = skipped;
  const stopped = () => options.signal?.aborted === true || failure !== undefined || delivery.failed;

  let next = 0;
  const inFlight = new Set<Promise<void>>();
  const launch = () => {
    while (!stopped() && inFlight.size < executor.slots && next < tasks.length) {
      const chunk = tasks.slice(next, next + sizer.next(tasks.length - next));
      next += chunk.length;
      // Wall-clock time only sizes the next chunk; a path's record depends on its (cell, path) alone.
      const sent = performance.now();
      const settled: Promise<void> = executor
        .run(chunk)
        .then(
          (result) => {
            sizer.observe(result.records.length + result.failures.length, performance.now() - sent);
            delivery.add(result.records, result.failures);
            done += result.records.length + result.failures.length;
            try {
              if (result.records.length + result.failures.length > 0) options.onProgress?.(done, total);
            } catch (error) {
              failure ??= error instanceof Error ? error : new CascadeError(String(error));
            }
          },
          (error: unknown) => {
            failure ??= error instanceof Error ? error : new CascadeError(String(error));
          },
        )
        .finally(() => inFlight.delete(settled));
      inFlight.add(settled);
    }
  };
  try {
    launch();
    while (inFlight.size > 0) {
      await Promise.race(inFlight);
      launch();
    }
  } finally {
    await executor.close();
    await delivery.close();
  }
  if (delivery.failed) throw delivery.failure;
  if (failure) throw failure;
  return {
    completed: delivery.delivered,
    failed: delivery.failuresDelivered,
    skipped,
    total,
    aborted: next < tasks.length,
  };
}

export { describeCell, pathKey, type PathFailure };
