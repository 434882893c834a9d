/**
 * Headline numbers in README.md and docs/ against what the CLI prints today. Every expected value is read from
 * the markdown and compared with a fresh run, so a model change that moves a documented figure fails here until
 * the page is updated. The CLI runs from source as in test/helpers/cli.ts (store off, progress off); the five
 * commands start together so the file takes the time of the slowest, not of all five.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const doc = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** Runs `cascade ARGS...` from source; resolves to stdout, rejects on a non-zero exit. */
function cliAsync(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CASCADE_PROGRESS: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`cascade ${args.join(' ')} exited ${String(code)}: ${stderr}`));
    });
  });
}

const COMMANDS = {
  run: ['run', '--no-store'],
  deep: ['run', 'scenarios/deep-pool-shock.yaml', '--json', '--no-store'],
  liquity: ['compare', '--designs', 'liquity-v1', '--json'],
  shared: ['run', 'scenarios/shared-pool-contagion.yaml', '--json', '--no-store'],
  map: ['map', '--shocks', '0.1', '--json'],
} as const;
const out: Partial<Record<keyof typeof COMMANDS, string>> = {};
beforeAll(async () => {
  const names = Object.keys(COMMANDS) as (keyof typeof COMMANDS)[];
  const results = await Promise.all(names.map((name) => cliAsync(COMMANDS[name])));
  names.forEach((name, k) => (out[name] = results[k]));
}, 120_000);

/** What one of the commands above printed. */
function cli(name: keyof typeof COMMANDS): string {
  const text = out[name];
  if (text === undefined) throw new Error(`no output of ${name}`);
  return text;
}

/** The capture groups of `pattern` in `text` as numbers (thousands separators dropped); throws when absent. */
function numbers(text: string, pattern: RegExp): number[] {
  const m = pattern.exec(text);
  if (!m) throw new Error(`the docs no longer contain ${String(pattern)}`);
  return m.slice(1).map((s) => Number(s.replace(/,/g, '')));
}

/** A fraction as the docs print it: a percentage rounded to `digits` decimals. */
const pct = (x: number, digits: number) => Number((x * 100).toFixed(digits));

describe('numbers in the docs are what the CLI gives today', () => {
  it('README: every line of the example is a line of `cascade run`', () => {
    const block = /```\n\$ npx cascade run\n([\s\S]*?)```/.exec(doc('README.md'));
    if (!block) throw new Error('README has no `$ npx cascade run` example');
    const shown = block[1].split('\n').filter((line) => line.trim() !== '' && line.trim() !== '…');
    expect(shown.length).toBeGreaterThan(15);
    const printed = new Set(cli('run').split('\n'));
    for (const line of shown) expect(printed.has(line), line).toBe(true);
  });

  it('README: the deep-pool comparison', () => {
    const [drawdown, amplification, calls] = numbers(
      doc('README.md'),
      /oracle drawdown of ([\d.]+)% \(amplification ([\d.]+)×[^)]*\) and\s+([\d,]+) liquidation calls/,
    );
    const m = JSON.parse(cli('deep')).metrics;
    expect(pct(m.oracleDrawdown, 2)).toBe(drawdown);
    expect(Number(m.amplification.toFixed(2))).toBe(amplification);
    expect(m.liquidations).toBe(calls);
    expect(m.cascadeGenerations).toBe(1);
  });

  it('mechanisms.md: why liquity-v1 liquidates nothing on the default shock', () => {
    const [fall, oracleFall] = numbers(
      doc('docs/mechanisms.md'),
      /only after an ([\d.]+)% fall, and the oracle falls ([\d.]+)%/,
    );
    const design = JSON.parse(cli('liquity')).designs[0];
    expect(pct(design.liquidationTerms[0].firstLiquidationFall, 2)).toBe(fall);
    expect(pct(design.metrics.oracleDrawdown, 2)).toBe(oracleFall);
    expect(design.metrics.liquidations).toBe(0);
  });

  it('contagion.md: who liquidated whom on shared-pool-contagion', () => {
    const [aByB, bByA] = numbers(
      doc('docs/contagion.md'),
      /(\d+)% of\s+`lend-a`'s liquidations are caused by `lend-b`'s sales and (\d+)% of `lend-b`'s/,
    );
    const c = JSON.parse(cli('shared')).contagion;
    expect(c.protocols).toEqual(['lend-a', 'lend-b']);
    expect(pct(c.causedByOthersShare[0], 0)).toBe(aByB);
    expect(pct(c.causedByOthersShare[1], 0)).toBe(bByA);
  });

  it('risk.md: the cascade map of a 10% shock on thin-pool-shock', () => {
    const [move, low, high, worst] = numbers(
      doc('docs/risk.md'),
      /a 10% shock maps to an oracle fall of ([\d.]+)% \(band ([\d.]+)–([\d.]+)%, worst case\s+([\d.]+)%\)/,
    );
    const shock = JSON.parse(cli('map')).shocks[0];
    expect(shock.shock).toBe(0.1);
    expect(pct(shock.totalMove, 2)).toBe(move);
    expect(pct(shock.band.low, 2)).toBe(low);
    expect(pct(shock.band.high, 2)).toBe(high);
    expect(pct(shock.worstCase.totalMove, 2)).toBe(worst);
  });
});
