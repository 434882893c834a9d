/**
 * `cascade worker`: takes chunk jobs of any batch from the queue and runs them on this machine's worker threads (the
 * piscina pool and path runner local batches use), then pushes each chunk's records onto its run's results list.
 * BullMQ holds a lock on each running chunk and renews it from this thread (the paths run on the pool's threads, so
 * renewals are never starved); a worker killed mid-chunk stops renewing, and another worker's stalled-job check
 * puts the chunk back on the queue.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Worker, type Job } from 'bullmq';
import type { Piscina } from 'piscina';
import type { ChunkResult, PathRunContext, PathTask } from '../../analysis/batch/path-runner.js';
import { pathThreadPool, type ContextChunk } from '../../analysis/batch/worker-entry.js';
import { checkWorkerMemory } from '../batch/memory-check.js';
import { CascadeError } from '../../kernel/errors.js';
import { workerConnection, connectRedis, contextKey, QUEUE_NAME, resultsKey, RUN_TTL_SECONDS } from './connection.js';
import { displayUrl } from './url.js';
import type { ChunkJobData, ChunkMessage } from './protocol.js';

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  url: string;
  /** Chunks run at once, each on its own thread. */
  concurrency: number;
  /** BullMQ lock duration (ms): a chunk whose worker stops renewing its lock this long counts as stalled. */
  lockMs: number;
  /** BullMQ stalled-job check interval (ms). */
  stalledMs: number;
  /** Times a chunk may stall (its worker died) before it counts as failed. */
  maxStalled: number;
  /** Resolves the worker's run: it stops taking chunks, finishes those under way and returns. */
  stop: Promise<void>;
  /** Receives one-line log entries (default: stderr). */
  log?: (line: string) => void;
}

/** Pools kept for contexts with no chunk running: a worker that alternates between two batches keeps both warm. */
const IDLE_POOLS_KEPT = 2;

/**
 * Chunks a worker takes beyond its threads: each waits on this machine for a thread to free, so a thread starts its
 * next chunk at once instead of idling while this thread stores the last result and fetches the next job from Redis
 * (about 12 ms a chunk on a loaded 2-core machine: 5% of a 16-path chunk of thin-pool-shock). The price: at the end
 * of a batch a worker may hold a chunk another, idle, worker could have run, and a killed worker's prefetched chunk
 * waits for its lock to lapse like the one it was running.
 */
export const PREFETCH_CHUNKS = 1;

/** Idle time (ms) after which a worker with no standby pool starts one, so that the next batch finds it warm. */
export const STANDBY_AFTER_IDLE_MS = 5000;

/** A thread pool for one path context. */
interface ContextPool {
  pool: Piscina;
  busy: number;
  lastUsed: number;
  /** Started as a standby (no `workerData`): each task carries the context ({@link ContextChunk}). */
  carriesContext: boolean;
}

/**
 * Starts `threads` path threads with no context yet and resolves once each has loaded its modules (the simulator's
 * code: about 0.6 s of CPU a thread), so a chunk that arrives later does not wait for, or pay, the start.
 */
async function startStandby(threads: number): Promise<Piscina> {
  const pool = pathThreadPool(threads);
  try {
    // One no-op task per thread: with one task a thread at most, each thread answers one.
    await Promise.all(Array.from({ length: threads }, () => pool.run('ready')));
  } catch (error) {
    await pool.destroy();
    throw error;
  }
  return pool;
}

