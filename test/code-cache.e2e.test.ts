/**
 * ECharts' V8 code cache (src/report/code-cache.ts) as the CLI uses it, in real child processes: `run --out` writes
 * the same report.html with no cache, with the cache it wrote, with a corrupt cache file and with a cache folder that
 * cannot be created, and the first run leaves exactly one cache file for ECharts in `$CASCADE_CACHE_DIR`.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, runCli, shrink } from './helpers/cli.js';

afterAll(removeTempDirs);

const root = makeTempDir();
let runs = 0;

/** `cascade run --out` of the default scenario, shrunk, with the given cache settings; returns report.html. */
function report(env: Record<string, string>): string {
  runs += 1;
  const out = path.join(root, `out${runs}`);
  const result = runCli(['run', '--no-store', ...shrink(2, 50), '--out', out], env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(path.join(out, 'report.html'), 'utf8');
}

describe('ECharts code cache in `cascade run --out`', () => {
  it('gives the same report without, with, with a corrupt and with an unusable cache', () => {
    const uncached = report({ CASCADE_CODE_CACHE: '0' });
    expect(uncached).toContain('<svg');

    const cacheDir = path.join(root, 'cache');
    expect(report({ CASCADE_CACHE_DIR: cacheDir })).toBe(uncached);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^echarts-[0-9a-f]{32}\.v8cache$/);
    expect(report({ CASCADE_CACHE_DIR: cacheDir })).toBe(uncached);

    writeFileSync(path.join(cacheDir, files[0]), 'garbage, not compiled code');
    expect(report({ CASCADE_CACHE_DIR: cacheDir })).toBe(uncached);
    // The rejected file was replaced by a real cache when that run ended.
    expect(readFileSync(path.join(cacheDir, files[0]), 'utf8')).not.toBe('garbage, not compiled code');

    writeFileSync(path.join(root, 'not-a-folder'), 'a file where the cache folder would go\n');
    const unusable = path.join(root, 'not-a-folder', 'cache');
    expect(report({ CASCADE_CACHE_DIR: unusable })).toBe(uncached);
    expect(existsSync(unusable)).toBe(false);
  });
});
