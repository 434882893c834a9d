// `npx tsx bench/queue.bench.ts` (after `npm run build`): distributed batches against the local thread pool, all as a
// user runs them: the compiled CLI in child processes, a Redis server of this bench on a free 127.0.0.1 port
// (/usr/bin/redis-server), fresh DuckDB files.
//   1. Throughput: the same `cascade mc` batch of the shipped default scenario (CASCADE_QUEUE_BENCH_PATHS paths,
//      default 200; 0 skips this part) run locally on 2 threads, then with --queue on 1 worker process of 2
//      threads, then on 2 worker processes of 1 thread each. Workers are started (and listening) before the clock
//      starts, and so are their path threads (a worker starts them before it listens; a local pool's start with its
//      batch). Every queued run's summary must equal the local one.
//   2. Costs behind a projection to N machines, in this process and in CPU time (less sensitive to other load on
//      the machine than wall time): CPU per path of the default scenario on one thread (PathRunner, as a worker
//      thread runs it); the queue's overhead per chunk (real BullMQ queue and worker, real Redis, a message of CHUNK
//      real path records pushed and gathered as cascade worker and the coordinator do: CPU of this process and of
//      the Redis server, and wall time, per chunk); and the single writer's CPU per stored path
//      (ResultsStore.writePaths into a fresh DuckDB file, CHUNK × 16 paths a transaction).
// Speed is reported, never asserted; the machine's load is printed beside it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { PathRunner, runChunk, type ChunkResult } from '../src/analysis/batch/path-runner.js';
import { planBatch } from '../src/cli/batch/plan.js';
import { defaultMcScenarioPath } from '../src/cli/default-scenario.js';
import { planContext } from '../src/cli/queue/coordinator.js';
import { openStore } from '../src/store/index.js';
import { startRedis } from '../test/helpers/redis.js';

const PATHS = Number(process.env.CASCADE_QUEUE_BENCH_PATHS ?? 200);
const CHUNK = 16;
const SAMPLE_PATHS = 8;
const OVERHEAD_CHUNKS = 400;
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-queue-bench-'));
const redis = await startRedis();
const env = { ...process.env, CASCADE_PROGRESS: '0' };
let runs = 0;

/** Runs `cascade mc ARGS --json` with a fresh store; returns the wall time and the JSON summary. */
function mc(args: string[]): { seconds: number; summary: string } {
  runs += 1;
  const started = performance.now();
  const output = execFileSync(
    process.execPath,
    [cli, 'mc', ...args, '--db', path.join(dir, `run-${runs}.duckdb`), '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'], env },
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, summary: JSON.stringify((JSON.parse(output) as { summary: unknown }).summary) };
}

/** Starts `count` worker processes of `threads` threads each and waits until all listen. */
async function workers(count: number, threads: number): Promise<ChildProcess[]> {
  const started = Array.from({ length: count }, () =>
    // --force-workers: the bench sets the thread count itself, whatever the core count of the machine it runs on.
    spawn(
      process.execPath,
      [cli, 'worker', '--queue', redis.url, '--concurrency', String(threads), '--force-workers'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env,
      },
    ),
  );
  await Promise.all(
    started.map(
      (child) =>
        new Promise<void>((resolve) => {
          let text = '';
          child.stderr?.on('data', (data: Buffer) => {
            text += data.toString();
            if (text.includes('listening')) resolve();
          });
        }),
    ),
  );
  return started;
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
}

