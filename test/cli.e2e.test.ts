/**
 * End-to-end tests of the `cascade` command line: each test spawns the real CLI
 * (`node --import tsx src/cli/main.ts ...`) and checks exit code, stdout, stderr and files written.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineNumberOf, makeTempDir, removeTempDirs, replaceLine, repoRoot, runCli, shrink } from './helpers/cli.js';

afterAll(removeTempDirs);

const shipped = ['thin-pool-shock', 'deep-pool-shock', 'gbm-day'] as const;
const scenarioFile = (name: string) => path.join('scenarios', `${name}.yaml`);
const thinPoolText = () => readFileSync(path.join(repoRoot, scenarioFile('thin-pool-shock')), 'utf8');

const metricKeys = [
  'externalDrawdown',
  'oracleDrawdown',
  'poolDrawdown',
  'amplification',
  'liquidations',
  'liquidatedCollateralUsd',
  'badDebtUsd',
  'insuranceFundUsedUsd',
  'keeperProfitUsd',
  'maxOracleDeviation',
  'cascadeGenerations',
] as const;

/** Small enough to be quick, long enough that the shock (minute 10 = block 50) causes liquidations. */
const SMALL = shrink(300, 500);

interface Summary {
  scenario: string;
  seed: number;
  blocks: number;
  metrics: Record<string, unknown>;
}

/** Parses `--json` stdout, failing unless it is exactly one JSON object. */
function parseSummary(stdout: string): Summary {
  const value: unknown = JSON.parse(stdout);
  expect(typeof value).toBe('object');
  expect(value).not.toBeNull();
  expect(Array.isArray(value)).toBe(false);
  return value as Summary;
}

/** Every number anywhere inside `value`, with its path. */
function numbersIn(value: unknown, at = ''): [string, number][] {
  if (typeof value === 'number') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersIn(item, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => numbersIn(v, at ? `${at}.${k}` : k));
  return [];
}

