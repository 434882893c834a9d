/**
 * A path that throws must not sink its batch: it is recorded as failed (cell, path, seed, error) in the results
 * store, the batch runs every other path, completes and reports the failures with the command that re-runs each
 * alone; a resumed batch does not run a failed path again; a batch whose every path failed exits non-zero.
 *
 * The crash is injected by a test-only mock of the kernel's runForMetrics (the batch runner's entry into the model):
 * it throws for the seeds the test names (and, as every cell runs the same seeds, only in the cell whose liquidation
 * bonus it names, when it names one), so nothing of it exists in production code. Paths run in-process
 * (workers = 1), where the mock applies; test/batch.e2e.test.ts covers failures on worker threads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { directRun, MASTER_SEED, SMALL_SETS, smallPlan, sortRecords } from '../src/analysis/batch/batch.test-helper.js';
import { runBatch, type PathFailure } from '../src/analysis/batch/run-batch.js';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import type { PathRecord } from '../src/analysis/batch/types.js';
import { executeStoredBatch } from '../src/cli/batch/execute.js';
import { rerunCommand } from '../src/cli/batch/failures.js';
import { defaultScenarioPath } from '../src/cli/default-scenario.js';
import { registerMc } from '../src/cli/mc.js';
import { CascadeError } from '../src/kernel/errors.js';
import { runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { openStore } from '../src/store/index.js';

/** Which runs the mock fails, and how often each seed was run through it. */
const injected = vi.hoisted(() => ({
  seeds: new Set<number>(),
  bonus: undefined as number | undefined,
  all: false,
  runs: new Map<number, number>(),
}));

vi.mock('../src/analysis/run.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/analysis/run.js')>();
  const { InvariantError } = await import('../src/kernel/errors.js');
  return {
    ...actual,
    runForMetrics: (...args: Parameters<typeof actual.runForMetrics>) => {
      const seed = args[1]?.seed ?? -1;
      injected.runs.set(seed, (injected.runs.get(seed) ?? 0) + 1);
      const protocol = args[0].protocols[0];
      const inCell =
        injected.bonus === undefined || (protocol.type === 'lending' && protocol.liquidationBonus === injected.bonus);
      if (injected.all || (injected.seeds.has(seed) && inCell))
        throw new InvariantError(`injected crash at seed ${seed}`);
      return actual.runForMetrics(...args);
    },
  };
});

const PATHS = 4;
const { plan, baseDir } = smallPlan(PATHS);
const TOTAL = plan.cells.length * PATHS;
/** The path that crashes: cell 1, path 2. */
const FAILING = { cell: 1, path: 2, seed: pathSeed(MASTER_SEED, 2) };

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'cascade-batch-failures-'));
let stores = 0;
const freshDb = () => path.join(tempDir, `store-${++stores}.duckdb`);
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

beforeEach(() => {
  injected.seeds = new Set([FAILING.seed]);
  injected.bonus = Number(plan.cells[FAILING.cell].parameters['protocols.0.liquidationBonus']);
  injected.all = false;
  injected.runs.clear();
});

/** The words of a command built by rerunCommand (POSIX single quotes only). */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replaceAll(`'\\''`, "'") : m[2],
  );
}

