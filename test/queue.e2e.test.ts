/**
 * Distributed batches end to end, with real components only: a Redis server of this test, `cascade worker` child
 * processes, the submitting `cascade mc --queue` as a child process and real DuckDB stores. A worker SIGKILLed
 * mid-chunk, a coordinator SIGKILLed mid-batch, and a chunk that fails on every attempt; each time the stored batch
 * must equal a local run of the same command, path by path and byte for byte in paths.csv.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import { repoRoot, runCli } from './helpers/cli.js';
import { startCliChild, stopChild, type CliChild } from './helpers/cli-child.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

/** A small batch: 8 paths of the shipped Monte Carlo scenario, shrunk, in chunks of 2 (4 chunk jobs). */
const PATHS = 8;
const CHUNK = 2;
const BATCH = ['mc', '--paths', String(PATHS), '--set', 'blocks=200', '--set', 'protocols.0.borrowers.count=300'];
/** Stalled-job settings short enough for a test: a dead worker's chunk is retried about 2 s after it died. */
const FAST_STALL = ['--lock-ms', '1500', '--stalled-ms', '500', '--max-stalled', '5'];

let redis: TestRedis;
let dir: string;
const children: CliChild[] = [];

function startCli(args: readonly string[]): CliChild {
  const child = startCliChild(args);
  children.push(child);
  return child;
}

function startWorker(): CliChild {
  return startCli(['worker', '--queue', redis.url, '--concurrency', '1', ...FAST_STALL]);
}

const stop = stopChild;

/** stdout of a batch command without its last line, which names the --out directory. */
const report = (stdout: string) => stdout.replace(/\nWrote summary\.json.*\n$/, '\n');

beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-queue-e2e-'));
}, 30_000);

