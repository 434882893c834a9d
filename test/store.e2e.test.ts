/**
 * End-to-end tests of the results store: crash safety with a real SIGKILL of a writing process,
 * resume, and the `cascade runs`, `show` and `export` commands as real child processes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PathRecord } from '../src/analysis/batch/types.js';
import { openStore } from '../src/store/index.js';
import { syntheticPlan, syntheticRecord } from '../src/store/synthetic.test-helper.js';
import { repoRoot } from './helpers/cli.js';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const writerScript = path.join(repoRoot, 'test', 'fixtures', 'store-writer.ts');
const cliScript = path.join(repoRoot, 'src', 'cli', 'main.ts');

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-store-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The crash batch: 2 cells × 300 paths, 50 paths per transaction, 2 series × 200 points per path. */
const CELLS = 2;
const PATHS = 300;
const K = 50;
const POINTS = 200;
const ID = 'crash-batch';
const db = path.join(dir, 'crash.duckdb');
const writerArgs = [db, ID, String(CELLS), String(PATHS), String(K), String(POINTS)];

/** The (cell, path) pairs in the order the writer writes them: cell-major. */
const writeOrder = Array.from({ length: CELLS * PATHS }, (_, i) => [Math.floor(i / PATHS), i % PATHS] as const);

/** Runs the writer; SIGKILLs it as soon as it prints `killAt`. Resolves with its signal and output lines. */
function runWriterUntil(killAt: string): Promise<{ signal: NodeJS.Signals | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, writerScript, ...writerArgs], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line === killAt) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, lines, stderr }));
  });
}

/** Runs the writer to its end; returns its final JSON line. */
function runWriterToEnd(): { resumed: boolean; statusBefore: string; skipped: number; added: number } {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, writerScript, ...writerArgs], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as ReturnType<typeof runWriterToEnd>;
}

/** Every stored path of the crash batch, read with a fresh read-only open (so after WAL recovery). */
async function storedPaths(): Promise<{ records: PathRecord[]; status: string | undefined }> {
  const store = await openStore(db, { readOnly: true });
  try {
    return { records: await store.paths(ID, { series: true }), status: (await store.batch(ID))?.status };
  } finally {
    await store.close();
  }
}

describe('crash safety and resume', () => {
  it('a writer killed with SIGKILL mid-transaction leaves whole transactions only; resume completes the batch exactly; a rerun adds nothing', async () => {
    const killed = await runWriterUntil('writing 4');
    expect(killed.stderr).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.lines).toContain('committed 3');
    // The committed transactions are still only in the write-ahead log: reopening must replay it.
    expect(existsSync(`${db}.wal`)).toBe(true);

    const afterCrash = await storedPaths();
    const n = afterCrash.records.length;
    // Whole transactions of K paths only: 3 committed, the 4th (under way at the kill) all or nothing.
    expect(n % K).toBe(0);
    expect(n === 3 * K || n === 4 * K).toBe(true);
    // Exactly the first n paths in write order, each once, each with its full content and both series.
    expect(afterCrash.records.map((r) => [r.cell, r.path])).toEqual(writeOrder.slice(0, n));
    for (const record of afterCrash.records) expect(record).toEqual(syntheticRecord(record.cell, record.path, POINTS));
    // Its writer is dead: the batch reads as interrupted, never as running or complete.
    expect(afterCrash.status).toBe('interrupted');

    const resumed = runWriterToEnd();
    expect(resumed).toEqual({ resumed: true, statusBefore: 'interrupted', skipped: n, added: CELLS * PATHS - n });
    const complete = await storedPaths();
    expect(complete.status).toBe('complete');
    expect(complete.records.map((r) => [r.cell, r.path])).toEqual(writeOrder);
    for (const record of complete.records) expect(record).toEqual(syntheticRecord(record.cell, record.path, POINTS));

    const rerun = runWriterToEnd();
    expect(rerun).toEqual({ resumed: true, statusBefore: 'complete', skipped: CELLS * PATHS, added: 0 });
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const counts = (
      await connection.runAndReadAll(
        'SELECT (SELECT count(*) FROM paths) AS paths, (SELECT count(*) FROM series) AS points',
      )
    ).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    expect(counts).toEqual([{ paths: BigInt(CELLS * PATHS), points: BigInt(CELLS * PATHS * 2 * POINTS) }]);
  });
});

