import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { writeLiveBook } from './book-writer.js';
import { liveScenario } from './live-scenario.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-live-scenario-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeLiveBook', () => {
  it('writes two rows per account, quotes names with commas, and names the file by the SHA-256 of its bytes', async () => {
    const dir = path.join(root, 'books-a');
    const rows = { account: ['a', 'b,c'], collateral: Float64Array.of(1.5, 0.1), debt: Float64Array.of(1000, 0) };
    const written = await writeLiveBook('lend', 'ETH', 'USDC', rows, dir);
    const text = readFileSync(written.file, 'utf8');
    // Hand-written expected bytes: header, then collateral row and debt row of each account.
    const expected = 'account,asset,collateral,debt\na,ETH,1.5,0\na,USDC,0,1000\n"b,c",ETH,0.1,0\n"b,c",USDC,0,0\n';
    expect(text).toBe(expected);
    expect(written.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(path.basename(written.file)).toBe(`${written.sha256}.csv`);
    const again = await writeLiveBook('lend', 'ETH', 'USDC', rows, dir);
    expect(again.file).toBe(written.file);
    expect(readdirSync(dir)).toEqual([`${written.sha256}.csv`]); // reused, no temporary left
  });
});

describe('liveScenario', () => {
  it('replaces the borrowers by the live book and sets live prices, depths, gas and thresholds', async () => {
    const { scenario, dir } = smallScenario(50);
    const book = new FakeBook(scenario, dir);
    book.prices.ETH = 1800;
    book.depths.cex = { depthUsdPer1Pct: 1_000_000 };
    book.depths.pool = { liquidityUsd: 2_500_000 };
    book.gas = 55;
    book.params.lend.liquidationThreshold = 0.8;
    book.sequence = 42;
    const live = await liveScenario(book, { baseDir: dir, booksDir: path.join(root, 'books-b') });
    const s = live.scenario;
    const lend = s.protocols[0];
    expect(lend.type === 'lending' && lend.borrowers).toEqual({ file: live.books[0].file, unsafeAtStart: 'liquidate' });
    expect(lend.type === 'lending' && lend.liquidationThreshold).toBe(0.8);
    expect(lend.type === 'lending' && lend.ltv).toBe(0.8); // LTV 0.80 ≤ LT 0.8 kept
    expect(s.assets.find((a) => a.symbol === 'ETH')!.price).toMatchObject({ model: 'shock', initial: 1800 });
    expect(s.venues.find((v) => v.id === 'cex')).toMatchObject({ depthUsdPer1Pct: 1_000_000 });
    expect(s.venues.find((v) => v.id === 'pool')).toMatchObject({ liquidityUsd: 2_500_000 });
    expect(s.chain.gasPriceGwei).toBe(55);
    expect(s.record.healthSample).toBe(0);
    expect(live.sequence).toBe(42);
    expect(live.books[0].accounts).toBe(50);
    expect(live.sha256).toBe(createHash('sha256').update(live.json).digest('hex'));
    expect(live.yaml).toContain('unsafeAtStart: liquidate');
    // The file holds the live rows: 1 header + 2 rows per account.
    expect(readFileSync(live.books[0].file, 'utf8').trimEnd().split('\n')).toHaveLength(101);
  });

  it('merges a book over maxAccounts into groups and says so', async () => {
    const { scenario, dir } = smallScenario(50);
    const book = new FakeBook(scenario, dir);
    const full = book.rows('lend');
    const live = await liveScenario(book, { baseDir: dir, booksDir: path.join(root, 'books-m'), maxAccounts: 10 });
    // 50 accounts, at most 10: groups of ceil(50/10) = 5.
    expect(live.sampling?.lend).toMatchObject({ accounts: 50, groups: 10, perGroup: 5 });
    expect(live.books[0].accounts).toBe(10);
    const text = readFileSync(live.books[0].file, 'utf8').trim().split('\n').slice(1);
    const debt = text
      .filter((line) => line.includes(',USDC,'))
      .reduce((sum, line) => sum + Number(line.split(',')[3]), 0);
    const fullDebt = full.debt.reduce((a, b) => a + b, 0);
    expect(Math.abs(debt - fullDebt)).toBeLessThan(1e-9 * fullDebt);
  });
});
