/**
 * Crash safety of stored batches and output sets, with real processes and real DuckDB files: a `cascade mc` killed
 * with SIGKILL mid-batch reads as interrupted (never running or complete), `runs`/`show` work while it writes, a
 * partial export is marked, the same command resumes it to exactly the paths of an uninterrupted run; a second
 * writer of the same batch is refused naming the owner; a held store makes readers and `run` wait, then fail naming
 * the holder, with no `--out` files; a kill between the renames of an `--out` set leaves no manifest (so no set is
 * trusted), and the next run cleans the stale staging folder; over-long output names are one clear error line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type StoredBatch } from '../src/store/index.js';
import { makeTempDir, removeTempDirs, repoRoot, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const SCENARIO = path.join(repoRoot, 'scenarios', 'thin-pool-random-shock.yaml');
const PATHS = 48;
/** The mc command of the batch under test; paths are stored a few at a time as they finish (every 2 s). */
/** Paths are made 3 times longer than the shipped 900 blocks, so the batch is still under way while it is checked. */
const mcArgs = (db: string) => [
  'mc',
  SCENARIO,
  '--paths',
  String(PATHS),
  '--workers',
  '2',
  '--set',
  'blocks=2700',
  '--id',
  'k',
  '--db',
  db,
];

/** Starts `cascade ARGS` in the background (as runCli does, but not waited for). */
function startCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, NO_COLOR: '1', CASCADE_PROGRESS: '0', ...env },
  });
}

/** Resolves when `child` has exited, with its signal. */
function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

interface ListedBatch {
  id: string;
  status: string;
  pathsDone: number;
  pathsPlanned: number;
  owner: { pid: number } | null;
}

/** `cascade runs --json` of `db`: exit status and the batches. */
function runsJson(db: string, env: Record<string, string> = {}): { status: number | null; batches: ListedBatch[] } {
  const result = runCli(['runs', '--db', db, '--json'], env);
  return { status: result.status, batches: result.status === 0 ? (JSON.parse(result.stdout) as ListedBatch[]) : [] };
}

/** Every row of a Parquet file in (cell, path) order, and its `cascade_*` key-value metadata. */
async function readParquet(file: string): Promise<{ rows: Record<string, unknown>[]; meta: Record<string, string> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll('SELECT * FROM read_parquet($1) ORDER BY cell, path', [file]))
    .getRowObjectsJS()
    .map((row) => ({ ...row }));
  const kv = (
    await connection.runAndReadAll(
      "SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata($1) WHERE decode(key) LIKE 'cascade_%'",
      [file],
    )
  ).getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return { rows, meta: Object.fromEntries(kv.map((r) => [String(r.k), String(r.v)])) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls batch `k` of `db` read-only from this process (the writer yields the file to it) until `when(pathsDone)`;
 * then, while still holding the file (so the writer holds nothing and is between writes), stops `child` with
 * SIGSTOP (unless `freeze` is false). Returns the batch as read then. Fails if the child ends first.
 */
async function freezeWhen(
  child: ChildProcess,
  db: string,
  when: (done: number) => boolean,
  freeze = true,
): Promise<StoredBatch> {
  while (child.exitCode === null && child.signalCode === null) {
    await sleep(100); // lets the child's exit be noticed
    if (!existsSync(db)) continue;
    const reader = await openStore(db, { readOnly: true }).catch(() => undefined); // tables not made yet
    if (reader === undefined) continue;
    try {
      const batch = await reader.batch('k');
      if (batch !== undefined && when(batch.pathsDone)) {
        if (freeze) child.kill('SIGSTOP');
        return batch;
      }
    } finally {
      await reader.close();
    }
  }
  throw new Error(`the batch ended (exit ${child.exitCode}) before the point to stop it`);
}

/** `cascade runs --json` of `db` run without blocking this process (so a child writer it watches runs on). */
function runsAsync(db: string): Promise<{ status: number | null; batches: ListedBatch[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'runs', '--db', db, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NO_COLOR: '1', CASCADE_PROGRESS: '0' },
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (status) =>
      resolve({ status, batches: status === 0 ? (JSON.parse(stdout) as ListedBatch[]) : [] }),
    );
  });
}

