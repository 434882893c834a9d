/**
 * The bundled CLI (scripts/bundle-cli.mjs, `npm run build`'s second step) as a user runs it: tsc's output and the
 * bundle are built into a temporary package (beside the repository's node_modules, scenarios and package.json), and
 * plain node runs its dist/cli/main.js. A run of the default scenario (found through the bundle's rewritten
 * `import.meta.url`) writes the same files as the CLI from source, and a batch on a worker thread (whose entry,
 * dist/analysis/batch/path-worker.js, is found the same way) writes the same paths.csv.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
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

/** Runs the bundled CLI with plain node (no tsx) from the repository root. */
function bundled(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [main, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CASCADE_PROGRESS: '0', CASCADE_CODE_CACHE: '0' },
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
