/**
 * The bundled CLI (scripts/bundle-cli.mjs, `npm run build`'s second step) as a user runs it: tsc's output and the
 * bundle are built into a temporary package (beside the repository's node_modules, scenarios and package.json), and
 * plain node runs its dist/cli/main.js. A run of the default scenario (found through the bundle's rewritten
 * `import.meta.url`) writes the same files as the CLI from source, and a batch on a worker thread (whose entry,
 * dist/analysis/batch/path-worker.js, is found the same way) writes the same paths.csv.
 *
 * `cascade run` starts from its CommonJS bundle (dist/cli/run-bundle.cjs, src/cli/run-bundle.ts), compiled through
 * V8's code cache: the same output with no cache, the cache it wrote, a corrupt cache and a cache folder that cannot
 * be created; a position book read through DuckDB, a stored run that the ES-module commands read back, a rejected
 * `--set`, and the ES modules again when the bundle is missing.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot, runCli, shrink } from './helpers/cli.js';

afterAll(removeTempDirs);

const pkg = makeTempDir();
const main = path.join(pkg, 'dist', 'cli', 'main.js');
const small = shrink(3, 60);

beforeAll(() => {
  for (const shared of ['node_modules', 'scenarios', 'schema', 'docs']) {
    symlinkSync(path.join(repoRoot, shared), path.join(pkg, shared), 'dir');
  }
  cpSync(path.join(repoRoot, 'package.json'), path.join(pkg, 'package.json'));
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const outDir = path.join(pkg, 'dist');
  mkdirSync(outDir);
  // Type errors elsewhere in the tree (work in progress) do not stop tsc from emitting.
  spawnSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: repoRoot,
  });
  const bundle = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'bundle-cli.mjs'), outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(bundle.stderr).toBe('');
  expect(bundle.status).toBe(0);
}, 300_000);

/**
 * Runs the bundled CLI with plain node (no tsx) from the repository root; no code cache unless `env` names a
 * `CASCADE_CACHE_DIR` (and does not turn caching off).
 */
function bundled(
  args: readonly string[],
  env: Readonly<Record<string, string>> = { CASCADE_CODE_CACHE: '0' },
): { status: number | null; stdout: string; stderr: string } {
  const { CASCADE_CODE_CACHE: _off, CASCADE_CACHE_DIR: _dir, ...inherited } = process.env;
  return spawnSync(process.execPath, [main, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...inherited, CASCADE_PROGRESS: '0', ...env },
  });
}