describe('a batch killed with SIGKILL, read while it writes, then resumed', () => {
  it('reads as running while written, interrupted after the kill, exports partial with a marker, resumes exactly', async () => {
    const dir = makeTempDir();
    const reference = path.join(dir, 'reference.duckdb');
    const killedDb = path.join(dir, 'killed.duckdb');

    // The uninterrupted reference run.
    expect(runCli(mcArgs(reference)).status).toBe(0);

    const child = startCli(mcArgs(killedDb));
    // This test process polls the store read-only while the batch writes (the writer yields the file to it between
    // writes); once some paths are stored, the writer is frozen (SIGSTOP) while this process holds the file, so it
    // holds nothing and is between writes.
    const frozen = await freezeWhen(child, killedDb, (done) => done > 0 && done <= PATHS / 2);
    expect(frozen.status).toBe('running');
    expect(frozen.owner?.pid).toBe(child.pid);
    // Frozen, its owner is alive: `runs` and `show` say running; `show` names the owner and says the statistics are
    // partial.
    expect(runsJson(killedDb).batches.find((b) => b.id === 'k')).toMatchObject({
      status: 'running',
      pathsDone: frozen.pathsDone,
    });
    const show = runCli(['show', 'k', '--db', killedDb]);
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/Status\s+running/);
    expect(show.stdout).toContain('Partial: the batch is running');
    expect(show.stdout).toMatch(new RegExp(`Owner\\s+process ${child.pid} on `));
    // A second process running the same batch is refused, naming the owner.
    const secondWriter = runCli(mcArgs(killedDb));
    expect(secondWriter.status).toBe(1);
    expect(secondWriter.stderr).toContain(`batch "k" in ${killedDb} is being written by process ${child.pid} on `);
    child.kill('SIGKILL');
    expect(await exited(child)).toBe('SIGKILL');

    // After the kill: interrupted, never running or complete, with the paths committed before it.
    const after = runsJson(killedDb);
    const killed = after.batches.find((b) => b.id === 'k');
    expect(killed?.status).toBe('interrupted');
    expect(killed?.pathsDone).toBe(frozen.pathsDone);
    expect(killed?.pathsDone).toBeLessThan(PATHS);
    expect(runCli(['runs', '--db', killedDb]).stdout).toContain('interrupted: the process writing the batch ended');

    // Exporting it without --allow-partial: refused with exit 3 (incomplete), nothing written.
    const partialFile = path.join(dir, 'partial.parquet');
    const refused = runCli(['export', 'k', '--parquet', partialFile, '--db', killedDb]);
    expect(refused.status).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      `cascade: batch k is interrupted: ${killed?.pathsDone} of ${PATHS} planned paths are stored`,
    );
    expect(refused.stderr).toContain('nothing was written. Pass --allow-partial');
    expect(existsSync(partialFile)).toBe(false);
    // With --allow-partial: exit 0, a warning on stderr, and the Parquet metadata says so.
    const partial = runCli(['export', 'k', '--parquet', partialFile, '--db', killedDb, '--allow-partial']);
    expect(partial.status).toBe(0);
    expect(partial.stderr).toContain('warning: batch k is interrupted');
    expect(partial.stdout).toContain(`(partial: ${killed?.pathsDone} of ${PATHS} planned)`);
    const partialRead = await readParquet(partialFile);
    expect(partialRead.rows).toHaveLength(killed?.pathsDone ?? -1);
    expect(partialRead.meta).toEqual({
      cascade_batch_id: 'k',
      cascade_batch_status: 'interrupted',
      cascade_paths_done: String(killed?.pathsDone),
      cascade_paths_failed: '0',
      cascade_paths_planned: String(PATHS),
    });

    // The same command resumes the batch. Paused once (as above) and let go as `cascade runs` starts, so that runs
    // reads while the batch writes on: it must work and report a status that fits the paths it sees.
    const resume = startCli(mcArgs(killedDb));
    const paused = await freezeWhen(resume, killedDb, (done) => done > frozen.pathsDone && done < PATHS);
    expect(paused.status).toBe('running');
    expect(paused.owner?.pid).toBe(resume.pid);
    const reading = runsAsync(killedDb);
    resume.kill('SIGCONT');
    const live = (await reading).batches.find((b) => b.id === 'k');
    expect(live?.pathsDone).toBeGreaterThanOrEqual(paused.pathsDone);
    // With every path stored the writer still has to mark the batch complete (its own transaction, after the last
    // paths): a reader in between sees all paths and `running`, never `complete` with paths missing.
    if (live?.pathsDone === PATHS) expect(['running', 'complete']).toContain(live.status);
    else expect(live?.status).toBe('running');
    expect(await exited(resume)).toBe(null);
    expect(resume.exitCode).toBe(0);
    // Complete, and every path equal to the uninterrupted run's.
    expect(runsJson(killedDb).batches.find((b) => b.id === 'k')?.status).toBe('complete');
    const [resumedFile, referenceFile] = [path.join(dir, 'resumed.parquet'), path.join(dir, 'reference.parquet')];
    const exportResumed = runCli(['export', 'k', '--parquet', resumedFile, '--db', killedDb]);
    expect(exportResumed.stderr).toBe('');
    expect(runCli(['export', 'k', '--parquet', referenceFile, '--db', reference]).status).toBe(0);
    const [resumedRead, referenceRead] = [await readParquet(resumedFile), await readParquet(referenceFile)];
    expect(resumedRead.rows).toHaveLength(PATHS);
    expect(resumedRead.rows).toEqual(referenceRead.rows);
    // The partial export's rows are the same paths as the reference's, value for value.
    expect(partialRead.rows).toEqual(
      referenceRead.rows.filter((row) => partialRead.rows.some((p) => p.path === row.path)),
    );
    expect(resumedRead.meta.cascade_batch_status).toBe('complete');
  }, 600_000);
});

