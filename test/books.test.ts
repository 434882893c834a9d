/**
 * Position books read from files (docs/books.md): each format, the column aliases of common exports, problems named
 * by file, row and column, accounts unsafe at block 0, and the round trip export → read → the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { bookOf, loadScenarioWithBooks } from '../src/scenario/book-files.js';
import type { LendingBookData } from '../src/scenario/lending-book-file.js';
import type { PerpBookData } from '../src/scenario/perp-book-file.js';
import { ScenarioProblems } from '../src/scenario/problems.js';
import { ScenarioError } from '../src/kernel/errors.js';
import { writeBookTable } from '../src/scenario/book-table.js';
import { runScenario } from '../src/analysis/run.js';
import { buildWorld } from '../src/world/build-world.js';
import { attribution } from '../src/attribution/cascade-generations.js';
import { entryPriceOf, lendingBookColumns, perpBookColumns } from '../src/world/book-export.js';
import type { PerpProtocol } from '../src/protocol/perp/perp-protocol.js';
import { RandomStream } from '../src/kernel/random.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-books-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const thinPool = path.resolve('scenarios/thin-pool-shock.yaml');
const perpCross = path.resolve('scenarios/perp-cross-margin.yaml');
const perpIsolated = path.resolve('scenarios/perp-long-crash.yaml');

/** Writes `text` to a fresh file of the temporary folder; returns its absolute path. */
function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

/** Runs SQL in a fresh in-memory DuckDB (to write Parquet independently of the code under test). */
async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The thin-pool scenario with its borrowers read from `book` (and any more overrides). */
const withLendingBook = (book: string, more = '', sets: string[] = []) =>
  loadScenarioWithBooks(thinPool, [`protocols.0.borrowers={file: ${book}${more}}`, ...sets]);

async function problemsOf(promise: Promise<unknown>): Promise<ScenarioProblems> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScenarioProblems);
  return error as ScenarioProblems;
}

describe('reading a lending book', () => {
  // Two accounts; alice: 2 ETH against 1,500 USDC; bob: 1 ETH against 1,000 + 200 USDC, and a USDC supply that is not
  // collateral (left out). The same rows in each format.
  const expected = { accounts: ['alice', 'bob'], collateral: [2, 1], debt: [1500, 1200], reserve: [0.5, 0] };
  const check = (book: LendingBookData) => {
    expect(book.accounts).toEqual(expected.accounts);
    expect([...book.collateral]).toEqual(expected.collateral);
    expect([...book.debt]).toEqual(expected.debt);
    expect([...book.reserve]).toEqual(expected.reserve);
    expect([...book.rows]).toEqual([1, 3]);
  };

  it('reads CSV with the documented column names', async () => {
    const csv = file(
      'plain.csv',
      'account,asset,collateral,debt,topUpReserve\nalice,ETH,2,,0.5\nalice,USDC,0,1500,\nbob,ETH,1,0,0\nbob,USDC,0,1000,0\nbob,USDC,0,200,0\n',
    );
    const loaded = await withLendingBook(csv);
    check(bookOf(csv, 'lend') as LendingBookData);
    expect(loaded.dataFiles).toContainEqual({ file: csv, rows: 5 });
  });

  it('reads JSON with Aave v3 subgraph names: raw amounts scaled by decimals, stable debt added, usage flag', async () => {
    // 2 ETH = 2·10^18 wei; 1,500 USDC = 1.5·10^9 at 6 decimals.
    const rows = [
      {
        user: 'alice',
        'reserve.symbol': 'ETH',
        'reserve.decimals': 18,
        currentATokenBalance: 2e18,
        currentVariableDebt: 0,
        topUpReserve: 5e17,
      },
      {
        user: 'alice',
        'reserve.symbol': 'USDC',
        'reserve.decimals': 6,
        currentATokenBalance: 0,
        currentVariableDebt: 1.5e9,
      },
      {
        user: 'bob',
        'reserve.symbol': 'eth',
        'reserve.decimals': 18,
        currentATokenBalance: 1e18,
        currentVariableDebt: 0,
      },
      {
        user: 'bob',
        'reserve.symbol': 'USDC',
        'reserve.decimals': 6,
        currentVariableDebt: 1e9,
        currentStableDebt: 2e8,
        currentATokenBalance: 7e9,
        usageAsCollateralEnabled: false,
      },
    ];
    const json = file('subgraph.json', JSON.stringify(rows));
    await withLendingBook(json);
    check(bookOf(json, 'lend') as LendingBookData);
  });

  it('reads a nested subgraph JSON export (user { id }, reserve { symbol, decimals }, balances as integer strings)', async () => {
    const row = (user: string, symbol: string, decimals: number, supplied: string, borrowed: string, stable = '0') => ({
      user: { id: user },
      reserve: { symbol, decimals },
      currentATokenBalance: supplied,
      currentVariableDebt: borrowed,
      currentStableDebt: stable,
    });
    const json = file(
      'subgraph-nested.json',
      JSON.stringify([
        { ...row('alice', 'ETH', 18, '2000000000000000000', '0'), topUpReserve: '500000000000000000' },
        row('alice', 'USDC', 6, '0', '1500000000'),
        row('bob', 'ETH', 18, '1000000000000000000', '0'),
        row('bob', 'USDC', 6, '0', '1000000000', '200000000'),
      ]),
    );
    await withLendingBook(json);
    check(bookOf(json, 'lend') as LendingBookData);
  });

  it('reads Parquet with its own types, skipping rows of another protocol', async () => {
    const parquet = path.join(dir, 'book.parquet');
    await duckdb(
      `COPY (SELECT * FROM (VALUES ('alice','lend','ETH',2.0,0.0,0.5), ('alice','lend','USDC',0.0,1500.0,0.0), ` +
        `('carol','other','ETH',9.0,0.0,0.0), ('bob','lend','ETH',1.0,0.0,0.0), ('bob','lend','USDC',0.0,1200.0,0.0)) ` +
        `AS t(account, protocol, asset, collateral, debt, topUpReserve)) TO '${parquet}' (FORMAT parquet)`,
    );
    await withLendingBook(parquet);
    const book = bookOf(parquet, 'lend') as LendingBookData;
    expect(book.accounts).toEqual(expected.accounts);
    expect([...book.debt]).toEqual(expected.debt);
    expect([...book.rows]).toEqual([1, 4]);
  });
});

