/**
 * End-to-end tests of the `cascade` command line: each test spawns the real CLI
 * (`node --import tsx src/cli/main.ts ...`) and checks exit code, stdout, stderr and files written.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineNumberOf, makeTempDir, removeTempDirs, replaceLine, repoRoot, runCli, shrink } from './helpers/cli.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import type { RunResult } from '../src/analysis/result.js';

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
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => numbersIn(v, at ? `${at}.${k}` : k));
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
    for (const label of [
      'External (fundamental) drawdown',
      'Oracle drawdown',
      'Amplification',
      'Liquidation calls',
      'Bad debt [USD]',
      'Generations with liquidations',
    ]) {
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
  it('writes exactly summary.json, timeseries.csv and report.html (and their manifest), matching the --json output', () => {
    const blocks = 120;
    const args = ['run', scenarioFile('thin-pool-shock'), ...shrink(blocks, 200)];
    const dir = path.join(makeTempDir(), 'nested', 'out'); // does not exist yet
    const r = runCli([...args, '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cascade run summary');
    expect(r.stdout).toContain(`Wrote summary.json, timeseries.csv and report.html to ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['cascade-manifest.json', 'report.html', 'summary.json', 'timeseries.csv']);

    // Same run with --json into an existing empty folder: stdout is the --json object, and both
    // folders' summary.json equal it.
    const jsonDir = makeTempDir();
    const json = runCli([...args, '--json', '--out', jsonDir]);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    expect(readdirSync(jsonDir).sort()).toEqual([
      'cascade-manifest.json',
      'report.html',
      'summary.json',
      'timeseries.csv',
    ]);
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

  it('--seed abc: exit 2 (usage) naming --seed and the allowed range', () => {
    const r = runCli(['run', '--seed', 'abc', ...shrink(5, 10)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--seed');
    expect(r.stderr).toContain('0 to 4294967295');
    expect(r.stderr).toContain('abc');
  });

  it('an unknown option: exit 2 (usage)', () => {
    const r = runCli(['run', '--no-such-option']);
    expect(r.status).toBe(2);
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
    for (const text of ['--seed <n>', '--set <path=value>', '--json', '--out <dir>', '--help'])
      expect(r.stdout).toContain(text);
  });
});

/**
 * The shipped thin-pool scenario with ETH replayed from `prices.csv` (beside it in a fresh folder, holding
 * `csvText`) and 60 blocks; returns the scenario path and the csv path as the CLI shows it.
 */
function csvScenario(csvText: string): { file: string; csv: string } {
  const { text } = replaceLine(
    thinPoolText(),
    '    price: { model: shock, initial: 2000, startMinute: 10, dropPct: 10, dropMinutes: 30 }',
    '    price: { model: csv, file: prices.csv }',
  );
  const file = writeScenario('replay.yaml', text.replace(/^blocks: 900\b/m, 'blocks: 60'));
  writeFileSync(path.join(path.dirname(file), 'prices.csv'), csvText);
  return { file, csv: path.join(path.dirname(file), 'prices.csv') };
}

/** Header and `n` good rows one minute apart from 2000 USD down by 1 a row; `edit` replaces lines by number (1 =
 * header). */
function priceCsv(n: number, edit: Record<number, string> = {}): string {
  const lines = ['timestamp,price', ...Array.from({ length: n }, (_, i) => `${1_700_000_000 + 60 * i},${2000 - i}`)];
  for (const [line, text] of Object.entries(edit)) lines[Number(line) - 1] = text;
  return lines.join('\n') + '\n';
}

