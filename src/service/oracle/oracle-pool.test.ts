import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { writeBookRows, type BookWriteRequest } from './book-writer.js';
import { liveScenario } from './live-scenario.js';
import { OraclePool } from './oracle-pool.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-oracle-pool-'));
const pool = new OraclePool();
afterAll(async () => {
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

describe('OraclePool.writeBook', () => {
  it('merges and writes a book on the oracle thread: the same file as in this thread, the rows moved there', async () => {
    const { scenario, dir } = smallScenario(50);
    const book = new FakeBook(scenario, dir);
    const request = (booksDir: string): BookWriteRequest => ({
      protocol: 'lend',
      collateralAsset: 'ETH',
      debtAsset: 'USDC',
      rows: book.rows('lend', false),
      booksDir,
      maxAccounts: 10,
    });
    const here = await writeBookRows(request(path.join(root, 'here')));
    const sent = request(path.join(root, 'there'));
    const there = await pool.writeBook(sent);
    expect(there.book.sha256).toBe(here.book.sha256);
    expect(there.book.accounts).toBe(10);
    expect(there.sampling).toEqual(here.sampling);
    expect(there.sampling).toMatchObject({ accounts: 50, groups: 10, perGroup: 5 });
    // Transferred, not copied: this thread's arrays are detached.
    expect([sent.rows.collateral.length, sent.rows.debt.length]).toEqual([0, 0]);
  });

  it('gives liveScenario the same scenario, hash and sampling as writing in this thread', async () => {
    const { scenario, dir } = smallScenario(40);
    const book = new FakeBook(scenario, dir);
    const booksDir = path.join(root, 'shared');
    const local = await liveScenario(book, { baseDir: dir, booksDir, maxAccounts: 8 });
    const remote = await liveScenario(book, {
      baseDir: dir,
      booksDir,
      maxAccounts: 8,
      writeBook: (r) => pool.writeBook(r),
    });
    expect(remote.sha256).toBe(local.sha256);
    expect(remote.sampling).toEqual({ lend: { ...local.sampling!.lend, groups: 8, perGroup: 5 } });
  });
});
