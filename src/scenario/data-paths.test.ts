import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFileFields, isInsideFolder } from './data-paths.js';
import { loadScenario } from './load.js';
import { ScenarioProblems } from './problems.js';

const root = mkdtempSync(join(tmpdir(), 'cascade-data-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const shipped = readFileSync(new URL('../../scenarios/gbm-day.yaml', import.meta.url), 'utf8');
const gbmLine = '    price: { model: gbm, initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }';
if (!shipped.includes(gbmLine)) throw new Error('gbm-day.yaml changed: update this test');

/** A secret-looking file outside the scenario's folder, in the shape of /etc/passwd. */
const secretDir = join(root, 'elsewhere');
mkdirSync(secretDir);
const secret = join(secretDir, 'passwd');
writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');

/** The shipped scenario in folder `name`, its ETH priced from `file`. */
function scenarioReading(name: string, file: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'scenario.yaml');
  writeFileSync(path, shipped.replace(gbmLine, `    price: { model: csv, file: ${JSON.stringify(file)} }`));
  return path;
}

function problemsOf(run: () => unknown): ScenarioProblems {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioProblems) return error;
    throw error;
  }
  throw new Error('expected ScenarioProblems');
}

describe('dataFileFields', () => {
  it('finds price CSVs, position books, curve tables and order-book snapshots', () => {
    const data = {
      assets: [{ price: { model: 'csv', file: 'a.csv' } }, { price: { model: 'gbm', file: 'ignored.csv' } }],
      protocols: [{ borrowers: { file: 'b.parquet' } }, { traders: { file: 't.csv' } }, { borrowers: { count: 3 } }],
      venues: [{ type: 'curve', file: 'c.csv' }, { type: 'orderbook', snapshot: 's.csv' }, { type: 'cpamm' }],
    };
    expect(dataFileFields(data)).toEqual([
      { path: ['assets', 0, 'price', 'file'], file: 'a.csv' },
      { path: ['protocols', 0, 'borrowers', 'file'], file: 'b.parquet' },
      { path: ['protocols', 1, 'traders', 'file'], file: 't.csv' },
      { path: ['venues', 0, 'file'], file: 'c.csv' },
      { path: ['venues', 1, 'snapshot'], file: 's.csv' },
    ]);
  });
});

describe('isInsideFolder', () => {
  it('accepts the folder and below, refuses parents, siblings and links leading out', () => {
    const folder = join(root, 'inside-check');
    mkdirSync(join(folder, 'data'), { recursive: true });
    symlinkSync(secret, join(folder, 'data', 'link.csv'));
    expect(isInsideFolder(folder, join(folder, 'data', 'eth.csv'))).toBe(true);
    expect(isInsideFolder(folder, join(folder, '..', 'elsewhere', 'passwd'))).toBe(false);
    expect(isInsideFolder(folder, '/etc/passwd')).toBe(false);
    expect(isInsideFolder(folder, join(folder, 'data', 'link.csv'))).toBe(false);
    expect(isInsideFolder(folder, folder)).toBe(false);
  });
});

describe('a scenario naming a data file outside its folder', () => {
  it('is refused at the field, the file neither read nor echoed', () => {
    const file = scenarioReading('outside', secret);
    const error = problemsOf(() => loadScenario(file, [], { allowOutsideFiles: false }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].field).toBe('assets.0.price.file');
    expect(error.problems[0].file).toBe(file);
    expect(error.problems[0].message).toMatch(/is outside the scenario's folder .*--allow-outside-files/);
    expect(error.message).not.toContain('root:x');
  });

  it('a relative path climbing out is refused too', () => {
    const file = scenarioReading('climb', '../elsewhere/passwd');
    expect(problemsOf(() => loadScenario(file, [], { allowOutsideFiles: false })).problems[0].field).toBe(
      'assets.0.price.file',
    );
  });

  it('read when allowed: its problems name the rows, never their content', () => {
    const file = scenarioReading('allowed', secret);
    const error = problemsOf(() => loadScenario(file, [], { allowOutsideFiles: true }));
    expect(error.problems.map((p) => p.text)).toEqual([`${secret}:1: expected 2 columns "timestamp,price", got 1`]);
  });

  it('a path given with --set is the user’s own and allowed', () => {
    const file = scenarioReading('by-set', 'eth.csv');
    const prices = join(root, 'elsewhere', 'eth.csv');
    writeFileSync(prices, 'timestamp,price\n1700000000,2000\n1700000060,1990\n');
    const loaded = loadScenario(file, [`assets.0.price.file=${prices}`], { allowOutsideFiles: false });
    expect(loaded.dataFiles).toEqual([{ file: prices, rows: 2 }]);
  });
});
