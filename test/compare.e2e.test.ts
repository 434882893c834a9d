/**
 * End-to-end tests of `cascade compare`: each spawns the real CLI and checks exit code, output and
 * files; the identity of the exogenous path is checked in-process through the library.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareDesigns,
  comparisonObject,
  designNames,
  DESIGNS as DESIGN_REGISTRY,
} from '../src/analysis/designs/compare.js';
import { defaultScenarioPath } from '../src/cli/default-scenario.js';
import { makeTempDir, removeTempDirs, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const DESIGNS = ['aave-v3', 'aave-v3.3', 'morpho-blue', 'euler-v2', 'volatility-bonus'];
const FAST = ['--set', 'blocks=300'];

interface ComparisonJson {
  scenario: string;
  seed: number;
  exogenousPathIdentical: boolean;
  designs: {
    design: string;
    changes: unknown[];
    liquidationTerms: unknown[];
    overrides: unknown[];
    warnings: unknown[];
    metrics: Record<string, unknown>;
    events: unknown[];
  }[];
}

describe('cascade compare', () => {
  it('runs every design on the default scenario and prints one table with a row per design', () => {
    const r = runCli(['compare', '--designs', DESIGNS.join(','), ...FAST]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cascade comparison: thin-pool-shock');
    expect(r.stdout).toContain('Seed 1 · 300 blocks');
    expect(r.stdout).toContain('Exogenous price path: identical in every design');
    const rows = r.stdout.split('\n').filter((line) => DESIGNS.some((d) => line.startsWith(`  ${d} `)));
    expect(rows.map((line) => line.trim().split(/\s+/)[0])).toEqual(DESIGNS);
    for (const header of [
      'Amplifi-',
      'Oracle',
      'Collateral',
      'Borrower',
      'Keeper',
      'Slippage',
      'Bad',
      'Uncovered +',
      'Cascade',
      'Max liq.',
    ]) {
      expect(r.stdout).toContain(header);
    }
    expect(r.stdout.trimStart().startsWith('{')).toBe(false);
  });

  it('--json is one object, byte-identical across two runs, with each design in order', () => {
    const args = ['compare', '--designs', 'aave-v3,morpho-blue,euler-v2', '--json', '--seed', '3', ...FAST];
    const a = runCli(args);
    const b = runCli(args);
    for (const r of [a, b]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(b.stdout).toBe(a.stdout);
    const json = JSON.parse(a.stdout) as ComparisonJson;
    expect(json.scenario).toBe('thin-pool-shock');
    expect(json.seed).toBe(3);
    expect(json.exogenousPathIdentical).toBe(true);
    expect(json.designs.map((d) => d.design)).toEqual(['aave-v3', 'morpho-blue', 'euler-v2']);
    for (const d of json.designs) {
      expect(Object.keys(d)).toEqual([
        'design',
        'changes',
        'liquidationTerms',
        'overrides',
        'warnings',
        'metrics',
        'events',
      ]);
      expect(typeof d.metrics.amplification).toBe('number');
      expect(d.metrics.externalDrawdown).toBe(json.designs[0].metrics.externalDrawdown);
    }
    // Same as the library gives in-process.
    const inProcess = compareDesigns(defaultScenarioPath(), ['aave-v3', 'morpho-blue', 'euler-v2'], {
      seed: 3,
      overrides: ['blocks=300'],
    });
    expect(JSON.stringify(comparisonObject(inProcess), null, 2) + '\n').toBe(a.stdout);
  });

  it('gives every design, mechanisms and presets, the identical fundamental price path (checked in-process)', () => {
    // The default scenario has a lending protocol only: the perp designs cannot apply to it (compare refuses them).
    const lending = designNames().filter((name) => DESIGN_REGISTRY[name].protocolKind === 'lending');
    const comparison = compareDesigns(defaultScenarioPath(), lending, { overrides: ['blocks=300'] });
    expect(comparison.exogenousPathIdentical).toBe(true);
    const hex = (name: string, i: number) => {
      const column = comparison.designs[i].result.series.find((c) => c.name === name);
      if (!column) throw new Error(`design ${comparison.designs[i].design} has no ${name}`);
      return Buffer.from(column.values.buffer, column.values.byteOffset, column.values.byteLength).toString('hex');
    };
    for (let i = 1; i < comparison.designs.length; i++)
      expect(hex('fundamental:ETH', i)).toBe(hex('fundamental:ETH', 0));
    // The designs differ where they should: what the protocol's oracle saw and what liquidations cost.
    expect(new Set(comparison.designs.map((d) => d.result.metrics.borrowerPenaltiesUsd)).size).toBeGreaterThan(1);
  });

  it('--out writes comparison.json (same as --json), comparison.csv and a self-contained comparison.html', () => {
    const dir = path.join(makeTempDir(), 'nested', 'cmp');
    const args = ['compare', '--designs', 'aave-v3,euler-v2', ...FAST];
    const r = runCli([...args, '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Wrote comparison.json, comparison.csv and comparison.html to ${dir}`);
    expect(readdirSync(dir).sort()).toEqual([
      'cascade-manifest.json',
      'comparison.csv',
      'comparison.html',
      'comparison.json',
    ]);
    expect(readFileSync(path.join(dir, 'comparison.json'), 'utf8')).toBe(runCli([...args, '--json']).stdout);
    const csv = readFileSync(path.join(dir, 'comparison.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0].startsWith('design,')).toBe(true);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['aave-v3', 'euler-v2']);
    const html = readFileSync(path.join(dir, 'comparison.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import/i);
    expect(html.match(/<svg\b/g)).toHaveLength(2);
  });

  it('compares scenario files, each one design named by its scenario name', () => {
    const r = runCli([
      'compare',
      'scenarios/thin-pool-shock.yaml',
      'scenarios/deep-pool-shock.yaml',
      '--json',
      ...FAST,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as ComparisonJson;
    expect(json.designs.map((d) => d.design)).toEqual(['thin-pool-shock', 'deep-pool-shock']);
    expect(json.scenario).toBe('thin-pool-shock vs deep-pool-shock');
    expect(json.seed).toBe(1);
  });

  it('rejects an unknown design: exit 2, a message naming --designs and the allowed names, no files', () => {
    const dir = path.join(makeTempDir(), 'never');
    const r = runCli(['compare', '--designs', 'aave-v3,aave-v4', '--out', dir, ...FAST]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cascade: --designs: unknown design "aave-v4"; allowed: ${designNames().join(', ')}\n`);
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects a missing --designs with one scenario, and --designs with several files', () => {
    const none = runCli(['compare', ...FAST]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^cascade: --designs: missing; give --designs d1,d2,\.\.\. \(allowed: aave-v3, /);
    const both = runCli([
      'compare',
      'scenarios/thin-pool-shock.yaml',
      'scenarios/deep-pool-shock.yaml',
      '--designs',
      'aave-v3',
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give one SCENARIO with --designs, or several files without it');
  });
});