/** Runs `cascade ARGS...` with `cwd` as working directory. */
function cascade(args: string[], cwd = dir): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, cliScript, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cascade runs, show, export', () => {
  const cliDir = path.join(dir, 'cli');
  const cliDb = path.join(cliDir, 'cascade.duckdb');

  beforeAll(async () => {
    mkdirSync(cliDir);
    const store = await openStore(cliDb);
    await store.beginBatch(syntheticPlan('sweep-a', 2, 3));
    await store.writePaths('sweep-a', [syntheticRecord(0, 0), syntheticRecord(0, 1), syntheticRecord(1, 2)]);
    await store.completeBatch('sweep-a');
    await store.beginBatch(
      syntheticPlan('mc-b', 1, 10, { kind: 'mc', createdAt: '2025-03-01T00:00:00.000Z', scenario: 'thin' }),
    );
    await store.close();
  });

  it('runs lists the batches in the default cascade.duckdb of the working directory, as a table and as JSON', () => {
    const table = cascade(['runs'], cliDir);
    expect(table.stderr).toBe('');
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['ID', 'KIND', 'SCENARIO', 'PATHS', 'STATUS', 'CREATED']);
    expect(lines[1].split(/\s+/)).toEqual([
      'sweep-a',
      'sweep',
      'synthetic',
      '3/6',
      'complete',
      '2025-01-01T00:00:00.000Z',
    ]);
    expect(lines[2].split(/\s+/)).toEqual(['mc-b', 'mc', 'thin', '0/10', 'running', '2025-03-01T00:00:00.000Z']);
    const json = cascade(['runs', '--json', '--db', cliDb]);
    expect(json.status).toBe(0);
    const list = JSON.parse(json.stdout) as { id: string; pathsDone: number; pathsPlanned: number; status: string }[];
    expect(list.map((b) => [b.id, b.pathsDone, b.pathsPlanned, b.status])).toEqual([
      ['sweep-a', 3, 6, 'complete'],
      ['mc-b', 0, 10, 'running'],
    ]);
  });

  it('show prints the plan and per-cell mean/min/max; --json carries the same numbers', () => {
    const text = cascade(['show', 'sweep-a', '--db', cliDb]);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Paths\s+3 of 6 \(3 per cell × 2 cells\)$/m);
    expect(text.stdout).toContain('Cell 0: protocols.0.liquidationBonus=0.05 (2 paths)');
    // badDebtUsd = x + 0.1 over x = 0, 1: mean 0.6, min 0.1, max 1.1, printed as USD with 2 decimals.
    expect(text.stdout).toMatch(/^ {2}badDebtUsd \[USD\]\s+0\.60\s+0\.10\s+1\.10$/m);
    const json = JSON.parse(cascade(['show', 'sweep-a', '--db', cliDb, '--json']).stdout) as {
      batch: { id: string; pathsPerCell: number };
      cells: {
        cell: number;
        paths: number;
        metrics: Record<string, { mean: number | null; min: number | null; max: number | null }>;
      }[];
    };
    expect(json.batch).toMatchObject({ id: 'sweep-a', pathsPerCell: 3 });
    expect(json.cells.map((c) => c.paths)).toEqual([2, 1]);
    expect(json.cells[0].metrics.liquidations).toEqual({ count: 2, mean: 0.5, min: 0, max: 1 });
    // Cell 1 holds only x = 1002: liquidatedDebtUsd = 1000·x.
    expect(json.cells[1].metrics.liquidatedDebtUsd).toEqual({
      count: 1,
      mean: 1_002_000,
      min: 1_002_000,
      max: 1_002_000,
    });
  });

  it('export writes a Parquet file of the batch paths', async () => {
    const file = path.join(cliDir, 'sweep-a.parquet');
    const result = cascade(['export', 'sweep-a', '--parquet', file, '--db', cliDb]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Wrote 3 paths of batch sweep-a to ${file}\n`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const rows = (
      await connection.runAndReadAll('SELECT cell, path, seed, "liquidatedDebtUsd" FROM read_parquet($1)', [file])
    ).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    expect(rows).toEqual([
      { cell: 0, path: 0, seed: 0n, liquidatedDebtUsd: 0 },
      { cell: 0, path: 1, seed: 1n, liquidatedDebtUsd: 1000 },
      { cell: 1, path: 2, seed: 1002n, liquidatedDebtUsd: 1_002_000 },
    ]);
  });

  it('an unknown batch id exits 2 and says how to list the ids', () => {
    for (const args of [
      ['show', 'nope'],
      ['export', 'nope', '--parquet', path.join(cliDir, 'x.parquet')],
    ]) {
      const result = cascade([...args, '--db', cliDb]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `no batch "nope" in ${cliDb}; run \`cascade runs --db ${cliDb}\` to list the stored batch ids`,
      );
    }
    expect(existsSync(path.join(cliDir, 'x.parquet'))).toBe(false);
  });

  it('a missing database exits 2 with a clear message and is not created by reading', () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    for (const args of [['runs'], ['export', 'sweep-a', '--parquet', 'x.parquet']]) {
      const result = cascade(args, empty);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--db cascade.duckdb: no such file');
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('export without --parquet names the flag and exits 2', () => {
    const result = cascade(['export', 'sweep-a', '--db', cliDb]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--parquet: missing; give --parquet FILE');
  });
});