describe('problems of a book file', () => {
  it('names file, row and column of every bad cell, with what is allowed', async () => {
    const csv = file(
      'bad.csv',
      'account,asset,collateral,debt\nalice,ETH,-2,0\nalice,WBTC,1,0\nbob,USDC,0,lots\n,ETH,1,0\nbob,ETH,1,5\n',
    );
    const { problems } = await problemsOf(withLendingBook(csv));
    const texts = problems.map((p) => p.text);
    expect(texts).toEqual([
      `${csv}: row 1, column "collateral": must be ≥ 0 (units of ETH), got -2`,
      `${csv}: row 2, column "asset": unknown asset "WBTC" for protocol lend; allowed: ETH (its collateral), USDC (its debt)`,
      `${csv}: row 3, column "debt": must be a number ≥ 0 (units of USDC), got "lots"`,
      `${csv}: row 4, column "account": must not be empty (the account this row belongs to)`,
      `${csv}: row 5, column "debt": ETH is the collateral of protocol lend: borrowing it is not modelled (debt must be 0 on its rows)`,
    ]);
    expect(problems[1]).toMatchObject({ file: csv, line: 2, column: 2, field: 'asset' });
  });

  it('names a missing column with the names it is also known by', async () => {
    const csv = file('nocolumn.csv', 'user,collateral,debt\nalice,1,0\n');
    const { problems } = await problemsOf(withLendingBook(csv));
    expect(problems.map((p) => p.text)).toEqual([
      `${csv}: missing column asset (or reserve, symbol, reserveSymbol, token)`,
    ]);
  });

  it('refuses a perp book with an unknown market, a bad side, a zero size and no margin', async () => {
    const csv = file(
      'perp-bad.csv',
      'account,market,side,size,entryPrice,margin\na,DOGE,long,1,1,1\na,ETH,up,1,2000,100\nb,ETH-PERP,short,0,2000,100\nc,BTC,long,1,60000,\n',
    );
    const { problems } = await problemsOf(loadScenarioWithBooks(perpCross, [`protocols.0.traders={file: ${csv}}`]));
    expect(problems.map((p) => p.text)).toEqual([
      `${csv}: row 1, column "market": unknown market "DOGE" for exchange cross-dex; allowed: ETH-PERP (ETH), BTC-PERP (BTC)`,
      `${csv}: row 2, column "side": must be long or short (also buy/sell), got "up"`,
      `${csv}: row 3, column "size": must be a non-zero number (base units), got "0"`,
      `${csv}: row 4, column "margin": needs a margin (USD) or a leverage`,
    ]);
  });

  it('reports a file DuckDB cannot read as one problem of that file', async () => {
    const json = file('broken.json', '[{"account": "a", ');
    const { problems } = await problemsOf(withLendingBook(json));
    expect(problems).toHaveLength(1);
    expect(problems[0].text.startsWith(`${json}: cannot read position book: `)).toBe(true);
  });
});