/** A child process holding `db` open for writing (a plain DuckDB connection) until killed; resolves once it holds. */
async function holdStore(db: string): Promise<ChildProcess> {
  const script =
    "const { DuckDBInstance } = await import('@duckdb/node-api');" +
    'const instance = await DuckDBInstance.create(process.argv[1]);' +
    "await instance.connect(); process.stdout.write('held\\n'); setInterval(() => {}, 1000);";
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, db], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', () => reject(new Error('the holder exited')));
  });
  return child;
}

describe('a store held by another process', () => {
  it('readers and a storing run wait (bounded), then fail naming the holder; the run writes no --out files', async () => {
    const dir = makeTempDir();
    const db = path.join(dir, 'held.duckdb');
    expect(runCli(['run', SCENARIO, '--set', 'blocks=20', '--db', db]).status).toBe(0);
    const holder = await holdStore(db);
    try {
      const wait = { CASCADE_STORE_WAIT_SECONDS: '1' };
      const runs = runCli(['runs', '--db', db], wait);
      expect(runs.status).toBe(1);
      expect(runs.stderr).toContain(`${db}: the results store is held by process ${holder.pid} (`);
      expect(runs.stderr).toContain('waited 1 s');
      expect(runs.stderr.trimEnd().split('\n')).toHaveLength(1);

      const out = path.join(dir, 'out');
      const run = runCli(['run', SCENARIO, '--set', 'blocks=20', '--db', db, '--out', out], wait);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`held by process ${holder.pid}`);
      expect(existsSync(out)).toBe(false);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    // Once the holder is gone, the store opens and holds exactly the one stored run.
    const after = runsJson(db);
    expect(after.status).toBe(0);
    expect(after.batches.map((b) => b.status)).toEqual(['complete']);
  }, 120_000);
});

/** SHA-256 of a file, hex. */
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('--out as a set', () => {
  it('a kill between renames leaves no manifest; the next run cleans the staging folder and writes a whole set', async () => {
    const out = makeTempDir();
    const runArgs = (seed: number) => ['run', SCENARIO, '--set', 'blocks=30', '--seed', String(seed), '--no-store'];
    expect(runCli([...runArgs(1), '--out', out]).status).toBe(0);
    const manifestFile = path.join(out, 'cascade-manifest.json');
    const first = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      complete: boolean;
      files: { name: string; bytes: number; sha256: string }[];
    };
    expect(first.files.map((f) => f.name)).toEqual(['summary.json', 'timeseries.csv', 'report.html']);
    for (const f of first.files) expect(sha256(path.join(out, f.name))).toBe(f.sha256);
    const oldReport = sha256(path.join(out, 'report.html'));

    // Seed 2 writes other contents; the process is killed right after its first rename.
    const killed = runCli([...runArgs(2), '--out', out], {
      // test/helpers/kill-after-renames.mjs, preloaded: the CLI itself has no test hook.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(path.join(repoRoot, 'test', 'helpers', 'kill-after-renames.mjs')).href}`,
      KILL_AFTER_STAGED_RENAMES: '1',
    });
    expect(killed.signal).toBe('SIGKILL');
    const left = readdirSync(out).sort();
    // The mixed set (new summary.json beside the old report.html) has no manifest, so no reader trusts it.
    expect(left).not.toContain('cascade-manifest.json');
    expect(sha256(path.join(out, 'summary.json'))).not.toBe(first.files[0].sha256);
    expect(sha256(path.join(out, 'report.html'))).toBe(oldReport);
    const staging = left.filter((name) => name.startsWith('.cascade-tmp-'));
    expect(staging).toHaveLength(1);

    // The next run removes the dead run's staging folder and leaves a whole set with its manifest.
    expect(runCli([...runArgs(2), '--out', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['cascade-manifest.json', 'report.html', 'summary.json', 'timeseries.csv']);
    const second = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof first;
    for (const f of second.files) expect(sha256(path.join(out, f.name))).toBe(f.sha256);
    expect(second.files.find((f) => f.name === 'report.html')?.sha256).not.toBe(oldReport);
  }, 120_000);

  it('an over-long output name is one error line naming the path and reason, exit 1, nothing written', () => {
    const dir = makeTempDir();
    const longName = 'x'.repeat(300);
    const out = path.join(dir, longName);
    const run = runCli(['run', SCENARIO, '--set', 'blocks=10', '--no-store', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`cascade: --out ${out}: cannot write ${out}: file name too long (ENAMETOOLONG)\n`);

    const db = path.join(dir, 'one.duckdb');
    expect(runCli(['run', SCENARIO, '--set', 'blocks=10', '--db', db]).status).toBe(0);
    const id = runsJson(db).batches[0].id;
    const parquet = path.join(dir, `${longName}.parquet`);
    const exported = runCli(['export', id, '--parquet', parquet, '--db', db]);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toBe(
      `cascade: --parquet ${parquet}: cannot write the Parquet file: file name too long (ENAMETOOLONG)\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(['one.duckdb']);
  }, 120_000);
});
