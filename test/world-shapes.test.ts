/**
 * Every world a batch builds must share one hidden class (see test/fixtures/world-shapes.ts). Building a world by
 * spreading its components into a new object literal gave each world a class of its own after the first few, and
 * Monte Carlo paths then spent a tenth of their time deoptimising.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

describe('world objects', () => {
  it('share one hidden class across seeds, so optimised code is reused path after path', () => {
    const script = path.join(repoRoot, 'test', 'fixtures', 'world-shapes.ts');
    const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout.trim())).toEqual({ worlds: 12, sameClass: true });
  });
});