describe('reading a perp book', () => {
  it('takes side from the side column or the sign of size, markets by id or asset, margin from leverage', async () => {
    // Cross: alice long 2 ETH at 2,000 with 400 margin and short 0.1 BTC (signed size) at 60,000, margin 6,000/3 =
    // 2,000.
    const csv = file(
      'perp.csv',
      'user,coin,side,szi,entryPx,marginUsed,leverage\nalice,ETH,long,2,2000,400,\nalice,BTC-PERP,,-0.1,60000,,3\nbob,eth,sell,1,1990,100,\n',
    );
    await loadScenarioWithBooks(perpCross, [`protocols.0.traders={file: ${csv}}`]);
    const book = bookOf(csv, 'cross-dex') as PerpBookData;
    expect(book.accounts).toEqual(['alice', 'bob']);
    expect([...book.account]).toEqual([0, 0, 1]);
    expect([...book.market]).toEqual([0, 1, 0]);
    expect([...book.size]).toEqual([2, -0.1, -1]);
    expect([...book.entry]).toEqual([2000, 60000, 1990]);
    expect([...book.margin]).toEqual([400, (0.1 * 60000) / 3, 100]);
  });
});

describe('accounts unsafe at block 0', () => {
  // The oracle's first answer is 2,000 (every source starts at the fundamental). Health = 10·2000·0.825 / debt:
  // safe at 15,000 (1.1), unsafe at 17,000 (0.970588…).
  const book = (name: string) =>
    file(
      name,
      'account,asset,collateral,debt\nsafe,ETH,10,0\nsafe,USDC,0,15000\nunsafe,ETH,10,0\nunsafe,USDC,0,17000\n',
    );
  // 20 blocks: the shock starts at minute 10 (block 50), so only an account unsafe from the start is liquidated.
  const short = ['blocks=20'];

  it('liquidate (the default): kept, reported with its debt, liquidated from block 1', async () => {
    const csv = book('unsafe-liquidate.csv');
    const loaded = await withLendingBook(csv, '', short);
    const result = runScenario(loaded.scenario, { baseDir: loaded.dir });
    const health = (10 * 2000 * 0.825) / 17000;
    expect(result.books).toEqual([
      {
        protocol: 'lend',
        kind: 'lending',
        file: csv,
        accounts: 2,
        unsafeAtStart: {
          policy: 'liquidate',
          accounts: 1,
          exposureUsd: 17000,
          valueUsd: 20000,
          listed: [{ account: 'unsafe', row: 3, ratio: expect.closeTo(health, 12) }],
        },
      },
    ]);
    expect(result.metrics.liquidations).toBeGreaterThan(0);
    expect(result.metrics.accountsLiquidated).toBe(1);
  });

  it('drop: left out of the book, still reported, nothing liquidated', async () => {
    const csv = book('unsafe-drop.csv');
    const loaded = await withLendingBook(csv, ', unsafeAtStart: drop', short);
    const result = runScenario(loaded.scenario, { baseDir: loaded.dir });
    expect(result.books?.[0]).toMatchObject({ accounts: 1, unsafeAtStart: { policy: 'drop', accounts: 1 } });
    expect(result.metrics.liquidations).toBe(0);
  });

  it('error: the world is refused, naming the account and its row', async () => {
    const csv = book('unsafe-error.csv');
    const loaded = await withLendingBook(csv, ', unsafeAtStart: error', short);
    expect(() => buildWorld(loaded.scenario, { baseDir: loaded.dir, attribution })).toThrow(ScenarioError);
    expect(() => buildWorld(loaded.scenario, { baseDir: loaded.dir, attribution })).toThrow(
      /1 account\(s\) of lend are unsafe at block 0 and unsafeAtStart is error: unsafe \(row 3, health factor 0\.9706\)/,
    );
  });

  it('perp: an account whose equity is below maintenance at the first mark is reported, then closed or dropped', async () => {
    // ETH-PERP maintenance is tiered; a 10-ETH long entered at 2,200 has lost 2,000 at a 2,000 mark, so with 1,000
    // margin its equity is −1,000 (below any maintenance), and with 20,000 it is 18,000 (above any).
    const csv = file(
      'perp-unsafe.csv',
      'account,market,side,size,entryPrice,margin\nok,ETH-PERP,long,10,2200,20000\nunder,ETH-PERP,long,10,2200,1000\n',
    );
    const loaded = await loadScenarioWithBooks(perpCross, [`protocols.0.traders={file: ${csv}}`, 'blocks=5']);
    const result = runScenario(loaded.scenario, { baseDir: loaded.dir });
    const unsafe = result.books?.[0].unsafeAtStart;
    expect(unsafe).toMatchObject({ policy: 'liquidate', accounts: 1, listed: [{ account: 'under', row: 2 }] });
    expect(unsafe?.valueUsd).toBeCloseTo(1000 + 10 * (2000 - 2200), 6);
    expect(result.perps?.[0].accountsLiquidated).toBe(1);
    const dropped = await loadScenarioWithBooks(perpCross, [
      `protocols.0.traders={file: ${csv}, unsafeAtStart: drop}`,
      'blocks=5',
    ]);
    const kept = runScenario(dropped.scenario, { baseDir: dropped.dir });
    expect(kept.books?.[0]).toMatchObject({ accounts: 1, unsafeAtStart: { policy: 'drop', accounts: 1 } });
    expect(kept.perps?.[0].liquidations).toBe(0);
  });
});

