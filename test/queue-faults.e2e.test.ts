/**
 * Faults of the submitting side of a distributed batch, with real components only (a Redis server of this test,
 * `cascade worker` and `cascade mc --queue` child processes, real DuckDB stores): Redis lost mid-batch, the
 * coordinator stopped with Ctrl-C, a second collector of the same batch, and a worker without the memory for a
 * batch. Each time the user gets one clear message; after the first three, the store shows the batch as interrupted
 * (never complete) and the same command finishes it equal, byte for byte, to a local run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BYTES_PER_ACCOUNT, MEMORY_SHARE } from '../src/scenario/memory.js';
import { runCli } from './helpers/cli.js';
import { startCliChild, stopChild, type CliChild } from './helpers/cli-child.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

/** 8 paths of the shipped Monte Carlo scenario, shrunk, in chunks of 2 (4 chunk jobs). */
const PATHS = 8;
const BATCH = ['mc', '--paths', String(PATHS), '--set', 'blocks=200', '--set', 'protocols.0.borrowers.count=300'];
const CHUNKS = ['--chunk-size', '2'];

let redis: TestRedis;
let dir: string;
let local: { stdout: string; csv: Buffer };
const children: CliChild[] = [];

function startCli(args: readonly string[]): CliChild {
  const child = startCliChild(args);
  children.push(child);
  return child;
}

/** stdout of a batch command without its last line, which names the --out directory. */
const report = (stdout: string) => stdout.replace(/\nWrote summary\.json.*\n$/, '\n');

/** The batch's status as `cascade runs --json` gives it. */
function statusOf(db: string, id: string): string | undefined {
  const runs = runCli(['runs', '--db', db, '--json']);
  expect(runs.status).toBe(0);
  return (JSON.parse(runs.stdout) as { id: string; status: string }[]).find((run) => run.id === id)?.status;
}

/** Runs the batch again with one worker, checks it finishes equal to the local run, and returns its stderr. */
async function finishesLikeLocal(db: string, name: string): Promise<string> {
  const worker = startCli(['worker', '--queue', redis.url, '--concurrency', '1']);
  const out = path.join(dir, name);
  const again = runCli([...BATCH, '--queue', redis.url, ...CHUNKS, '--db', db, '--out', out]);
  await stopChild(worker);
  expect(again.status).toBe(0);
  expect(report(again.stdout)).toBe(report(local.stdout));
  expect(readFileSync(path.join(out, 'paths.csv')).equals(local.csv)).toBe(true);
  return again.stderr;
}

/**
 * Starts the coordinator (storing into `db`, writing to `out`) with no worker listening, and resolves with its batch
 * id once its chunks are queued.
 */