describe('a batch with a path that throws', () => {
  it('records the failure with its cell, path, seed and error, and runs every other path as usual', async () => {
    const records: PathRecord[] = [];
    const failures: PathFailure[] = [];
    const outcome = await runBatch(plan, {
      workers: 1,
      baseDir,
      onPaths: (r, f) => void (records.push(...r), failures.push(...f)),
    });
    expect(outcome).toEqual({ completed: TOTAL - 1, failed: 1, skipped: 0, total: TOTAL, aborted: false });
    expect(failures).toEqual([
      { ...FAILING, name: 'InvariantError', message: `injected crash at seed ${FAILING.seed}` },
    ]);
    const keys = sortRecords(records).map((r) => `${r.cell}:${r.path}`);
    expect(keys).toEqual(['0:0', '0:1', '0:2', '0:3', '1:0', '1:1', '1:3']);
    // The paths that finished are exactly what they are without the failure beside them.
    const after = sortRecords(records).find((r) => r.cell === 1 && r.path === 3) as PathRecord;
    expect(after.metrics).toEqual(directRun(1, 3).metrics);
  });

  it('stores it in failed_paths, completes the batch, and a resume treats it as done (it is not run again)', async () => {
    const db = freshDb();
    const first = await executeStoredBatch(plan, { db, workers: 1, seriesPoints: 0, baseDir, sets: SMALL_SETS });
    expect(first.records).toHaveLength(TOTAL - 1);
    expect(first.failures).toEqual([
      {
        ...FAILING,
        parameters: plan.cells[1].parameters,
        name: 'InvariantError',
        message: `injected crash at seed ${FAILING.seed}`,
      },
    ]);
    expect(first.ran).toBe(TOTAL);
    const store = await openStore(db);
    try {
      expect(await store.batch(plan.id)).toMatchObject({
        status: 'complete',
        pathsDone: TOTAL - 1,
        pathsFailed: 1,
        pathsPlanned: TOTAL,
      });
    } finally {
      await store.close();
    }
    const resumed = await executeStoredBatch(plan, { db, workers: 1, seriesPoints: 0, baseDir, sets: SMALL_SETS });
    expect([resumed.resumed, resumed.ran, resumed.records.length, resumed.failures.length]).toEqual([
      true,
      0,
      TOTAL - 1,
      1,
    ]);
    // Path 2 ran once in each cell; the failed one was not run again.
    expect(injected.runs.get(FAILING.seed)).toBe(plan.cells.length);
  });

  it('gives for each failed path a `cascade run` command that runs that path alone', () => {
    const command = rerunCommand(
      { ...FAILING, parameters: plan.cells[1].parameters, name: 'InvariantError', message: 'x' },
      { scenarioFile: plan.scenarioFile, sets: SMALL_SETS },
    );
    const words = shellWords(command);
    expect(words.slice(0, 3)).toEqual(['cascade', 'run', defaultScenarioPath()]);
    expect(words.slice(3, 5)).toEqual(['--seed', String(FAILING.seed)]);
    const sets = words.flatMap((word, k) => (words[k - 1] === '--set' ? [word] : []));
    expect(sets).toEqual([...SMALL_SETS, 'protocols.0.liquidationBonus=0.1']);
    expect(words.at(-1)).toBe('--no-store');
    // What that command runs is the batch's path: the same scenario, overrides and seed. (Shown on a path that
    // finishes, whose batch record can be compared; the failing one differs only in its seed.)
    const loaded = loadScenario(words[2], sets);
    const seed = pathSeed(MASTER_SEED, 3);
    expect(runScenario(loaded.scenario, { seed, baseDir: loaded.dir }).metrics).toEqual(directRun(1, 3).metrics);
  });

  it('fails the whole command only when every path failed, after storing them all', async () => {
    injected.all = true;
    const db = freshDb();
    const run = executeStoredBatch(plan, { db, workers: 1, seriesPoints: 0, baseDir, sets: SMALL_SETS });
    await expect(run).rejects.toThrow(CascadeError);
    await expect(run).rejects.toThrow(
      new RegExp(
        `^every path of batch ${plan.id} failed; there is nothing to estimate\\.\\n${TOTAL} of ${TOTAL} paths failed`,
      ),
    );
    const store = await openStore(db);
    try {
      expect(await store.batch(plan.id)).toMatchObject({ status: 'complete', pathsDone: 0, pathsFailed: TOTAL });
      expect((await store.failedPaths(plan.id)).map((f) => f.seed)).toEqual(
        plan.cells.flatMap(() => [0, 1, 2, 3].map((p) => pathSeed(MASTER_SEED, p))),
      );
    } finally {
      await store.close();
    }
  });
});

describe('cascade mc with a path that throws', () => {
  const output = async (args: string[]): Promise<string> => {
    const chunks: string[] = [];
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
    try {
      const program = new Command('cascade').exitOverride();
      registerMc(program);
      await program.parseAsync(args, { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return chunks.join('');
  };

  it('says how many paths failed, that the estimates leave them out, and how to re-run each; --json carries them', async () => {
    const db = freshDb();
    const file = defaultScenarioPath();
    const sets = SMALL_SETS.flatMap((set) => ['--set', set]);
    const seed = pathSeed(MASTER_SEED, 1);
    injected.seeds = new Set([seed]);
    injected.bonus = undefined;
    const text = await output([
      'mc',
      file,
      '--paths',
      '3',
      '--workers',
      '1',
      '--seed',
      String(MASTER_SEED),
      '--db',
      db,
      ...sets,
    ]);
    expect(text).toContain('· 2/3 paths (1 failed)');
    expect(text).toContain(
      '1 of 3 paths failed (threw an error) and are left out: every estimate is over the 2 that finished.',
    );
    expect(text).toContain(`  cell 0, path 1, seed ${seed}: InvariantError: injected crash at seed ${seed}`);
    expect(text).toContain(
      `    cascade run ${file} --seed ${seed} --set blocks=120 --set protocols.0.borrowers.count=500 --no-store`,
    );
    const json = JSON.parse(
      await output([
        'mc',
        file,
        '--paths',
        '3',
        '--workers',
        '1',
        '--seed',
        String(MASTER_SEED),
        '--db',
        db,
        ...sets,
        '--json',
      ]),
    ) as {
      batch: { paths: number; failed: number; complete: boolean };
      failures: { count: number; paths: { seed: number; error: string; command: string }[] };
      summary: { cells: { paths: number }[] };
    };
    expect(json.batch).toMatchObject({ paths: 2, failed: 1, complete: true });
    expect(json.failures.count).toBe(1);
    expect(json.failures.paths[0]).toMatchObject({ seed, error: 'InvariantError' });
    expect(json.summary.cells[0].paths).toBe(2);
    // The resumed batch ran nothing: the failed path is done.
    expect(injected.runs.get(seed)).toBe(1);
  });
});
