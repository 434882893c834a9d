/**
 * End-to-end tests of position books on the command line (`cascade export-book`, and `run` / `validate` of a scenario
 * whose book is a file): each spawns the real CLI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const SMALL = ['--set', 'blocks=200', '--set', 'protocols.0.borrowers.count=300'];
const TOP_UP = 'topUp: { belowHealth: 1.05, targetHealth: 1.25, priorityFeeGwei: 1, gasUnits: 150000 }';

/** `--json` output without the books report, which only the run on a file has. */
function withoutBooks(stdout: string): unknown {
  const { books: _books, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}

describe('cascade export-book', () => {
  it('writes a book that, read back, gives the generated run (Parquet, seed 3)', () => {
    const out = path.join(makeTempDir(), 'thin.parquet');
    const exported = runCli(['export-book', 'scenarios/thin-pool-shock.yaml', ...SMALL, '--seed', '3', '--out', out]);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain(`Wrote 600 rows of lend (seed 3) to ${out}`);
    const generated = runCli([
      'run',
      'scenarios/thin-pool-shock.yaml',
      ...SMALL,
      '--seed',
      '3',
      '--json',
      '--no-store',
    ]);
    const fromFile = runCli([
      'run',
      'scenarios/thin-pool-shock.yaml',
      ...SMALL,
      '--set',
      `protocols.0.borrowers={file: ${out}, ${TOP_UP}}`,
      '--seed',
      '3',
      '--json',
      '--no-store',
    ]);
    expect(fromFile.status).toBe(0);
    expect(withoutBooks(fromFile.stdout)).toEqual(JSON.parse(generated.stdout));
    expect(JSON.parse(fromFile.stdout).books).toEqual([
      expect.objectContaining({
        protocol: 'lend',
        accounts: 300,
        unsafeAtStart: expect.objectContaining({ accounts: 0 }),
      }),
    ]);
  });

  it('reproduces the shipped samples byte for byte', () => {
    const dir = makeTempDir();
    const lending = path.join(dir, 'lending.csv');
    const perp = path.join(dir, 'perp.parquet');
    const a = runCli([
      'export-book',
      'scenarios/thin-pool-shock.yaml',
      '--set',
      'protocols.0.borrowers.count=300',
      '--set',
      'protocols.0.borrowers.collateralUsd.median=600000',
      '--out',
      lending,
    ]);
    const b = runCli([
      'export-book',
      'scenarios/perp-long-crash.yaml',
      '--set',
      'protocols.0.traders.count=200',
      '--out',
      perp,
    ]);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(readFileSync(lending)).toEqual(readFileSync(path.join(repoRoot, 'scenarios/books/lending-sample.csv')));
    expect(readFileSync(perp)).toEqual(readFileSync(path.join(repoRoot, 'scenarios/books/perp-sample.parquet')));
    // Exporting the scenario that reads the sample writes the sample again.
    const again = path.join(dir, 'again.csv');
    expect(runCli(['export-book', 'scenarios/book-from-file.yaml', '--out', again]).status).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(lending));
  });

  it('refuses an --out that is no book file (exit 2) and writes nothing', () => {
    const out = path.join(makeTempDir(), 'book.txt');
    const result = runCli(['export-book', 'scenarios/thin-pool-shock.yaml', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--out');
    expect(result.stderr).toContain('must end with .csv, .json or .parquet');
    expect(existsSync(out)).toBe(false);
  });
});

describe('run and validate with a book file', () => {
  it('runs the shipped book-from-file scenario and lists its book', () => {
    const result = runCli(['run', 'scenarios/book-from-file.yaml', '--set', 'blocks=200', '--no-store']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Position books read from files');
    expect(result.stdout).toContain('- lend: books/lending-sample.csv, 300 accounts; none unsafe at block 0');
  });

  it('runs the perp sample', () => {
    const result = runCli([
      'run',
      'scenarios/perp-long-crash.yaml',
      '--set',
      'blocks=100',
      '--set',
      `protocols.0.traders={file: ${path.join(repoRoot, 'scenarios/books/perp-sample.parquet')}}`,
      '--json',
      '--no-store',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).books[0]).toMatchObject({ protocol: 'perp-dex', kind: 'perp', accounts: 200 });
  });

  it('mc reads the book in each worker thread: every path runs, and the book is listed as fixed', () => {
    const db = path.join(makeTempDir(), 'store.duckdb');
    const args = ['scenarios/book-from-file.yaml', '--paths', '3', '--set', 'blocks=60', '--json', '--db', db];
    const result = runCli(['mc', ...args, '--workers', '2']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.batch).toMatchObject({ paths: 3, failed: 0, complete: true });
    expect(summary.randomness.fixed).toContain('borrower book of lend: read from books/lending-sample.csv');
  });

  it('validate lists every bad row of a book with file, row and column (exit 1)', () => {
    const dir = makeTempDir();
    const book = path.join(dir, 'bad.csv');
    writeFileSync(book, 'account,asset,collateral,debt\na,ETH,x,0\nb,DOGE,1,0\n');
    const set = `protocols.0.borrowers={file: ${book}}`;
    const text = runCli(['validate', 'scenarios/thin-pool-shock.yaml', '--set', set]);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain(`${book}: row 1, column "collateral": must be a number ≥ 0 (units of ETH), got "x"`);
    expect(text.stderr).toContain(`${book}: row 2, column "asset": unknown asset "DOGE"`);
    const json = runCli(['validate', 'scenarios/thin-pool-shock.yaml', '--set', set, '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).problems).toEqual([
      expect.objectContaining({ file: book, line: 1, column: 3, field: 'collateral' }),
      expect.objectContaining({ file: book, line: 2, column: 2, field: 'asset' }),
    ]);
  });

  it('run with a bad book exits 1 and writes no output folder', () => {
    const dir = makeTempDir();
    const book = path.join(dir, 'bad.csv');
    writeFileSync(book, 'account,asset,collateral\na,ETH,-1\n');
    const out = path.join(dir, 'out');
    const result = runCli([
      'run',
      'scenarios/thin-pool-shock.yaml',
      '--set',
      `protocols.0.borrowers={file: ${book}}`,
      '--out',
      out,
      '--no-store',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${book}: row 1, column "collateral": must be ≥ 0 (units of ETH), got -1`);
    expect(existsSync(out)).toBe(false);
  });

  it('a book unsafe at block 0: run reports it; validate refuses it under unsafeAtStart: error', () => {
    const dir = makeTempDir();
    const book = path.join(dir, 'unsafe.csv');
    // Health 10·2000·0.825 / 17,000 = 0.9706 at the first oracle answer (2,000).
    writeFileSync(book, 'account,asset,collateral,debt\nwhale,ETH,10,0\nwhale,USDC,0,17000\n');
    const run = runCli([
      'run',
      'scenarios/thin-pool-shock.yaml',
      '--set',
      'blocks=20',
      '--set',
      `protocols.0.borrowers={file: ${book}}`,
      '--no-store',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'unsafe at block 0 (debt 17,000.00 USD, collateral 20,000.00 USD at the oracle), kept: liquidatable from block 1:',
    );
    expect(run.stdout).toContain('whale (row 1, health factor 0.9706)');
    const validate = runCli([
      'validate',
      'scenarios/thin-pool-shock.yaml',
      '--set',
      `protocols.0.borrowers={file: ${book}, unsafeAtStart: error}`,
    ]);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain('unsafeAtStart is error: whale (row 1, health factor 0.9706)');
  });
});
