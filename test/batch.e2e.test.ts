/**
 * End-to-end tests of the batch runner's worker threads in both ways Cascade runs: compiled by tsc
 * (plain node loading dist/…/path-worker.js, no tsx anywhere) and from source (tsx), each in a child
 * process started outside the repository. Both must give the records of an in-process run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallPlan, sortRecords } from '../src/analysis/batch/batch.test-helper.js';
import { runBatch, type PathFailure } from '../src/analysis/batch/run-batch.js';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import type { PathRecord } from '../src/analysis/batch/types.js';
import { repoRoot } from './helpers/cli.js';

const { plan, baseDir } = smallPlan(4);
let tempDir: string;
let reference: unknown;

/** Runs a batch in a fresh node process with 2 workers, importing the runner from `batchDir`. */
const DRIVER = `
import { readFileSync } from 'node:fs';
const [batchDir, planFile, baseDir] = process.argv.slice(2);
const { runBatch } = await import(batchDir + '/run-batch' + (batchDir.includes('/dist/') ? '.js' : '.ts'));
const { workerEntry } = await import(batchDir + '/worker-entry' + (batchDir.includes('/dist/') ? '.js' : '.ts'));
const records = [];
const outcome = await runBatch(JSON.parse(readFileSync(planFile, 'utf8')), { workers: 2, chunkSize: 1, seriesPoints: 5, baseDir, onPaths: (r) => { records.push(...r); } });
process.stdout.write(JSON.stringify({ entry: workerEntry(), outcome, records }));
`;

function runDriver(nodeArgs: string[], batchDir: string) {
  const result = spawnSync(
    process.execPath,
    [...nodeArgs, path.join(tempDir, 'driver.mjs'), batchDir, path.join(tempDir, 'plan.json'), baseDir],
    {
      cwd: tempDir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as {
    entry: { filename: string; fromSource: boolean; execArgv?: string[] };
    outcome: unknown;
    records: PathRecord[];
  };
}

beforeAll(async () => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'cascade-batch-e2e-'));
  // A compiled copy of src/ that resolves the repository's packages and is an ES module package.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tempDir, 'node_modules'), 'dir');
  writeFileSync(path.join(tempDir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(tempDir, 'driver.mjs'), DRIVER);
  writeFileSync(path.join(tempDir, 'plan.json'), JSON.stringify(plan));
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  // Type errors elsewhere in the tree (work in progress) do not stop tsc from emitting; the files are checked below.
  spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      path.join(repoRoot, 'tsconfig.build.json'),
      '--outDir',
      path.join(tempDir, 'dist'),
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  const records: PathRecord[] = [];
  await runBatch(plan, { workers: 1, seriesPoints: 5, baseDir, onPaths: (r) => void records.push(...r) });
  reference = JSON.parse(JSON.stringify(sortRecords(records)));
}, 120_000);

afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe('batch runner worker threads', () => {
  it('run the compiled path-worker.js under plain node and reproduce the in-process records', () => {
    const batchDir = path.join(tempDir, 'dist', 'analysis', 'batch');
    expect(existsSync(path.join(batchDir, 'path-worker.js'))).toBe(true);
    const { entry, outcome, records } = runDriver([], batchDir);
    expect(entry.fromSource).toBe(false);
    expect(entry.filename).toBe(path.join(batchDir, 'path-worker.js'));
    expect(outcome).toEqual({ completed: 8, failed: 0, skipped: 0, total: 8, aborted: false });
    expect(sortRecords(records)).toEqual(reference);
  });

  it('run from source through the tsx ES module loader, whatever the working directory, with the same records', () => {
    const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const batchDir = path.join(repoRoot, 'src', 'analysis', 'batch');
    const { entry, records } = runDriver(['--import', tsxLoader], batchDir);
    expect(entry.fromSource).toBe(true);
    expect(entry.filename).toBe(path.join(batchDir, 'path-worker-source.mjs'));
    expect(entry.execArgv).toEqual([]);
    expect(sortRecords(records)).toEqual(reference);
  });
});

describe('a path that fails', () => {
  it.each([1, 2])(
    'is recorded with its cell, path, seed and error, and the batch goes on to the end (%i worker(s))',
    async (workers) => {
      // The scenario replays eth.csv; the file disappears after the plan is validated, so every path's
      // world fails to load it.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-batch-fail-'));
      try {
        writeFileSync(path.join(dir, 'eth.csv'), 'timestamp,price\n0,2000\n3600,1800\n');
        const scenario = JSON.parse(plan.scenarioJson) as { assets: { symbol: string; price: unknown }[] };
        scenario.assets[0].price = { model: 'csv', file: 'eth.csv' };
        const csvPlan = { ...plan, scenarioJson: JSON.stringify(scenario) };
        const records: PathRecord[] = [];
        const failures: PathFailure[] = [];
        const outcome = await runBatch(csvPlan, {
          workers,
          baseDir: dir,
          onPaths: (r, f) => void (records.push(...r), failures.push(...f)),
          onProgress: (done) => {
            if (done === 0) unlinkSync(path.join(dir, 'eth.csv'));
          },
        });
        const total = csvPlan.cells.length * csvPlan.paths;
        expect(outcome).toEqual({ completed: 0, failed: total, skipped: 0, total, aborted: false });
        expect(records).toEqual([]);
        const sorted = [...failures].sort((a, b) => a.cell - b.cell || a.path - b.path);
        expect(sorted.map((f) => [f.cell, f.path, f.seed])).toEqual(
          csvPlan.cells.flatMap((c) => [0, 1, 2, 3].map((p) => [c.cell, p, pathSeed(csvPlan.masterSeed, p)])),
        );
        // In-process the cell's validated scenario is cached and the world fails to read the file; a
        // worker validates the cell again and finds the file gone.
        for (const failure of failures) {
          // The price CSV reader reports every problem of the file at once (ScenarioProblems, a ScenarioError).
          expect(failure.name).toMatch(/^Scenario(Error|Problems)$/);
          expect(failure.message).toMatch(
            workers === 1
              ? /eth\.csv: cannot read price CSV/
              : /eth\.csv: cannot read price CSV|file not found: "eth\.csv"/,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