/** The files of an --out folder, by name. */
function files(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

describe('the bundled CLI', () => {
  it('is main.js plus chunks, and has no import of a Cascade source file left', () => {
    const chunks = readdirSync(path.join(pkg, 'dist', 'cli', 'bundle'));
    expect(chunks.length).toBeGreaterThan(10);
    const text = [main, ...chunks.map((c) => path.join(pkg, 'dist', 'cli', 'bundle', c))]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // Every Cascade module is inside the bundle: only packages and node: modules are imported by name.
    expect(text).toMatch(/from "\.\/chunk-[A-Z0-9]+\.js"/);
    expect(text).not.toMatch(/from "(\.\.\/)+(kernel|world|analysis|report|scenario|cli)\//);
    expect(readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs the default scenario with the same files as the CLI from source', () => {
    const outBundled = path.join(pkg, 'out-bundled');
    const outSource = path.join(pkg, 'out-source');
    const result = bundled(['run', '--no-store', ...small, '--out', outBundled]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const source = runCli(['run', '--no-store', ...small, '--out', outSource]);
    expect(source.status).toBe(0);
    expect(result.stdout.replace(outBundled, 'OUT')).toBe(source.stdout.replace(outSource, 'OUT'));
    const mine = files(outBundled);
    expect([...mine.keys()].sort()).toEqual(['cascade-manifest.json', 'report.html', 'summary.json', 'timeseries.csv']);
    expect(mine).toEqual(files(outSource));
  });

  it('runs a batch on a worker thread with the same paths as from source', () => {
    const args = ['mc', 'scenarios/thin-pool-shock.yaml', '--paths', '2', '--workers', '1', ...small];
    const outBundled = path.join(pkg, 'mc-bundled');
    const outSource = path.join(pkg, 'mc-source');
    const result = bundled([...args, '--db', path.join(pkg, 'b.duckdb'), '--out', outBundled]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const source = runCli([...args, '--db', path.join(pkg, 's.duckdb'), '--out', outSource]);
    expect(source.status).toBe(0);
    expect(existsSync(path.join(outBundled, 'paths.csv'))).toBe(true);
    expect(readFileSync(path.join(outBundled, 'paths.csv'), 'utf8')).toBe(
      readFileSync(path.join(outSource, 'paths.csv'), 'utf8'),
    );
  });
});

describe('`cascade run` from its CommonJS bundle', () => {
  const runBundle = path.join(pkg, 'dist', 'cli', 'run-bundle.cjs');
  let outs = 0;

  /** `run --no-store --out` of the shrunk default scenario with the bundled CLI; its stdout (folder named OUT). */
  function bundledRun(env: Readonly<Record<string, string>>): { stdout: string; files: Map<string, string> } {
    outs += 1;
    const out = path.join(pkg, `run-bundle-out${outs}`);
    const result = bundled(['run', '--no-store', ...small, '--out', out], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { stdout: result.stdout.replace(out, 'OUT'), files: files(out) };
  }

  it('is one CommonJS file that imports nothing dynamically and holds the packages run loads', () => {
    const text = readFileSync(runBundle, 'utf8');
    // Code compiled by vm.Script has no dynamic import: every `import()` must have become a require().
    expect(text).not.toMatch(/\bimport\(\s*["'`]/);
    expect(text).not.toContain('import.meta');
    expect(text).toContain('module.exports');
    // zod, yaml and DuckDB's API are inside; DuckDB's native binding and ECharts are required from node_modules.
    expect(text).not.toMatch(/require\("(zod|yaml|commander|@duckdb\/node-api)"\)/);
    expect(text).toMatch(/require\("@duckdb\/node-bindings"\)/);
  });

  it('gives the same output with no cache, its own cache, a corrupt cache and an unusable cache folder', () => {
    const source = runCli(['run', '--no-store', ...small, '--out', path.join(pkg, 'run-bundle-source')]);
    expect(source.status).toBe(0);
    const expected = {
      stdout: source.stdout.replace(path.join(pkg, 'run-bundle-source'), 'OUT'),
      files: files(path.join(pkg, 'run-bundle-source')),
    };
    expect(bundledRun({ CASCADE_CODE_CACHE: '0' })).toEqual(expected);

    const cacheDir = path.join(pkg, 'code-cache');
    expect(bundledRun({ CASCADE_CACHE_DIR: cacheDir })).toEqual(expected);
    const cacheFiles = readdirSync(cacheDir).filter((name) => name.startsWith('run-bundle-'));
    expect(cacheFiles).toHaveLength(1);
    expect(cacheFiles[0]).toMatch(/^run-bundle-[0-9a-f]{32}\.v8cache$/);
    const written = readFileSync(path.join(cacheDir, cacheFiles[0]));
    expect(bundledRun({ CASCADE_CACHE_DIR: cacheDir })).toEqual(expected);
    // A hit leaves the cache as it was.
    expect(readFileSync(path.join(cacheDir, cacheFiles[0])).equals(written)).toBe(true);

    writeFileSync(path.join(cacheDir, cacheFiles[0]), 'not compiled code');
    expect(bundledRun({ CASCADE_CACHE_DIR: cacheDir })).toEqual(expected);
    expect(readFileSync(path.join(cacheDir, cacheFiles[0]), 'utf8')).not.toBe('not compiled code');

    writeFileSync(path.join(pkg, 'a-file'), 'a file where the cache folder would go\n');
    const unusable = path.join(pkg, 'a-file', 'cache');
    expect(bundledRun({ CASCADE_CACHE_DIR: unusable })).toEqual(expected);
    expect(existsSync(unusable)).toBe(false);
  });

  it('reads a position book through DuckDB and stores a run that the other commands read back', () => {
    const book = bundled(['run', 'scenarios/book-from-file.yaml', '--no-store', '--json', '--set', 'blocks=2']);
    expect(book.stderr).toBe('');
    expect(book.status).toBe(0);
    const source = runCli(['run', 'scenarios/book-from-file.yaml', '--no-store', '--json', '--set', 'blocks=2']);
    expect(book.stdout).toBe(source.stdout);
    // 300 borrowers, the rows of scenarios/books/lending-sample.csv (the scenario's comment).
    expect(JSON.parse(book.stdout).books[0].accounts).toBe(300);

    const db = path.join(pkg, 'stored.duckdb');
    const stored = bundled(['run', ...small, '--db', db]);
    expect(stored.stderr).toBe('');
    expect(stored.status).toBe(0);
    const id = /Stored as (run-[0-9a-f]+) in /.exec(stored.stdout)?.[1];
    expect(id).toBeDefined();
    // `runs` is not bundled with run: it reads the file with the ES modules and DuckDB's API from node_modules.
    const runs = bundled(['runs', '--db', db, '--json']);
    expect(runs.status).toBe(0);
    expect(JSON.parse(runs.stdout).map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('rejects a bad --set with one line and exit code 1, as from the sources', () => {
    const result = bundled(['run', '--no-store', '--set', 'blocks=many']);
    const source = runCli(['run', '--no-store', '--set', 'blocks=many']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(source.stderr);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cascade: --set blocks=many: blocks: /);
  });

  it('runs from the ES modules when the bundle is missing', () => {
    const expected = bundledRun({ CASCADE_CODE_CACHE: '0' });
    renameSync(runBundle, `${runBundle}.away`);
    try {
      expect(bundledRun({ CASCADE_CODE_CACHE: '0' })).toEqual(expected);
    } finally {
      renameSync(`${runBundle}.away`, runBundle);
    }
  });
});