/** CPU milliseconds (user + system) of this process since `since`. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** CPU seconds the Redis server has used so far (INFO cpu). */
async function redisCpu(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Part 2: per-path CPU, queue overhead per chunk, writer CPU per path. */
async function costs(): Promise<void> {
  const { plan, dir: baseDir } = planBatch({
    kind: 'mc',
    file: defaultMcScenarioPath(),
    sets: [],
    paths: SAMPLE_PATHS,
    cells: [{ cell: 0, parameters: {} }],
  });
  const runner = new PathRunner(planContext(plan, baseDir, 0));
  runChunk(runner, [{ cell: 0, path: 0 }]); // warm-up: parse, compile
  let since = process.cpuUsage();
  const tasks = Array.from({ length: SAMPLE_PATHS - 1 }, (_, i) => ({ cell: 0, path: i + 1 }));
  const sample = runChunk(runner, tasks);
  const perPathMs = cpuMs(since) / tasks.length;
  const chunkResult: ChunkResult = {
    records: Array.from({ length: CHUNK }, (_, i) => ({ ...sample.records[i % sample.records.length], path: i })),
    failures: [],
  };
  const messageBytes = v8.serialize({ job: 'x', worker: 'bench', result: chunkResult }).length;
  console.log('\nCosts (CPU time in this process):');
  console.log(`  one path of the default scenario, one thread:   ${fmt(perPathMs, 1)} ms CPU`);

  // Queue overhead: OVERHEAD_CHUNKS chunk jobs through BullMQ, each answered with a CHUNK-path message.
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const queue = new Queue('bench-chunks', { connection });
  const worker = new Worker(
    'bench-chunks',
    async (job) => {
      await client.rpush('bench:results', v8.serialize({ job: job.id, worker: 'bench', result: chunkResult }));
      return { paths: CHUNK };
    },
    { connection, concurrency: 2, autorun: false },
  );
  const redisBefore = await redisCpu(client);
  since = process.cpuUsage();
  const started = performance.now();
  void worker.run();
  await queue.addBulk(
    Array.from({ length: OVERHEAD_CHUNKS }, (_, k) => ({
      name: 'chunk',
      data: { run: 'bench', context: 'x', tasks: chunkResult.records.map((r) => ({ cell: 0, path: r.path })) },
      opts: { jobId: `bench~${CHUNK}~0~${k}`, removeOnComplete: { age: 3600 } },
    })),
  );
  let gathered = 0;
  while (gathered < OVERHEAD_CHUNKS) {
    const messages = await client.lrangeBuffer('bench:results', 0, 255);
    for (const message of messages) v8.deserialize(message);
    if (messages.length > 0) await client.ltrim('bench:results', messages.length, -1);
    gathered += messages.length;
    if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const wallPerChunk = (performance.now() - started) / OVERHEAD_CHUNKS;
  const cpuPerChunk = cpuMs(since) / OVERHEAD_CHUNKS;
  const redisPerChunk = (((await redisCpu(client)) - redisBefore) * 1000) / OVERHEAD_CHUNKS;
  await worker.close();
  await queue.close();
  await client.quit();
  console.log(
    `  queue overhead per chunk (${CHUNK} paths, ${fmt(messageBytes / 1024, 0)} KiB message): ${fmt(cpuPerChunk)} ms CPU ` +
      `(worker + coordinator), ${fmt(redisPerChunk)} ms CPU of Redis, ${fmt(wallPerChunk)} ms wall (2 at once, ${OVERHEAD_CHUNKS} chunks)`,
  );

  // The single writer: ResultsStore.writePaths, as the coordinator calls it.
  const store = await openStore(path.join(dir, 'writer.duckdb'));
  const writes = 20;
  const perWrite = CHUNK * 16;
  const bigPlan = { ...plan, paths: writes * perWrite };
  await store.beginBatch(bigPlan);
  since = process.cpuUsage();
  const writeStarted = performance.now();
  for (let w = 0; w < writes; w++)
    await store.writePaths(
      bigPlan.id,
      Array.from({ length: perWrite }, (_, i) => ({ ...chunkResult.records[i % CHUNK], path: w * perWrite + i })),
    );
  const writerCpu = cpuMs(since) / (writes * perWrite);
  const writerWall = (performance.now() - writeStarted) / (writes * perWrite);
  await store.close();
  console.log(
    `  single writer (DuckDB, ${perWrite} paths a transaction):         ${fmt(writerCpu, 3)} ms CPU, ${fmt(writerWall, 3)} ms wall per path`,
  );
}

const queued = ['--queue', redis.url];
/** Part 1: the same batch locally and on 1 and 2 worker processes. */
async function throughput(): Promise<void> {
  const local = mc(['--paths', String(PATHS), '--workers', '2', '--seed', '1']);
  let pool = await workers(1, 2);
  const oneProcess = mc(['--paths', String(PATHS), '--seed', '1', ...queued]);
  await stopAll(pool);
  pool = await workers(2, 1);
  const twoProcesses = mc(['--paths', String(PATHS), '--seed', '1', ...queued]);
  await stopAll(pool);
  for (const [name, run] of [
    ['1 worker process', oneProcess],
    ['2 worker processes', twoProcesses],
  ] as const)
    if (run.summary !== local.summary) throw new Error(`${name}: the summary differs from the local run's`);
  console.log('\nThroughput (wall time of the whole command; summaries identical to the local run):');
  console.log(
    `  local, 2 threads:                       ${fmt(local.seconds)} s, ${fmt(PATHS / local.seconds)} paths/s`,
  );
  for (const [name, run] of [
    ['queue, 1 worker process × 2 threads:  ', oneProcess],
    ['queue, 2 worker processes × 1 thread: ', twoProcesses],
  ] as const)
    console.log(
      `  ${name} ${fmt(run.seconds)} s, ${fmt(PATHS / run.seconds)} paths/s, ${fmt(local.seconds / run.seconds)}× the local rate`,
    );
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const load = () => os.loadavg()[0].toFixed(1);
try {
  console.log(
    `Queue bench: ${os.cpus().length} cores, 1-minute load ${load()} at start; ${PATHS} paths of the default scenario`,
  );
  if (PATHS > 0) await throughput();
  // 2. Costs behind the projection.
  await costs();
  console.log(`\n1-minute load at the end: ${load()}`);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
