// `npx tsx bench/queue.bench.ts` (after `npm run build`): distributed batches against the local thread pool, all as a
// user runs them: the compiled CLI in child processes, a Redis server of this bench on a free 127.0.0.1 port
// (/usr/bin/redis-server), fresh DuckDB files.
//   1. Throughput: the same `cascade mc` batch of the shipped default scenario (CASCADE_QUEUE_BENCH_PATHS paths,
//      default 200) run locally on 2 threads, then with --queue on 1 worker process of 2 threads, then on 2 worker
//      processes of 1 thread each. Workers are started (and listening) before the clock starts; their threads start
//      with the batch, as a local pool's do. Every queued run's summary must equal the local one.
//   2. Overhead per chunk: tiny paths (1 block, 10 borrowers) one per chunk, at two path counts, locally and on the
//      queue (1 worker process, 2 threads); the difference of the two slopes (seconds per extra path) is what the
//      queue adds per chunk, with start-up costs cancelled.
// Speed is reported, never asserted; the machine's load is printed beside it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../test/helpers/redis.js';

const PATHS = Number(process.env.CASCADE_QUEUE_BENCH_PATHS ?? 200);
const CHUNK = 16;
const TINY = ['--set', 'blocks=1', '--set', 'protocols.0.borrowers.count=10'];
const TINY_COUNTS = [100, 400];
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
    spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--concurrency', String(threads)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    }),
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

const queued = (chunk: number) => ['--queue', redis.url, '--chunk-size', String(chunk)];
const fmt = (n: number, digits = 2) => n.toFixed(digits);
const load = () => os.loadavg()[0].toFixed(1);
try {
  console.log(
    `Queue bench: ${os.cpus().length} cores, 1-minute load ${load()} at start; ${PATHS} paths of the default scenario`,
  );
  // 1. Throughput.
  const local = mc(['--paths', String(PATHS), '--workers', '2', '--seed', '1']);
  let pool = await workers(1, 2);
  const oneProcess = mc(['--paths', String(PATHS), '--seed', '1', ...queued(CHUNK)]);
  await stopAll(pool);
  pool = await workers(2, 1);
  const twoProcesses = mc(['--paths', String(PATHS), '--seed', '1', ...queued(CHUNK)]);
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

  // 2. Overhead per chunk.
  const slope = (a: { seconds: number }, b: { seconds: number }) =>
    (b.seconds - a.seconds) / (TINY_COUNTS[1] - TINY_COUNTS[0]);
  const tinyLocal = TINY_COUNTS.map((n) => mc([...TINY, '--paths', String(n), '--workers', '2']));
  pool = await workers(1, 2);
  const tinyQueued = TINY_COUNTS.map((n) => mc([...TINY, '--paths', String(n), ...queued(1)]));
  await stopAll(pool);
  const localSlope = slope(tinyLocal[0], tinyLocal[1]);
  const queueSlope = slope(tinyQueued[0], tinyQueued[1]);
  console.log(`\nOverhead per chunk (tiny paths, one per chunk, ${TINY_COUNTS.join(' and ')} paths):`);
  console.log(
    `  local:  ${tinyLocal.map((r) => fmt(r.seconds)).join(' s, ')} s → ${fmt(localSlope * 1000, 1)} ms per extra path`,
  );
  console.log(
    `  queue:  ${tinyQueued.map((r) => fmt(r.seconds)).join(' s, ')} s → ${fmt(queueSlope * 1000, 1)} ms per extra path`,
  );
  console.log(
    `  the queue adds ${fmt((queueSlope - localSlope) * 1000, 1)} ms of wall time per chunk (2 threads busy)`,
  );
  console.log(`\n1-minute load at the end: ${load()}`);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
