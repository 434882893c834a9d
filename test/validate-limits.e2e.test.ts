/**
 * End-to-end tests of the input limits: `cascade validate` (and `run`, `mc`) as real child processes on hostile
 * scenarios, each refused with exit code 1 (2 for a bad flag), one clear message naming the file and field, and no
 * stack trace.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, replaceLine, repoRoot, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const shipped = readFileSync(path.join(repoRoot, 'scenarios', 'gbm-day.yaml'), 'utf8');
const dir = makeTempDir();

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** No stack trace: no `    at f (file:line)` frames and no library error class names. */
function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .*:\d+/m);
  expect(stderr).not.toMatch(/ReferenceError|TypeError|RangeError/);
}

describe('cascade validate on hostile scenarios', () => {
  it('3,000 unknown keys: exit 1, the first 100 problems and a count of the rest', () => {
    const extra = Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const file = write('keys.yaml', `${shipped.trimEnd()}\n${extra}\n`);
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toMatch(new RegExp(`^cascade: ${file}:\\d+:1: k0: unknown field`));
    expect(lines[100]).toBe(`${file}: 2,900 more problems not shown (the first 100 are listed)`);
    expectNoStackTrace(result.stderr);
  });

  it('a file over 4 MiB: refused before it is parsed, with its size and the limit', () => {
    const file = write('huge.yaml', `${shipped}\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^cascade: ${file}: the scenario is [\\d,]+ bytes \\(5\\.0 MiB\\); the limit is 4,194,304 bytes`),
    );
    expectNoStackTrace(result.stderr);
  });

  it('a YAML alias bomb: one error naming the file', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const file = write('bomb.yaml', `${rows.join('\n')}\n`);
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^cascade: ${file}: too many YAML alias expansions`));
    expectNoStackTrace(result.stderr);
  });

  it('initial: 1e308: validate and run both refuse it at the field', () => {
    const { text, line } = replaceLine(
      shipped,
      '    price: { model: gbm, initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }',
      '    price: { model: gbm, initial: 1e308, driftAnnual: 0, volatilityAnnual: 0.8 }',
    );
    const file = write('huge-price.yaml', text);
    for (const args of [
      ['validate', file],
      ['run', file, '--no-store'],
    ]) {
      const result = runCli(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^cascade: ${file}:${line}:\\d+: assets\\.0\\.price\\.initial: must be from 1e-9 to 1e9 \\(got 1e\\+308\\): `,
        ),
      );
      expectNoStackTrace(result.stderr);
    }
  });

  it('a price CSV at /etc/passwd: refused at the field, nothing of the file printed', () => {
    const { text } = replaceLine(
      shipped,
      '    price: { model: gbm, initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }',
      '    price: { model: csv, file: /etc/passwd }',
    );
    const file = write('passwd.yaml', text);
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/assets\.0\.price\.file: "\/etc\/passwd" is outside the scenario's folder/);
    expect(result.stderr).not.toContain('root:');
    expectNoStackTrace(result.stderr);
  });

  it('8 protocols × 50M borrowers: refused with the memory estimate before any account is built', () => {
    const lend = shipped.slice(shipped.indexOf('  - type: lending'), shipped.indexOf('keepers:'));
    if (!lend.includes('      count: 10000\n')) throw new Error('gbm-day.yaml changed: update this test');
    const copies = Array.from({ length: 8 }, (_, i) =>
      lend.replace('id: lend', `id: lend${i}`).replace('count: 10000', 'count: 50000000'),
    );
    const file = write('huge-book.yaml', shipped.replace(lend, copies.join('')));
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    // 400M accounts × 160 bytes = 64 GB, over half the memory of any machine with less than 128 GB.
    expect(result.stderr).toMatch(
      /protocols\.0\.borrowers\.count: 400,000,000 generated accounts in 8 protocol\(s\) need about 64,000,000,000 bytes/,
    );
    expectNoStackTrace(result.stderr);
  });
});

describe('cascade mc --workers', () => {
  it.runIf(availableParallelism() < 256)('more workers than cores: exit 2 naming --force-workers', () => {
    const result = runCli(['mc', '--workers', '256', '--paths', '1', '--set', 'blocks=1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--workers: 256 is more than this machine's \d+ core\(s\).*--force-workers/);
  });
});
