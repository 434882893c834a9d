/**
 * The submitting side of a distributed batch: puts the batch's pending chunks on the queue, then gathers what the
 * workers push back and hands it to the caller (who stores it: the single writer), until every path is in. A path's
 * record depends on its (cell, path) only, so the stored batch is the one a local run gives, whatever the worker
 * count, chunk size or order of completion; a chunk delivered twice (a worker killed after pushing its result) is
 * stored once.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadCellBooks } from '../../analysis/batch/cell-books.js';
import { cellScenario, pathKey, type PathFailure, type PathRunContext } from '../../analysis/batch/path-runner.js';
import type { BatchOutcome } from '../../analysis/batch/run-batch.js';
import type { BatchPlan, PathRecord } from '../../analysis/batch/types.js';
import { CascadeError } from '../../kernel/errors.js';
import { chunkPlan, defaultChunkSize, type Chunk } from './chunks.js';
import {
  queueConnection,
  collectorKey,
  connectRedis,
  contextKey,
  manifestKey,
  QUEUE_NAME,
  resultsKey,
  RUN_TTL_SECONDS,
} from './connection.js';
import { displayUrl } from './url.js';
import { failedChunkNote, type FailedChunk } from './failed-chunks.js';
import { contextHash, type ChunkJobData, type ChunkMessage, type RunManifest } from './protocol.js';

/** Options of {@link runBatchOnQueue}. */
export interface QueueBatchOptions {
  /** Redis URL (`--queue`). */
  url: string;
  /** Paths per chunk job; default {@link defaultChunkSize} of the plan's paths. */
  chunkSize?: number;
  /** Paths already stored, as pathKey(cell, path). */
  skip: ReadonlySet<string>;
  baseDir: string;
  seriesPoints: number;
  /** The user's `--set` overrides, for re-run commands. */
  sets: readonly string[];
  /** Receives paths not stored before, in one call per gathering round; awaited before the round's results are
   * dropped from Redis. */
  onPaths: (records: PathRecord[], failures: PathFailure[]) => Promise<void>;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops gathering; the chunks stay queued and `cascade collect` (or the same command) picks them up. */
  signal?: AbortSignal;
  /** Milliseconds between gathering rounds (default 200). */
  pollMs?: number;
  /** Receives one-line notes for the user (default: stderr). */
  note?: (line: string) => void;
}

/** Attempts of a chunk whose worker threw (a killed worker's chunk is retried by stalled-job detection instead). */
export const CHUNK_ATTEMPTS = 3;

/** Most results read from Redis in one gathering round. */
const MAX_MESSAGES_PER_ROUND = 256;

/**
 * A round gathers once this many paths wait in Redis, or {@link GATHER_MS} after the last gathering, or when every
 * path not yet stored has arrived: each gathering is one store write (the shared store is opened, written and closed,
 * with a checkpoint), so writing each chunk as it came cost the collector about 2.8 ms of CPU a path.
 */
const GATHER_PATHS = 256;
const GATHER_MS = 5000;

/** How long the collector's claim on a run lasts without renewal (ms). */
const COLLECTOR_LEASE_MS = 15_000;