describe('price CSV problems', () => {
  const bad = { 4: '1700000120,abc', 7: 'soon,1995', 9: '1700000000,1993' };

  it('validate reads the CSV a scenario refers to and lists every bad row at once: exit 1', () => {
    const { file, csv } = csvScenario(priceCsv(20, bad));
    const r = runCli(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `cascade: ${csv}:4: column "price": expected a positive number, got "abc"`,
      `${csv}:7: column "timestamp": expected unix seconds, unix milliseconds or an ISO-8601 date-time, got "soon"`,
      `${csv}:9: column "timestamp": expected a time after line 8 ("1700000360"), got "1700000000"`,
    ]);
  });

  it('validate --json gives the problems as {file, line, column, field, message}', () => {
    const { file, csv } = csvScenario(priceCsv(20, bad));
    const r = runCli(['validate', file, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      file,
      valid: false,
      problems: [
        { file: csv, line: 4, column: 2, field: 'price', message: 'expected a positive number, got "abc"' },
        {
          file: csv,
          line: 7,
          column: 1,
          field: 'timestamp',
          message: 'expected unix seconds, unix milliseconds or an ISO-8601 date-time, got "soon"',
        },
        {
          file: csv,
          line: 9,
          column: 1,
          field: 'timestamp',
          message: 'expected a time after line 8 ("1700000360"), got "1700000000"',
        },
      ],
      omitted: [],
    });
  });

  it('lists the first 20 problems of a file and says how many more; run refuses before writing anything', () => {
    const edit: Record<number, string> = {};
    for (let line = 2; line <= 31; line++) edit[line] = `${1_700_000_000 + 60 * (line - 2)},-5`; // 30 negative prices
    const { file, csv } = csvScenario(priceCsv(40, edit));
    const out = makeTempDir();
    const r = runCli(['run', file, '--no-store', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(`cascade: ${csv}:2: column "price": expected a positive number, got "-5"`);
    expect(lines[19]).toBe(`${csv}:21: column "price": expected a positive number, got "-5"`);
    expect(lines[20]).toBe(`${csv}: 10 more problems not shown (the first 20 are listed)`);
    expect(readdirSync(out)).toEqual([]);
    const json = JSON.parse(runCli(['validate', file, '--json']).stdout) as { problems: unknown[]; omitted: unknown[] };
    expect(json.problems).toHaveLength(20);
    expect(json.omitted).toEqual([{ file: csv, count: 10 }]);
  });

  it('a good CSV with a byte-order mark, CRLF line ends and quoted fields validates and runs', () => {
    const text =
      '\uFEFF' +
      priceCsv(20)
        .replace(/^(\d+),(\d+)$/gm, '"$1","$2"')
        .replace(/\n/g, '\r\n');
    const { file, csv } = csvScenario(text);
    const v = runCli(['validate', file]);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    expect(v.stdout).toContain(`read ${csv} (20 rows)`);
    const r = runCli(['run', file, '--no-store', '--json', '--set', 'protocols.0.borrowers.count=50']);
    expect(r.status).toBe(0);
    // 60 blocks of 12 s end at 720 s, row 13 (2000 − 12); the first row is 2000: 12/2000 = 0.6% down.
    expect(parseSummary(r.stdout).metrics.externalDrawdown).toBeCloseTo(12 / 2000, 12);
  });
});

describe('run --json carries every report of the run', () => {
  const cases: [string, string[], keyof RunResult][] = [
    ['cdp-stablecoin', ['--set', 'blocks=100'], 'stablecoins'],
    [
      'thin-pool-shock',
      [...shrink(100, 500), '--set', 'protocolOwnedLiquidity=[{protocol: lend, venue: pool, share: 0.5}]'],
      'protocolOwned',
    ],
    ['stablecoin-collateral', ['--set', 'blocks=100'], 'metrics'],
  ];
  for (const [name, sets, report] of cases) {
    it(`${name}: every field of the in-process result but the per-block series is in --json, equal (${report})`, () => {
      const r = runCli(['run', scenarioFile(name), '--json', '--no-store', ...sets]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      const overrides = sets.filter((_, i) => i % 2 === 1);
      const loaded = loadScenario(path.join(repoRoot, scenarioFile(name)), overrides);
      const result = runScenario(loaded.scenario, { baseDir: loaded.dir });
      expect(result[report]).toBeDefined();
      // --json always carries the warnings and the replaced parameters, empty when there are none.
      const full = { ...result, warnings: result.warnings ?? [], overrides: result.overrides ?? [] };
      const expected = Object.fromEntries(
        Object.entries(full).filter(([key, value]) => key !== 'series' && key !== 'health' && value !== undefined),
      );
      expect(Object.keys(json).sort()).toEqual(Object.keys(expected).sort());
      expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    }, 60_000);
  }
});

describe('exit codes: 0 ok, 1 invalid input, 2 usage', () => {
  it.each([
    ['an unknown command', ['frobnicate'], 'unknown command'],
    ['a missing argument', ['validate'], "missing required argument 'file'"],
    ['an option without its value', ['run', '--seed'], "option '--seed <n>' argument missing"],
    ['a flag value of the wrong form', ['map', '--steps', 'many'], '--steps: must be an integer'],
    ['too many arguments', ['run', 'a.yaml', 'b.yaml'], 'too many arguments'],
    ['no command at all', [], 'Usage: cascade'],
  ])('%s: exit 2, nothing on stdout', (_case, args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('a bad --set target and a bad scenario are invalid input: exit 1', () => {
    expect(runCli(['validate', scenarioFile('thin-pool-shock'), '--set', 'protocols.7.ltv=0.5']).status).toBe(1);
    expect(runCli(['validate', scenarioFile('thin-pool-shock'), '--set', 'noequals']).status).toBe(1);
    expect(runCli(['validate', badBonusScenario().file]).status).toBe(1);
  });

  it('--help and --version exit 0', () => {
    expect(runCli(['--version']).status).toBe(0);
    expect(runCli(['validate', '--help']).status).toBe(0);
  });
});

describe('progress', () => {
  it('goes to stderr only: with progress on, stdout is still exactly the --json object', () => {
    // gbm-day's 7,200 blocks usually outlast the 1 s after which progress shows; whether they do depends on
    // the machine, so the test requires only that every stderr line is a progress line and stdout is clean.
    const r = runCli(['run', scenarioFile('gbm-day'), '--json', '--no-store'], { CASCADE_PROGRESS: '1' });
    expect(r.status).toBe(0);
    expect(parseSummary(r.stdout).blocks).toBe(7200);
    for (const line of r.stderr.split('\n').filter((l) => l !== '')) {
      expect(line).toMatch(/^run gbm-day: \d+\/7200 blocks \(\d+%\), .* elapsed, ETA .*$/);
    }
  }, 60_000);
});