/**
 * Runs a worker until `options.stop` resolves: chunks of any batch, `concurrency` at a time (and
 * {@link PREFETCH_CHUNKS} more taken and waiting for a thread), on a thread pool per
 * path context (a pool's threads read the scenario and its book files once). The first pool's threads start, and
 * load the simulator's modules, before the worker listens (a standby pool, adopted by the first context that
 * arrives); after {@link STANDBY_AFTER_IDLE_MS} without a chunk a new standby starts, so each batch finds warm
 * threads. A chunk whose pool fails (a thread crashed, a book file missing on this machine) throws, and BullMQ
 * retries it up to its attempts.
 *
 * @example await runQueueWorker({ url, concurrency: 2, lockMs: 30_000, stalledMs: 30_000, maxStalled: 3, stop });
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const name = `${os.hostname()}:${process.pid}`;
  const redis = await connectRedis(options.url);
  const pools = new Map<string, ContextPool>();
  const contexts = new Map<string, Promise<PathRunContext>>();
  let chunksRun = 0;

  const contextOf = (hash: string) => {
    let context = contexts.get(hash);
    if (context === undefined) {
      context = redis.get(contextKey(hash)).then((json) => {
        if (json === null) throw new CascadeError(`path context ${hash} is not in Redis (expired or deleted)`);
        return JSON.parse(json) as PathRunContext;
      });
      context.catch(() => contexts.delete(hash));
      contexts.set(hash, context);
    }
    return context;
  };

  /** Threads started before their context was known, ready; the next context without a pool adopts them. */
  let standby: Piscina | undefined = await startStandby(options.concurrency).catch(async (error: unknown) => {
    await redis.quit();
    throw error;
  });
  let standbyStarting: Promise<void> | undefined;
  let standbyFailed = false;
  let lastActivity = performance.now();

  const poolOf = (hash: string, context: PathRunContext): ContextPool => {
    let entry = pools.get(hash);
    if (entry === undefined) {
      const idle = [...pools.entries()].filter(([, e]) => e.busy === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      for (const [key, old] of idle.slice(0, Math.max(0, idle.length - IDLE_POOLS_KEPT + 1))) {
        pools.delete(key);
        void old.pool.destroy();
      }
      if (standby !== undefined) {
        entry = { pool: standby, busy: 0, lastUsed: 0, carriesContext: true };
        standby = undefined;
      } else {
        entry = { pool: pathThreadPool(options.concurrency, context), busy: 0, lastUsed: 0, carriesContext: false };
      }
      pools.set(hash, entry);
    }
    return entry;
  };

  // A worker idle for a while (its batch done) starts new standby threads, so that the next batch finds it warm.
  const rewarm = setInterval(() => {
    const idle = [...pools.values()].every((entry) => entry.busy === 0);
    if (standby !== undefined || standbyStarting !== undefined || standbyFailed || !idle) return;
    if (performance.now() - lastActivity < STANDBY_AFTER_IDLE_MS) return;
    standbyStarting = startStandby(options.concurrency).then(
      (pool) => {
        standby = pool;
        standbyStarting = undefined;
      },
      (error: unknown) => {
        standbyFailed = true; // chunks still run, on pools started with them
        standbyStarting = undefined;
        log(`${name}: standby threads did not start: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }, 1000);
  rewarm.unref();

  const processChunk = async (job: Job<ChunkJobData>): Promise<{ paths: number; failed: number }> => {
    const { run, context: hash, tasks } = job.data;
    const context = await contextOf(hash);
    // Each of this worker's threads builds its own world: refuse the chunk here, before any is allocated.
    if (!pools.has(hash)) checkWorkerMemory(context, options.concurrency);
    const entry = poolOf(hash, context);
    const first = tasks[0];
    log(
      `${name}: chunk ${job.id} started (batch ${run}, ${tasks.length} paths from cell ${first?.cell} path ${first?.path}, attempt ${job.attemptsMade + 1})`,
    );
    entry.busy += 1;
    lastActivity = performance.now();
    let result: ChunkResult;
    try {
      const message: PathTask[] | ContextChunk = entry.carriesContext ? { hash, context, tasks } : tasks;
      result = (await entry.pool.run(message)) as ChunkResult;
    } finally {
      entry.busy -= 1;
      entry.lastUsed = lastActivity = performance.now();
    }
    const message: ChunkMessage = { job: job.id ?? '', worker: name, result };
    // Pushed before the job completes: a worker killed in between leaves a duplicate, which the collector skips.
    await redis.rpush(resultsKey(run), v8.serialize(message));
    await redis.expire(resultsKey(run), RUN_TTL_SECONDS);
    chunksRun += 1;
    return { paths: result.records.length, failed: result.failures.length };
  };

  const worker = new Worker<ChunkJobData>(QUEUE_NAME, processChunk, {
    connection: workerConnection(options.url),
    concurrency: options.concurrency + PREFETCH_CHUNKS,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledMs,
    maxStalledCount: options.maxStalled,
    name,
  });
  worker.on('failed', (job, error) => log(`${name}: chunk ${job?.id} failed: ${error.message}`));
  worker.on('error', (error) => log(`${name}: ${error.message}`));
  log(
    `${name}: worker listening on ${displayUrl(options.url)} (queue ${QUEUE_NAME}), ${options.concurrency} thread(s); Ctrl-C stops after the chunks under way`,
  );
  try {
    await options.stop;
  } finally {
    clearInterval(rewarm);
    await worker.close();
    await standbyStarting;
    await Promise.all([...pools.values()].map((entry) => entry.pool.destroy()));
    await standby?.destroy();
    await redis.quit();
    log(`${name}: stopped after ${chunksRun} chunk(s)`);
  }
}