/** Job states in which a chunk will still run (or is running). */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `holder` (`host:pid`) names a process of this machine that no longer exists. */
function deadLocalHolder(holder: string): boolean {
  const [host, pid] = [holder.slice(0, holder.lastIndexOf(':')), Number(holder.slice(holder.lastIndexOf(':') + 1))];
  if (host !== os.hostname() || !Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Claims the right to collect `run` (one collector per run: two would each drop results the other had read): a
 * CascadeError naming the holder when a live process has it.
 */
async function claimCollector(redis: Redis, run: string, holder: string, url: string): Promise<void> {
  if ((await redis.set(collectorKey(run), holder, 'PX', COLLECTOR_LEASE_MS, 'NX')) === 'OK') return;
  const current = (await redis.get(collectorKey(run))) ?? '';
  if (current === '' || current === holder || deadLocalHolder(current)) {
    await redis.set(collectorKey(run), holder, 'PX', COLLECTOR_LEASE_MS);
    return;
  }
  throw new CascadeError(
    `batch ${run} on ${displayUrl(url)} is being collected by process ${current}; wait for it to finish, or stop it ` +
      `(its claim lapses ${COLLECTOR_LEASE_MS / 1000} s later) and run this again`,
  );
}

/** The path context of a plan, as runBatch builds it. */
export function planContext(plan: BatchPlan, baseDir: string, seriesPoints: number): PathRunContext {
  return {
    scenarioJson: plan.scenarioJson,
    scenarioFile: plan.scenarioFile,
    baseDir,
    masterSeed: plan.masterSeed,
    cells: plan.cells.map((c) => ({ cell: c.cell, parameters: { ...c.parameters } })),
    seriesPoints,
  };
}

/**
 * Runs the paths of `plan` not in `options.skip` on the workers listening at `options.url`, and hands every path
 * they return to `options.onPaths` once (failed paths too, with their seed and error). Each cell's scenario and book
 * files are checked here before any chunk is queued. Chunks are cut by {@link chunkPlan}; a chunk still queued from
 * an earlier call (a coordinator killed and restarted) is left to run, one that completed or failed without its
 * paths being stored is queued again. Resolves when every path is stored, or on abort (`aborted: true`, the chunks
 * stay queued). Rejects with a CascadeError listing each chunk that failed on every attempt (its cell, path indices,
 * seeds and a `cascade run --seed` command), after the other paths are in.
 *
 * @example
 * await runBatchOnQueue(plan, { url: 'redis://127.0.0.1:6379', chunkSize: 16, skip: new Set(), baseDir: '.', seriesPoints: 0, sets: [], onPaths });
 */
export async function runBatchOnQueue(plan: BatchPlan, options: QueueBatchOptions): Promise<BatchOutcome> {
  const note = options.note ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const total = plan.cells.length * plan.paths;
  const inPlan = new Set<string>();
  for (const { cell } of plan.cells) for (let p = 0; p < plan.paths; p++) inPlan.add(pathKey(cell, p));
  const done = new Set([...options.skip].filter((key) => inPlan.has(key)));
  const skipped = done.size;
  const chunkSize = options.chunkSize ?? defaultChunkSize(total);
  const context = planContext(plan, options.baseDir, options.seriesPoints);
  const pendingOf = (chunk: Chunk) => chunk.tasks.filter((t) => !done.has(pathKey(t.cell, t.path)));
  let chunks = chunkPlan(plan, chunkSize).filter((chunk) => pendingOf(chunk).length > 0);
  // The same checks as a local run, before anything is queued: a bad cell or book file fails here, not on a worker.
  if (chunks.length > 0) await loadCellBooks(context);
  const pendingCells = new Set(chunks.map((c) => c.cell));
  for (const cell of context.cells) if (pendingCells.has(cell.cell)) cellScenario(context, cell);
  options.onProgress?.(done.size, total);
  if (chunks.length === 0) return { completed: 0, failed: 0, skipped, total, aborted: false };

  const redis = await connectRedis(options.url);
  const queue = new Queue<ChunkJobData>(QUEUE_NAME, { connection: queueConnection(options.url) });
  queue.on('error', () => {}); // connection errors surface through the commands, below
  const holder = `${os.hostname()}:${process.pid}`;
  let delivered = 0;
  let failuresDelivered = 0;

  /** Reads the results the workers pushed, hands on the paths not stored yet, then drops what was read. */
  const gather = async (): Promise<void> => {
    const messages = await redis.lrangeBuffer(resultsKey(plan.id), 0, MAX_MESSAGES_PER_ROUND - 1);
    if (messages.length === 0) return;
    const records: PathRecord[] = [];
    const failures: PathFailure[] = [];
    const fresh = (cell: number, path: number) => {
      const key = pathKey(cell, path);
      if (!inPlan.has(key) || done.has(key)) return false;
      done.add(key);
      return true;
    };
    for (const buffer of messages) {
      const { result } = v8.deserialize(buffer) as ChunkMessage;
      records.push(...result.records.filter((r) => fresh(r.cell, r.path)));
      failures.push(...result.failures.filter((f) => fresh(f.cell, f.path)));
    }
    if (records.length + failures.length > 0) await options.onPaths(records, failures);
    // Dropped only once stored: a coordinator killed before this line finds the same results when restarted.
    await redis.ltrim(resultsKey(plan.id), messages.length, -1);
    delivered += records.length;
    failuresDelivered += failures.length;
    options.onProgress?.(done.size, total);
  };

  try {
    await claimCollector(redis, plan.id, holder, options.url);
    const { json, hash } = contextHash(context);
    const manifest: RunManifest = {
      plan,
      context: hash,
      baseDir: options.baseDir,
      seriesPoints: options.seriesPoints,
      chunkSize: chunkSize,
      sets: [...options.sets],
    };
    await redis.set(contextKey(hash), json, 'EX', RUN_TTL_SECONDS);
    await redis.set(manifestKey(plan.id), JSON.stringify(manifest), 'EX', RUN_TTL_SECONDS);
    // States first, then results: a chunk that completes in between has its result gathered, not queued again.
    const states = new Map(await Promise.all(chunks.map(async (c) => [c.id, await queue.getJobState(c.id)] as const)));
    await gather();
    chunks = chunks.filter((chunk) => pendingOf(chunk).length > 0);
    const toQueue = chunks.filter((chunk) => !LIVE_STATES.has(states.get(chunk.id) ?? 'unknown'));
    for (const chunk of toQueue) if (states.get(chunk.id) !== 'unknown') await queue.remove(chunk.id);
    await queue.addBulk(
      toQueue.map((chunk) => ({
        name: 'chunk',
        data: { run: plan.id, context: hash, tasks: pendingOf(chunk) },
        opts: {
          jobId: chunk.id,
          attempts: CHUNK_ATTEMPTS,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: { age: RUN_TTL_SECONDS },
          removeOnFail: { age: RUN_TTL_SECONDS },
        },
      })),
    );
    const workers = chunks.length === 0 ? 0 : (await queue.getWorkers()).length;
    if (chunks.length > 0)
      note(
        `batch ${plan.id}: ${chunks.length} chunks of up to ${chunkSize} paths on ${displayUrl(options.url)} ` +
          `(${toQueue.length} queued now, ${chunks.length - toQueue.length} still queued from before); ` +
          (workers > 0
            ? `${workers} worker connection(s) listening`
            : `no worker is listening yet: start some with cascade worker --queue ${displayUrl(options.url)}`),
      );

    const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
    const givenUp = new Map<string, FailedChunk>();
    let lastFailedCount = -1;
    let round = 0;
    const lost = () => [...givenUp.values()].reduce((sum, f) => sum + f.pending.length, 0);
    let lastGather = Date.now();
    while (options.signal?.aborted !== true && done.size + lost() < total) {
      const waiting = (await redis.llen(resultsKey(plan.id))) * chunkSize;
      if (waiting >= GATHER_PATHS || Date.now() - lastGather >= GATHER_MS || done.size + lost() + waiting >= total) {
        await gather();
        lastGather = Date.now();
      }
      if (round++ % 5 === 0) {
        await redis.set(collectorKey(plan.id), holder, 'PX', COLLECTOR_LEASE_MS);
        const failedCount = await queue.getFailedCount();
        if (failedCount !== lastFailedCount) {
          lastFailedCount = failedCount;
          for (const job of await queue.getFailed()) {
            const chunk = job.id === undefined ? undefined : byId.get(job.id);
            if (chunk === undefined || givenUp.has(chunk.id)) continue;
            const pending = pendingOf(chunk);
            if (pending.length === 0) continue;
            const failed = { chunk, pending, reason: job.failedReason, attempts: job.attemptsMade };
            givenUp.set(chunk.id, failed);
            note(
              `batch ${plan.id}: chunk ${chunk.id} failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`,
            );
          }
        }
      }
      if (done.size + lost() < total) await sleep(options.pollMs ?? 200);
    }
    await gather();
    if (options.signal?.aborted !== true && givenUp.size > 0) {
      throw new CascadeError(failedChunkNote([...givenUp.values()], plan, options.sets));
    }
    if (done.size === total) await redis.del(resultsKey(plan.id));
    return {
      completed: delivered,
      failed: failuresDelivered,
      skipped,
      total,
      aborted: done.size < total,
    };
  } catch (error) {
    if (error instanceof CascadeError) throw error;
    throw new CascadeError(
      `the queue at ${displayUrl(options.url)} failed: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')}; ` +
        `batch ${plan.id} keeps the ${done.size} paths stored so far: the same command, or cascade collect ${plan.id}, goes on`,
    );
  } finally {
    if ((await redis.get(collectorKey(plan.id)).catch(() => undefined)) === holder)
      await redis.del(collectorKey(plan.id)).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await redis.quit().catch(() => undefined);
  }
}
