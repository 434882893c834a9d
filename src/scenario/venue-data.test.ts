import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';
import { ScenarioProblems } from './problems.js';

const shipped = readFileSync(path.resolve('scenarios/curve-venue.yaml'), 'utf8');

/** A copy of scenarios/curve-venue.yaml and its data in a fresh directory, with `edit` applied to the YAML. */
function scenarioWith(edit: (text: string) => string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'curve-'));
  mkdirSync(path.join(dir, 'data'));
  for (const name of ['eth-pool-sweep.csv', 'eth-book-snapshot.csv'])
    copyFileSync(path.resolve('scenarios/data', name), path.join(dir, 'data', name));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, 'scenario.yaml');
  writeFileSync(file, edit(shipped));
  return file;
}

function problemsOf(file: string) {
  try {
    loadScenario(file);
  } catch (error) {
    if (error instanceof ScenarioProblems) return error.problems;
    throw error;
  }
  throw new Error('expected problems');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('venue data files at load time', () => {
  it('loads the shipped example and reads both of its files', () => {
    const loaded = loadScenario(scenarioWith((t) => t));
    expect(loaded.dataFiles.map((f) => f.rows)).toEqual([14, 60]);
  });

  it('reports a missing curve file at its field, with line and column', () => {
    const edited = (t: string) => t.replace('data/eth-pool-sweep.csv', 'data/none.csv');
    const file = scenarioWith(edited);
    const [problem] = problemsOf(file);
    expect(problem).toMatchObject({ file, field: 'venues.1.file', line: lineOf(edited(shipped), 'data/none.csv') });
    expect(problem.message).toMatch(/file not found/);
  });

  it('reports a bad row of the curve file with the file, line and column', () => {
    const file = scenarioWith((t) => t.replace('data/eth-pool-sweep.csv', 'bad.csv'), {
      'bad.csv': 'side,size_usd,impact_bps\nsell,100,50\nsell,200,20\nbuy,100,5\n',
    });
    const [problem] = problemsOf(file);
    expect(problem).toMatchObject({ line: 3, column: 3, field: 'impact_bps' });
    expect(problem.file).toBe(path.join(path.dirname(file), 'bad.csv'));
  });

  it('reports inline rows at the scenario field, and a size unit nobody gave', () => {
    const inline = (t: string) =>
      t.replace(
        '    file: data/eth-pool-sweep.csv  # side,size_usd,impact_bps: sizes in USD, from 5k to 100k',
        '    sizeUnit: usd\n    rows:\n      - { size: 100, sellImpactBps: 50, buyImpactBps: 5 }\n      - { size: 200, sellImpactBps: 20, buyImpactBps: 10 }',
      );
    const problems = problemsOf(scenarioWith(inline));
    expect(problems[0]).toMatchObject({
      field: 'venues.1.rows.1.sellImpactBps',
      line: lineOf(inline(shipped), 'size: 200'),
    });
    const noUnit = scenarioWith((t) => t.replace('data/eth-pool-sweep.csv', 'plain.csv'), {
      'plain.csv': 'size,sell_impact_bps,buy_impact_bps\n100,5,5\n',
    });
    expect(problemsOf(noUnit)[0].message).toMatch(/sizeUnit/);
  });

  it('reports a crossed snapshot, and an order book with neither depth nor snapshot', () => {
    const crossed = scenarioWith((t) => t.replace('data/eth-book-snapshot.csv', 'book.csv'), {
      'book.csv': 'side,price,size\nbid,2001,1\nask,2000,1\n',
    });
    expect(problemsOf(crossed)[0]).toMatchObject({ line: 2, field: 'price' });
    const bare = scenarioWith((t) => t.replace(/ {4}snapshot: .*\n/, ''));
    expect(problemsOf(bare)[0]).toMatchObject({ field: 'venues.2.depthUsdPer1Pct' });
  });
});

describe('size unit of a curve file', () => {
  it('rejects a header unit that contradicts sizeUnit', () => {
    const file = scenarioWith((t) => t.replace('    impact: average ', '    sizeUnit: base\n    impact: average '));
    expect(problemsOf(file)[0].message).toMatch(/header says size_usd but the scenario says sizeUnit: base/);
  });
});