async function queuedCoordinator(db: string, out: string): Promise<{ coordinator: CliChild; id: string }> {
  const coordinator = startCli([...BATCH, '--queue', redis.url, ...CHUNKS, '--db', db, '--out', out]);
  const [, id] = await coordinator.line(/batch (mc-[0-9a-f]{12}): 4 chunks .*no worker is listening yet/);
  return { coordinator, id: id ?? '' };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-queue-faults-'));
  const out = path.join(dir, 'local');
  const result = runCli([...BATCH, '--workers', '1', '--db', path.join(dir, 'local.duckdb'), '--out', out]);
  expect(result.status).toBe(0);
  local = { stdout: result.stdout, csv: readFileSync(path.join(out, 'paths.csv')) };
}, 120_000);

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopChild(child, 'SIGKILL')));
  await redis?.stop('SIGKILL');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the coordinator of a distributed batch', () => {
  it('exits 1 naming the queue when Redis dies, and the same command resumes once Redis is back', async () => {
    redis = await startRedis();
    const db = path.join(dir, 'redis-lost.duckdb');
    const { coordinator, id } = await queuedCoordinator(db, path.join(dir, 'redis-lost-first'));
    await redis.stop('SIGKILL');
    expect(await coordinator.exit).toBe(1);
    expect(coordinator.stderr).toContain(`the queue at ${redis.url} failed`);
    expect(coordinator.stderr).toContain(`batch ${id} keeps the 0 paths stored so far`);
    expect(coordinator.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(statusOf(db, id)).toBe('interrupted');
    expect(existsSync(path.join(dir, 'redis-lost-first'))).toBe(false); // no partial output files

    // A fresh server on the same port holds none of the old jobs: the chunks are queued again.
    redis = await startRedis(redis.port);
    expect(await finishesLikeLocal(db, 'redis-lost')).toContain('(4 queued now, 0 still queued from before)');
    expect(statusOf(db, id)).toBe('complete');
  }, 300_000);

  it('stops on Ctrl-C with exit code 130, leaves the batch interrupted, and the same command finishes it', async () => {
    redis = await startRedis();
    const db = path.join(dir, 'interrupted.duckdb');
    const { coordinator, id } = await queuedCoordinator(db, path.join(dir, 'interrupted-first'));
    coordinator.process.kill('SIGINT');
    expect(await coordinator.exit).toBe(130);
    expect(coordinator.stderr).toContain('Stopping: finishing the paths under way');
    expect(coordinator.stderr).not.toMatch(/\n\s+at /);
    expect(statusOf(db, id)).toBe('interrupted');
    expect(existsSync(path.join(dir, 'interrupted-first'))).toBe(false);

    // Its chunks are still queued: the same command finds them (or their results) and queues none again.
    expect(await finishesLikeLocal(db, 'interrupted')).not.toMatch(/\([1-9]\d* queued now/);
    expect(statusOf(db, id)).toBe('complete');
  }, 300_000);

  it('refuses a second collector of the same batch, naming the process that holds it', async () => {
    redis = await startRedis();
    const db = path.join(dir, 'two-collectors.duckdb');
    const out = path.join(dir, 'two-collectors');
    const { coordinator, id } = await queuedCoordinator(db, out);
    const pid = coordinator.process.pid ?? 0;
    // Into the same store: the store's owner record refuses it.
    const sameStore = runCli(['collect', id, '--queue', redis.url, '--db', db]);
    expect(sameStore.status).toBe(1);
    expect(sameStore.stderr).toContain(`batch "${id}" in ${db} is being written by process ${pid} on `);
    // Into another store (say, on another machine): the collector's claim in Redis refuses it.
    const otherStore = runCli(['collect', id, '--queue', redis.url, '--db', path.join(dir, 'elsewhere.duckdb')]);
    expect(otherStore.status).toBe(1);
    expect(otherStore.stderr).toContain(`batch ${id} on ${redis.url} is being collected by process `);
    expect(otherStore.stderr).toContain(`:${pid};`);
    for (const refused of [sameStore, otherStore]) expect(refused.stderr).not.toMatch(/\n\s+at /);

    // The first collector is unharmed: a worker arrives and it finishes the batch.
    const worker = startCli(['worker', '--queue', redis.url, '--concurrency', '1']);
    expect(await coordinator.exit).toBe(0);
    await stopChild(worker);
    expect(report(coordinator.stdout)).toBe(report(local.stdout));
    expect(readFileSync(path.join(out, 'paths.csv')).equals(local.csv)).toBe(true);
    expect(statusOf(db, id)).toBe('complete');
  }, 300_000);

  it('fails a chunk whose worlds the worker cannot hold, before building one, with the estimate and the remedy', async () => {
    redis = await startRedis();
    // One world fits in the worker's share of memory and `threads` of them do not (the schema allows 50M accounts).
    const limit = os.totalmem() * MEMORY_SHARE;
    const count = Math.min(50_000_000, Math.floor((0.75 * limit) / BYTES_PER_ACCOUNT));
    const threads = Math.floor(limit / (count * BYTES_PER_ACCOUNT)) + 1;
    const worker = startCli(['worker', '--queue', redis.url, '--concurrency', String(threads), '--force-workers']);
    const coordinator = startCli([
      'mc',
      '--paths',
      '2',
      '--chunk-size',
      '1',
      '--set',
      `protocols.0.borrowers.count=${count}`,
      '--queue',
      redis.url,
      '--db',
      path.join(dir, 'too-big.duckdb'),
    ]);
    expect(await coordinator.exit).toBe(1);
    const refusal = `cascade worker --concurrency ${threads}: each worker thread builds its own world of `;
    expect(coordinator.stderr).toContain('2 chunks of batch');
    expect(coordinator.stderr).toContain(refusal);
    expect(coordinator.stderr).toContain(`run with cascade worker --concurrency ${threads - 1} or fewer`);
    expect(coordinator.stderr).not.toMatch(/\n\s+at /);
    // The worker refused each attempt and is still alive, ready for other batches.
    expect(worker.stderr).toContain(refusal);
    expect(worker.process.exitCode).toBe(null);
  }, 300_000);
});