/** Writes `text` as `name` into a fresh temp folder; returns its absolute path. */
function writeScenario(name: string, text: string): string {
  const file = path.join(makeTempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** The shipped thin-pool scenario with `liquidationBonus: 1.5` (allowed: 0 to 1). */
function badBonusScenario(): { file: string; line: number } {
  const { text } = replaceLine(thinPoolText(), '    liquidationBonus: 0.05', '    liquidationBonus: 1.5');
  return { file: writeScenario('bad-bonus.yaml', text), line: lineNumberOf(text, 'liquidationBonus: 1.5') };
}

/** The shipped thin-pool scenario with an unknown key inside the protocol. */
function unknownKeyScenario(): { file: string; line: number } {
  const { text } = replaceLine(thinPoolText(), '    closeFactor: 0.5', '    closeFactor: 0.5\n    bogusKey: 3');
  return { file: writeScenario('unknown-key.yaml', text), line: lineNumberOf(text, 'bogusKey: 3') };
}

describe('cascade run (table)', () => {
  it('with no scenario runs the default scenario, exits 0 and prints the summary table', () => {
    const r = runCli(['run']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cascade run summary');
    expect(r.stdout).toMatch(/Scenario\s+thin-pool-shock/);
    expect(r.stdout).toMatch(/Seed\s+1\n/);
    expect(r.stdout).toMatch(/Blocks \[count\]\s+900\n/);
    for (const label of ['External (fundamental) drawdown', 'Oracle drawdown', 'Amplification', 'Liquidation calls', 'Bad debt [USD]', 'Generations with liquidations']) {
      expect(r.stdout).toContain(label);
    }
    expect(r.stdout.trimStart().startsWith('{')).toBe(false);
  });
});

describe('cascade run --json', () => {
  it('prints exactly one JSON object with scenario, seed, blocks and finite camelCase metrics', () => {
    const r = runCli(['run', '--json', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = parseSummary(r.stdout);
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['scenario', 'seed', 'blocks', 'metrics']));
    expect(summary.scenario).toBe('thin-pool-shock');
    expect(summary.seed).toBe(1);
    expect(summary.blocks).toBe(300);
    expect(Object.keys(summary.metrics)).toEqual(expect.arrayContaining([...metricKeys]));
    for (const key of metricKeys) expect(typeof summary.metrics[key], key).toBe('number');
    const numbers = numbersIn(summary);
    expect(numbers.length).toBeGreaterThan(metricKeys.length);
    for (const [at, n] of numbers) expect(Number.isFinite(n), `${at} = ${n}`).toBe(true);
    // The shortened shock still falls 10% and liquidates somebody.
    expect(summary.metrics.externalDrawdown).toBeCloseTo(0.1, 10);
    expect(summary.metrics.liquidations).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('same scenario and seed give byte-identical --json; another seed gives other bytes and is echoed', () => {
    const args = ['run', scenarioFile('thin-pool-shock'), '--json', ...SMALL];
    const a = runCli([...args, '--seed', '42']);
    const b = runCli([...args, '--seed', '42']);
    const c = runCli([...args, '--seed', '43']);
    for (const r of [a, b, c]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const sa = parseSummary(a.stdout);
    const sc = parseSummary(c.stdout);
    expect(sa.seed).toBe(42);
    expect(sc.seed).toBe(43);
    // The runs differ in substance, not only in the echoed seed.
    expect(JSON.stringify(sc.metrics)).not.toBe(JSON.stringify(sa.metrics));
  });
});

describe('cascade run --out', () => {
  it('writes exactly summary.json, timeseries.csv and report.html, matching the --json output', () => {
    const blocks = 120;
    const args = ['run', scenarioFile('thin-pool-shock'), ...shrink(blocks, 200)];
    const dir = path.join(makeTempDir(), 'nested', 'out'); // does not exist yet
    const r = runCli([...args, '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cascade run summary');
    expect(r.stdout).toContain(`Wrote summary.json, timeseries.csv and report.html to ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'summary.json', 'timeseries.csv']);

    // Same run with --json into an existing empty folder: stdout is the --json object, and both
    // folders' summary.json equal it.
    const jsonDir = makeTempDir();
    const json = runCli([...args, '--json', '--out', jsonDir]);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    expect(readdirSync(jsonDir).sort()).toEqual(['report.html', 'summary.json', 'timeseries.csv']);
    const summaryText = readFileSync(path.join(dir, 'summary.json'), 'utf8');
    expect(JSON.parse(summaryText)).toEqual(parseSummary(json.stdout));
    expect(summaryText).toBe(json.stdout);
    expect(readFileSync(path.join(jsonDir, 'summary.json'), 'utf8')).toBe(json.stdout);

    const csvLines = readFileSync(path.join(dir, 'timeseries.csv'), 'utf8').split('\n');
    if (csvLines[csvLines.length - 1] === '') csvLines.pop();
    const [header, ...rows] = csvLines;
    expect(header.split(',')[0]).toBe('block');
    expect(rows).toHaveLength(blocks + 1);
    const width = header.split(',').length;
    expect(width).toBeGreaterThan(1);
    rows.forEach((row, i) => {
      const cells = row.split(',');
      expect(cells).toHaveLength(width);
      expect(cells[0]).toBe(String(i));
    });

    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
  });
});

describe('malformed scenarios', () => {
  it('a value out of range: exit 1, file:LINE:, field path and allowed bound; no output files', () => {
    const { file, line } = badBonusScenario();
    const out = makeTempDir(); // empty; must stay empty
    const r = runCli(['run', file, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toContain('protocols.0.liquidationBonus');
    expect(r.stderr).toContain('must be from 0 to 1');
    expect(r.stderr).toContain('got 1.5');
    expect(readdirSync(out)).toEqual([]);
  });

  it('an unknown key: exit 1, file:LINE:, field path and the allowed fields; --out folder never created', () => {
    const { file, line } = unknownKeyScenario();
    const out = path.join(makeTempDir(), 'out'); // must not come into existence
    const r = runCli(['run', file, '--json', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toContain('protocols.0.bogusKey');
    expect(r.stderr).toContain('unknown field');
    expect(r.stderr).toMatch(/allowed fields: .*\bliquidationBonus\b/);
    expect(existsSync(out)).toBe(false);
  });

  it('a YAML syntax error: exit 1 with file:line:column', () => {
    const { text, line } = replaceLine(thinPoolText(), '    ltv: 0.80', '    ltv: @0.8');
    const column = text.split('\n')[line - 1].indexOf('@') + 1;
    const file = writeScenario('syntax.yaml', text);
    const out = makeTempDir();
    const r = runCli(['run', file, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:${column}:`);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('bad command lines', () => {
  it('a missing scenario file: exit 1 naming the path', () => {
    const file = path.join(makeTempDir(), 'no-such-scenario.yaml');
    const r = runCli(['run', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('not found');
  });

  it('--seed abc: exit 1 naming --seed and the allowed range', () => {
    const r = runCli(['run', '--seed', 'abc', ...shrink(5, 10)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--seed');
    expect(r.stderr).toContain('0 to 4294967295');
    expect(r.stderr).toContain('abc');
  });

  it('an unknown option: exit 1', () => {
    const r = runCli(['run', '--no-such-option']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--no-such-option');
  });

  it('a bad --set: exit 1 naming --set and the field', () => {
    const r = runCli(['run', '--set', 'protocols.0.ltv=2']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--set protocols.0.ltv=2');
    expect(r.stderr).toContain('protocols.0.ltv');
    expect(r.stderr).toContain('< 1');
  });
});

describe('cascade validate', () => {
  for (const name of shipped) {
    it(`accepts the shipped ${name}`, () => {
      const r = runCli(['validate', scenarioFile(name)]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(scenarioFile(name));
      expect(r.stdout).toContain('valid');
      expect(r.stdout).toContain(`"${name}"`);
    });
  }

  it('rejects the malformed scenarios with the same file:LINE: as run', () => {
    for (const { file, line } of [badBonusScenario(), unknownKeyScenario()]) {
      const r = runCli(['validate', file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${file}:${line}:`);
    }
  });
});

describe('help', () => {
  it('--help exits 0 and lists the commands and options', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: cascade');
    for (const text of ['run', 'validate', '--help', '--version']) expect(r.stdout).toContain(text);
  });

  it('run --help exits 0 and lists the run options', () => {
    const r = runCli(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: cascade run');
    for (const text of ['--seed <n>', '--set <path=value>', '--json', '--out <dir>', '--help']) expect(r.stdout).toContain(text);
  });
});

