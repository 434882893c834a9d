/**
 * Batch owners and heartbeats on real DuckDB files: a running batch whose owner process is gone reads as
 * 'interrupted', another live owner is named when a second process tries to write the same batch, and an older
 * store without the owners table is handled by the schema policy (read-only: no owners; read-write: table added).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { BATCH_OWNERS_TABLE, processStartTicks, STALE_HEARTBEAT_MS } from './batch-owner.js';
import { openStore } from './open-store.js';
import { syntheticPlan, syntheticRecord } from './synthetic.test-helper.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-owner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(root, `store-${++files}.duckdb`);

/** Runs `sql` on `file` with a plain DuckDB connection (the store closed). */
async function sqlOn(file: string, sql: string, values: (string | number | null)[] = []): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql, values);
  connection.closeSync();
  instance.closeSync();
}

/** Status of batch `id` as a fresh read-only open reports it. */
async function statusOf(file: string, id: string): Promise<string | undefined> {
  const store = await openStore(file, { readOnly: true });
  try {
    const listed = (await store.listBatches()).find((b) => b.plan.id === id)?.status;
    expect((await store.batch(id))?.status).toBe(listed);
    return listed;
  } finally {
    await store.close();
  }
}

/** A file holding running batch `id` (1 cell × 2 paths, 1 stored), begun by this process. */
async function runningBatch(id: string): Promise<string> {
  const file = freshFile();
  const store = await openStore(file);
  await store.beginBatch(syntheticPlan(id, 1, 2));
  await store.writePaths(id, [syntheticRecord(0, 0)]);
  await store.close();
  return file;
}

/** The pid of a process that has exited (so no live process has it, barring immediate reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('batch owner and live status', () => {
  it('records this process (pid, host, start time) as owner of a batch it begins; the batch reads as running', async () => {
    const file = await runningBatch('b');
    const store = await openStore(file, { readOnly: true });
    const batch = await store.batch('b');
    await store.close();
    expect(batch?.status).toBe('running');
    expect(batch?.owner?.pid).toBe(process.pid);
    expect(batch?.owner?.host).toBe(os.hostname());
    expect(batch?.owner?.processStart).toBe(processStartTicks(process.pid));
  });

  it('a running batch whose owner process has exited reads as interrupted; completing it reads as complete', async () => {
    const file = await runningBatch('b');
    await sqlOn(file, `UPDATE ${BATCH_OWNERS_TABLE} SET pid = $1`, [deadPid()]);
    expect(await statusOf(file, 'b')).toBe('interrupted');
    // Resuming records this process as the owner again: running; completing it: complete.
    const store = await openStore(file);
    const { resumed, batch } = await store.beginBatch(syntheticPlan('b', 1, 2));
    expect([resumed, batch.status]).toEqual([true, 'interrupted']);
    expect((await store.batch('b'))?.status).toBe('running');
    await store.writePaths('b', [syntheticRecord(0, 1)]);
    await store.completeBatch('b');
    await store.close();
    expect(await statusOf(file, 'b')).toBe('complete');
  });

  it('a live pid with another start time is a reused pid, not the owner: interrupted', async () => {
    const file = await runningBatch('b');
    await sqlOn(file, `UPDATE ${BATCH_OWNERS_TABLE} SET process_start = '1'`);
    expect(await statusOf(file, 'b')).toBe('interrupted');
  });

  it('an owner on another host is judged by its heartbeat: fresh is running, older than the stale age is interrupted', async () => {
    const file = await runningBatch('b');
    const fresh = new Date(Date.now() - 5_000).toISOString();
    await sqlOn(file, `UPDATE ${BATCH_OWNERS_TABLE} SET host = 'another-host.invalid', heartbeat_at = $1`, [fresh]);
    expect(await statusOf(file, 'b')).toBe('running');
    const stale = new Date(Date.now() - STALE_HEARTBEAT_MS - 5_000).toISOString();
    await sqlOn(file, `UPDATE ${BATCH_OWNERS_TABLE} SET heartbeat_at = $1`, [stale]);
    expect(await statusOf(file, 'b')).toBe('interrupted');
  });

  it('a second process may not write a batch whose owner is alive: the error names its pid and command', async () => {
    const file = await runningBatch('b');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = child.pid ?? 0;
      await sqlOn(file, `UPDATE ${BATCH_OWNERS_TABLE} SET pid = $1, process_start = $2, command = 'sleep 30'`, [
        pid,
        processStartTicks(pid) ?? null,
      ]);
      expect(await statusOf(file, 'b')).toBe('running');
      const store = await openStore(file);
      const attempt = store.beginBatch(syntheticPlan('b', 1, 2));
      // A conflict, not a malformed command line: CascadeError (exit code 1), not UsageError (exit code 2).
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CascadeError);
      expect(error).not.toBeInstanceOf(UsageError);
      await expect(attempt).rejects.toThrow(`is being written by process ${pid} on ${os.hostname()} (sleep 30)`);
      await store.close();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('an older store without the owners table: read-only, its running batch is interrupted; read-write adds the table', async () => {
    const file = await runningBatch('b');
    await sqlOn(file, `DROP TABLE ${BATCH_OWNERS_TABLE}`);
    expect(await statusOf(file, 'b')).toBe('interrupted');
    const reader = await openStore(file, { readOnly: true });
    expect((await reader.batch('b'))?.owner).toBeUndefined();
    await reader.close();
    const writer = await openStore(file);
    await writer.beginBatch(syntheticPlan('b', 1, 2));
    expect((await writer.batch('b'))?.owner?.pid).toBe(process.pid);
    await writer.close();
    expect(await statusOf(file, 'b')).toBe('running');
  });
});

/** Runs `cascade ARGS` as a child process without blocking this one (whose idle store must be able to yield). */
function cascadeAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', CASCADE_PROGRESS: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('shared store', () => {
  it('an idle shared writer yields the file to a process waiting for it; a held one makes it fail naming the holder', async () => {
    const file = freshFile();
    const writer = await openStore(file, { shared: true });
    await writer.beginBatch(syntheticPlan('b', 1, 3));
    await writer.writePaths('b', [syntheticRecord(0, 0)]);
    // The writer is idle but holds the file; `cascade runs` waits, marks itself as waiting, and the writer yields.
    const reader = await cascadeAsync(['runs', '--db', file, '--json'], { CASCADE_STORE_WAIT_SECONDS: '30' });
    expect(reader.stderr).toBe('');
    expect(reader.status).toBe(0);
    expect(JSON.parse(reader.stdout)).toMatchObject([{ id: 'b', status: 'running', pathsDone: 1 }]);
    // Its next call reopens the file; the waiting marker is gone.
    await writer.writePaths('b', [syntheticRecord(0, 1)]);
    expect((await writer.batch('b'))?.pathsDone).toBe(2);
    expect(readdirSync(path.dirname(file)).filter((name) => name.includes('.wait-'))).toEqual([]);
    await writer.close();

    const held = await openStore(file);
    const refused = await cascadeAsync(['runs', '--db', file], { CASCADE_STORE_WAIT_SECONDS: '1' });
    await held.close();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${file}: the results store is held by process ${process.pid} (`);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 120_000);
});