describe('export → read round trip', () => {
  it('an entry price found from the book re-books the same quote flow', () => {
    const rng = new RandomStream(5, 'test:entry');
    for (let k = 0; k < 2000; k++) {
      const size = (rng.uniform() < 0.5 ? -1 : 1) * rng.lognormal(0, 3);
      const price = rng.lognormal(7, 2);
      const quoteFlow = 0 - size * price; // PerpBook.trade from an empty position
      expect(size * entryPriceOf(size, quoteFlow)).toBe(size * price);
    }
  });

  const cases = [
    { name: 'lending, CSV', scenario: thinPool, ext: 'csv', sets: ['protocols.0.borrowers.count=400', 'blocks=200'] },
    { name: 'lending, JSON', scenario: thinPool, ext: 'json', sets: ['protocols.0.borrowers.count=400', 'blocks=200'] },
    {
      name: 'perp cross, Parquet',
      scenario: perpCross,
      ext: 'parquet',
      sets: ['protocols.0.traders.count=300', 'blocks=200'],
    },
    {
      name: 'perp isolated, CSV',
      scenario: perpIsolated,
      ext: 'csv',
      sets: ['protocols.0.traders.count=300', 'blocks=200'],
    },
  ];
  it.each(cases)('$name: the run on the exported book has the metrics of the generated run', async (c) => {
    const generated = await loadScenarioWithBooks(c.scenario, c.sets);
    const world = buildWorld(generated.scenario, { baseDir: generated.dir, attribution, seed: 4 });
    const spec = generated.scenario.protocols[0];
    const out = path.join(dir, `round-trip-${c.name.replace(/\W+/g, '-')}.${c.ext}`);
    await writeBookTable(
      out,
      spec.type === 'perp'
        ? perpBookColumns(world.engines[0] as PerpProtocol)
        : lendingBookColumns(world.protocols[0], 400),
    );
    const behaviour =
      spec.type === 'perp'
        ? `traders={file: ${out}${'addMargin' in spec.traders && spec.traders.addMargin ? `, addMargin: ${JSON.stringify({ ...spec.traders.addMargin, share: undefined, reserveShare: undefined })}` : ''}}`
        : `borrowers={file: ${out}, topUp: ${JSON.stringify(spec.type === 'lending' && 'topUp' in spec.borrowers ? { ...spec.borrowers.topUp, share: undefined, reserveShare: undefined } : undefined)}}`;
    const fromFile = await loadScenarioWithBooks(c.scenario, [...c.sets, `protocols.0.${behaviour}`]);
    const a = runScenario(generated.scenario, { baseDir: generated.dir, seed: 4 });
    const b = runScenario(fromFile.scenario, { baseDir: fromFile.dir, seed: 4 });
    expect(b.metrics).toEqual(a.metrics);
    expect(b.series).toEqual(a.series);
    expect(a.metrics.liquidations).toBeGreaterThan(0);
  });
});