afterAll(async () => {
  await Promise.all(children.map((child) => stop(child, 'SIGKILL')));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('cascade mc --queue with cascade worker processes', () => {
  let local: { stdout: string; csv: Buffer };

  beforeAll(() => {
    const out = path.join(dir, 'local');
    const result = runCli([...BATCH, '--workers', '1', '--db', path.join(dir, 'local.duckdb'), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    local = { stdout: result.stdout, csv: readFileSync(path.join(out, 'paths.csv')) };
  }, 120_000);

  it('stores exactly the local run when one of two workers is SIGKILLed mid-chunk', async () => {
    const doomed = startWorker();
    const survivor = startWorker();
    await Promise.all([doomed.line(/worker listening/), survivor.line(/worker listening/)]);
    const out = path.join(dir, 'queued');
    const coordinator = startCli([
      ...BATCH,
      '--queue',
      redis.url,
      '--chunk-size',
      String(CHUNK),
      '--db',
      path.join(dir, 'queued.duckdb'),
      '--out',
      out,
    ]);
    // The first chunk a worker takes is announced before it runs, and its 2 paths on threads that have not run a path
    // yet (the scenario parsed, the code compiled) take far longer than the kill does to arrive; the worker also
    // holds a second chunk, waiting for its thread.
    const [, chunk] = await doomed.line(/chunk (\S+) started/);
    doomed.process.kill('SIGKILL');
    expect(await doomed.exit).toBe(null);
    expect(await coordinator.exit).toBe(0);
    // The survivor ran the dead worker's chunk once its lock lapsed.
    expect(survivor.stderr).toContain(`chunk ${chunk} started`);
    expect(report(coordinator.stdout)).toBe(report(local.stdout));
    expect(readFileSync(path.join(out, 'paths.csv')).equals(local.csv)).toBe(true);
    expect(coordinator.stderr).toMatch(new RegExp(`${PATHS}/${PATHS} paths \\(100%\\)`));

    const status = runCli(['queue', 'status', '--queue', redis.url, '--json']);
    expect(status.status).toBe(0);
    const runs = (JSON.parse(status.stdout) as { runs: { completed: number; failed: number; uncollected: number }[] })
      .runs;
    // 8 paths in chunks of 2: 4 chunk jobs, each completed once, none failed, nothing left to collect.
    expect(runs).toEqual([expect.objectContaining({ completed: PATHS / CHUNK, failed: 0, uncollected: 0 })]);
    await stop(survivor);
  });

  it('runs two batches of different path contexts on one worker, back to back, each as the local run', async () => {
    const worker = startWorker();
    await worker.line(/worker listening/);
    // Without --out no price series are kept (another path context than with it): the first batch takes the threads
    // the worker started before listening, the second a pool of its own (or standby threads started meanwhile).
    const queued = (name: string, more: string[]) =>
      runCli([...BATCH, '--queue', redis.url, '--chunk-size', String(CHUNK), '--db', path.join(dir, name), ...more]);
    const first = queued('first.duckdb', []);
    expect(first.status).toBe(0);
    expect(first.stdout.trimEnd()).toBe(report(local.stdout).trimEnd()); // the same report, less the --out line
    const out = path.join(dir, 'second');
    const second = queued('second.duckdb', ['--out', out]);
    expect(second.status).toBe(0);
    expect(report(second.stdout)).toBe(report(local.stdout));
    expect(readFileSync(path.join(out, 'paths.csv')).equals(local.csv)).toBe(true);
    await stop(worker);
    expect(worker.stderr).toContain(`stopped after ${(2 * PATHS) / CHUNK} chunk(s)`);
  }, 300_000);

  it('resumes when the coordinator is SIGKILLed mid-batch (collect, then the same command)', async () => {
    const db = path.join(dir, 'resumed.duckdb');
    const args = [...BATCH, '--queue', redis.url, '--chunk-size', String(CHUNK), '--db', db];
    // Killed once its chunks are queued and before any worker runs: a fixed point in the batch. (Waiting for a
    // progress line with part of the batch stored raced the worker: on a fast machine all chunks could be gathered
    // in one round, the partial line never came and the test hung.) The worker then runs every chunk with no
    // coordinator alive; `collect` stores them, and the same command resumes from the store.
    const first = startCli(args);
    await first.line(/batch mc-[0-9a-f]{12}: \d+ chunks/);
    first.process.kill('SIGKILL');
    expect(await first.exit).toBe(null);
    const worker = startWorker();
    const id = /batch (mc-[0-9a-f]{12})/.exec(first.stderr)?.[1];
    expect(id).toBeDefined();

    const collected = runCli(['collect', id ?? '', '--queue', redis.url, '--db', db]);
    expect(collected.status).toBe(0);
    expect(collected.stdout).toContain(`${PATHS} of ${PATHS} paths stored`);

    const out = path.join(dir, 'resumed');
    const again = runCli([...args, '--out', out]);
    expect(again.status).toBe(0);
    expect(report(again.stdout)).toBe(report(local.stdout));
    expect(readFileSync(path.join(out, 'paths.csv')).equals(local.csv)).toBe(true);
    await stop(worker);
  }, 300_000);
});

describe('a chunk that fails on every attempt', () => {
  it('reaches the user with its cell, path indices, seeds and a cascade run command, and exits 1', async () => {
    await Promise.all(children.map((child) => stop(child)));
    // A scenario reading its borrowers from a file that is removed after the submitting command checked it.
    const scenarioDir = path.join(dir, 'book-scenario');
    mkdirSync(path.join(scenarioDir, 'books'), { recursive: true });
    const scenario = path.join(scenarioDir, 'book-from-file.yaml');
    copyFileSync(path.join(repoRoot, 'scenarios', 'book-from-file.yaml'), scenario);
    const book = path.join(scenarioDir, 'books', 'lending-sample.csv');
    copyFileSync(path.join(repoRoot, 'scenarios', 'books', 'lending-sample.csv'), book);
    const coordinator = startCli([
      'mc',
      scenario,
      '--paths',
      '4',
      '--seed',
      '7',
      '--set',
      'blocks=50',
      '--queue',
      redis.url,
      '--chunk-size',
      '2',
      '--db',
      path.join(dir, 'failing.duckdb'),
    ]);
    await coordinator.line(/no worker is listening yet/);
    unlinkSync(book);
    writeFileSync(path.join(scenarioDir, 'README'), 'the book file was removed on purpose\n');
    const worker = startWorker();
    expect(await coordinator.exit).toBe(1);
    await stop(worker);
    const message = coordinator.stderr;
    expect(message).toContain('2 chunks of batch');
    expect(message).toMatch(/cell 0, paths 0–1, 3 attempt\(s\)/);
    expect(message).toMatch(/cell 0, paths 2–3, 3 attempt\(s\)/);
    for (const p of [0, 1, 2, 3])
      expect(message).toContain(`path ${p}, seed ${pathSeed(7, p)}: cascade run ${scenario} --seed ${pathSeed(7, p)}`);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
  });
});
