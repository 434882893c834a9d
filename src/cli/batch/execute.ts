import { pathKey } from '../../analysis/batch/path-runner.js';
import { runBatch, type PathFailure } from '../../analysis/batch/run-batch.js';
import { pathSeed, SEED_SCHEME } from '../../analysis/batch/seeds.js';
import type { BatchPlan, PathRecord } from '../../analysis/batch/types.js';
import { CascadeError, UsageError } from '../../kernel/errors.js';
import { openStore, type ResultsStore, type StoredFailure } from '../../store/index.js';
import { failureNote } from './failures.js';
import { checkBatchMemory } from './memory-check.js';
import type { QueueTarget } from './flags.js';
import { createProgress } from './progress.js';

/** How {@link executeStoredBatch} runs a plan. */
export interface ExecuteOptions {
  /** Results store file. */
  db: string;
  workers: number;
  /** Points kept per price series per path (0 = none). */
  seriesPoints: number;
  /** Directory the scenario's relative paths resolve against. */
  baseDir: string;
  /** Progress label; no progress is shown when undefined. */
  label?: string;
  /** The user's `--set` overrides, repeated in the command that re-runs a failed path alone. */
  sets?: readonly string[];
  /** Run the paths on `cascade worker` processes at this queue instead of local threads (`workers` is then unused). */
  queue?: QueueTarget;
}

/** What a stored batch holds once {@link executeStoredBatch} returns. */
export interface ExecutedBatch {
  /** Every stored path of the batch that finished, in (cell, path) order: what estimates are computed over. */
  records: PathRecord[];
  /** Every path of the batch that threw instead (this call's and earlier ones'), in (cell, path) order. */
  failures: StoredFailure[];
  /** True when Ctrl-C stopped the batch before all its paths ran. */
  aborted: boolean;
  /** Paths this call ran (the rest were stored before: a resume). */
  ran: number;
  resumed: boolean;
}

/**
 * Throws a UsageError when a stored path of the batch carries another seed than this Cascade derives
 * for it: the batch was stored under an older seed scheme (e.g. a sweep run before common random
 * numbers, resumed with the same `--id`), and new paths must not be mixed with its old ones.
 */
async function checkStoredSeeds(store: ResultsStore, plan: BatchPlan): Promise<void> {
  const stale = (await store.paths(plan.id)).find((record) => record.seed !== pathSeed(plan.masterSeed, record.path));
  if (stale === undefined) return;
  throw new UsageError(
    `batch "${plan.id}" in ${store.file} was stored with another seed derivation: its cell ${stale.cell}, path ${stale.path} has seed ${stale.seed}, ` +
      `where this Cascade (seed scheme ${SEED_SCHEME}: path p of every cell has the same seed) derives ${pathSeed(plan.masterSeed, stale.path)}; ` +
      'its stored paths cannot be resumed with new ones: give another --id or another --db file',
  );
}

/**
 * Runs the paths of `plan` that the results store does not hold yet, writing each delivered group
 * of paths in one transaction, and returns every stored path. A path that throws is stored as failed
 * (seed and error) and the batch goes on; failed paths count as done, so a resumed batch does not run
 * them again (same plan and seed: same error). When every path of the batch failed, throws a CascadeError
 * listing them (exit code 1). Ctrl-C stops scheduling: the paths already running finish and are stored,
 * the batch stays `running`, and the same command resumes it. A resumed batch whose stored paths were
 * seeded another way (an older seed scheme) is refused, and so is a local batch whose worker threads' worlds would not
 * fit in memory together (see checkBatchMemory).
 *
 * @example const { records } = await executeStoredBatch(plan, { db: 'cascade.duckdb', workers: 2, seriesPoints: 0, baseDir: '.' });
 */
export async function executeStoredBatch(plan: BatchPlan, options: ExecuteOptions): Promise<ExecutedBatch> {
  // Local threads each hold a world: refuse before the store or any thread is touched. A --queue batch's worlds are
  // built on the worker machines, which this process cannot see.
  if (!options.queue) checkBatchMemory(plan, options.workers);
  // Shared: the file is closed between writes, so `cascade runs`, `show` and other writers can open it meanwhile. A
  // --queue batch's collector only appends rows while workers may use this machine's cores: one DuckDB thread.
  const store = await openStore(options.db, { shared: true, threads: options.queue ? 1 : undefined });
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping: finishing the paths under way and storing them (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  const progress = options.label === undefined ? undefined : createProgress(options.label, process.stderr);
  process.on('SIGINT', onInterrupt);
  try {
    const { resumed } = await store.beginBatch(plan);
    const done = await store.donePaths(plan.id);
    if (done.size > 0) await checkStoredSeeds(store, plan);
    const skip = new Set<string>();
    for (const { cell } of plan.cells)
      for (let p = 0; p < plan.paths; p++) if (done.has(cell, p)) skip.add(pathKey(cell, p));
    const onPaths = async (records: PathRecord[], failures: PathFailure[]) => {
      await store.writePaths(plan.id, records);
      if (failures.length > 0) await store.writeFailures(plan.id, failures);
    };
    const onProgress = progress ? (d: number, t: number) => progress.update(d, t) : undefined;
    const shared = { skip, baseDir: options.baseDir, seriesPoints: options.seriesPoints, signal: controller.signal };
    // The queue's code (BullMQ, ioredis) loads only when a batch uses it.
    const outcome = options.queue
      ? await (
          await import('../queue/coordinator.js')
        ).runBatchOnQueue(plan, { ...shared, ...options.queue, sets: options.sets ?? [], onPaths, onProgress })
      : await runBatch(plan, { ...shared, workers: options.workers, onPaths, onProgress });
    if (!outcome.aborted) await store.completeBatch(plan.id);
    const records = await store.paths(plan.id, { series: options.seriesPoints > 0 });
    const failures = await store.failedPaths(plan.id);
    if (!outcome.aborted && records.length === 0 && failures.length > 0) {
      const context = {
        scenarioFile: plan.scenarioFile,
        sets: options.sets ?? [],
        planned: plan.paths * plan.cells.length,
        finished: 0,
        db: options.db,
        batchId: plan.id,
      };
      throw new CascadeError(
        `every path of batch ${plan.id} failed; there is nothing to estimate.\n${failureNote(failures, context)}`.trimEnd(),
      );
    }
    return { records, failures, aborted: outcome.aborted, ran: outcome.completed + outcome.failed, resumed };
  } finally {
    progress?.stop();
    process.off('SIGINT', onInterrupt);
    await store.close();
  }
}
