// Position books read from files (docs/books.md) placed into a world's lending and perp books at block 0, with the
// accounts already unsafe then found, reported, and kept, dropped or refused as the scenario says.
import { resolve } from 'node:path';
import { ScenarioError } from '../kernel/errors.js';
import { bookOf } from '../scenario/book-files.js';
import type { LendingBookData } from '../scenario/lending-book-file.js';
import type { PerpBookData } from '../scenario/perp-book-file.js';
import type { UnsafeAtStart } from '../scenario/schema-books.js';
import { healthFactor, priceAtHealth } from '../liquidation/health.js';
import { tieredThreshold, type ThresholdTier } from '../protocol/lending/threshold-tiers.js';
import { PerpBook } from '../protocol/perp/perp-book.js';

/** Accounts of a book listed by name in a report (the rest are counted). */
export const LISTED_UNSAFE = 10;

/** One account unsafe at block 0: its name, the file row where it first appears, and how unsafe. */
export interface UnsafeAccount {
  account: string;
  row: number;
  /** Lending: health factor at the oracle's first answer; perp: equity / maintenance at the first mark. */
  ratio: number;
}

/** What a run says about a book read from a file. */
export interface BookReport {
  protocol: string;
  kind: 'lending' | 'perp';
  /** The file as the scenario names it. */
  file: string;
  /** Accounts placed in the book (after any were dropped). */
  accounts: number;
  unsafeAtStart: {
    policy: UnsafeAtStart;
    /** Accounts unsafe at block 0 (lending: health factor < 1 at the oracle; perp: equity < maintenance at the mark).
     * */
    accounts: number;
    /** Lending: their debt, USD; perp: their notional at the mark, USD. */
    exposureUsd: number;
    /** Lending: their collateral at the oracle, USD; perp: their equity at the mark, USD. */
    valueUsd: number;
    /** The first {@link LISTED_UNSAFE}, in file order. */
    listed: UnsafeAccount[];
  };
}

/** What placing a lending book needs of its protocol at block 0. */
export interface LendingStart {
  protocol: string;
  file: string;
  baseDir: string;
  policy: UnsafeAtStart;
  price: number;
  debtPrice: number;
  /** Base threshold in effect (the mechanism's) and its size tiers. */
  threshold: number;
  tiers: readonly ThresholdTier[];
}

/** Throws when the policy is `error` and some accounts are unsafe, naming them with their rows. */
function refuse(report: BookReport, what: string): void {
  const unsafe = report.unsafeAtStart;
  if (unsafe.policy !== 'error' || unsafe.accounts === 0) return;
  const names = unsafe.listed.map((a) => `${a.account} (row ${a.row}, ${what} ${a.ratio.toPrecision(4)})`).join(', ');
  const more = unsafe.accounts > unsafe.listed.length ? ` and ${unsafe.accounts - unsafe.listed.length} more` : '';
  throw new ScenarioError(
    `${report.file}: ${unsafe.accounts} account(s) of ${report.protocol} are unsafe at block 0 and unsafeAtStart is error: ${names}${more}; ` +
      'allowed: liquidate (keep them, liquidatable from block 1), drop (leave them out), error',
    report.file,
  );
}

/**
 * The lending book of a protocol read from its file, with the accounts unsafe at the oracle's first answer (health
 * factor below 1, Aave's rule, at each account's tiered threshold) reported, and left out under `drop`.
 *
 * @example const { book, report } = lendingFromFile({ protocol: 'lend', file: 'books/a.csv', … });
 */
export function lendingFromFile(start: LendingStart): { book: LendingBookData; report: BookReport } {
  const data = bookOf(resolve(start.baseDir, start.file), start.protocol) as LendingBookData;
  const unsafe: number[] = [];
  let exposureUsd = 0;
  let valueUsd = 0;
  const thresholdOf = (i: number) => tieredThreshold(data.debt[i] * start.debtPrice, start.threshold, start.tiers);
  for (let i = 0; i < data.accounts.length; i++) {
    const debt = data.debt[i];
    // LendingProtocol.isLiquidatable: debt > 0 and the liquidation price above the oracle price.
    if (!(debt > 0 && priceAtHealth(1, debt, start.debtPrice, data.collateral[i], thresholdOf(i)) > start.price))
      continue;
    unsafe.push(i);
    exposureUsd += debt * start.debtPrice;
    valueUsd += data.collateral[i] * start.price;
  }
  const listed = unsafe.slice(0, LISTED_UNSAFE).map((i) => ({
    account: data.accounts[i],
    row: data.rows[i],
    ratio: healthFactor(data.collateral[i], start.price, thresholdOf(i), data.debt[i], start.debtPrice),
  }));
  const book = start.policy === 'drop' && unsafe.length > 0 ? withoutLending(data, new Set(unsafe)) : data;
  const report: BookReport = {
    protocol: start.protocol,
    kind: 'lending',
    file: start.file,
    accounts: book.accounts.length,
    unsafeAtStart: { policy: start.policy, accounts: unsafe.length, exposureUsd, valueUsd, listed },
  };
  refuse(report, 'health factor');
  return { book, report };
}

function withoutLending(data: LendingBookData, dropped: Set<number>): LendingBookData {
  const kept = data.accounts.map((_, i) => i).filter((i) => !dropped.has(i));
  return {
    accounts: kept.map((i) => data.accounts[i]),
    rows: Int32Array.from(kept, (i) => data.rows[i]),
    collateral: Float64Array.from(kept, (i) => data.collateral[i]),
    debt: Float64Array.from(kept, (i) => data.debt[i]),
    reserve: Float64Array.from(kept, (i) => data.reserve[i]),
  };
}

/** What placing a perp book needs of each market at block 0. */
export interface PerpStartMarket {
  mark: number;
  maintenanceUsd(notionalUsd: number): number;
}

/**
 * Books every position of `data` in order into `book` (account numbers as in `data`, the maker `maker` taking the
 * other side at the entry price), adding each row's margin to its account's collateral and its reserve to the
 * account's reserve.
 */
export function placePerpPositions(book: PerpBook, data: PerpBookData, maker: number): void {
  for (let p = 0; p < data.account.length; p++) {
    const account = data.account[p];
    book.trade(account, maker, data.market[p], data.size[p], data.entry[p]);
    book.collateral[account] += data.margin[p];
    book.reserve[account] += data.reserve[p];
  }
}

/**
 * The trader book of an exchange read from its file, with the accounts whose equity is below maintenance at the
 * first mark prices (the engine's own test, PerpProtocol.liquidate) reported, and left out under `drop`.
 *
 * @example const { book, report } = perpFromFile('perp', 'books/p.csv', dir, 'liquidate', markets);
 */
export function perpFromFile(
  protocol: string,
  file: string,
  baseDir: string,
  policy: UnsafeAtStart,
  markets: readonly PerpStartMarket[],
): { book: PerpBookData; report: BookReport } {
  const data = bookOf(resolve(baseDir, file), protocol) as PerpBookData;
  const count = data.accounts.length;
  const scratch = new PerpBook(count + 1, markets.length);
  placePerpPositions(scratch, data, count);
  const unsafe: UnsafeAccount[] = [];
  const dropped = new Set<number>();
  let exposureUsd = 0;
  let valueUsd = 0;
  for (let a = 0; a < count; a++) {
    let equity = scratch.collateral[a];
    let maintenance = 0;
    let notional = 0;
    for (let m = 0; m < markets.length; m++) {
      const k = scratch.at(a, m);
      const size = scratch.size[k];
      if (size !== 0 || scratch.quoteFlow[k] !== 0) equity += scratch.quoteFlow[k] + size * markets[m].mark;
      if (size !== 0) maintenance += markets[m].maintenanceUsd(Math.abs(size) * markets[m].mark);
      notional += Math.abs(size) * markets[m].mark;
    }
    if (!(notional > 0 && equity < maintenance)) continue;
    dropped.add(a);
    exposureUsd += notional;
    valueUsd += equity;
    if (unsafe.length < LISTED_UNSAFE)
      unsafe.push({ account: data.accounts[a], row: data.rows[a], ratio: equity / maintenance });
  }
  const book = policy === 'drop' && dropped.size > 0 ? withoutPerp(data, dropped) : data;
  const report: BookReport = {
    protocol,
    kind: 'perp',
    file,
    accounts: book.accounts.length,
    unsafeAtStart: { policy, accounts: dropped.size, exposureUsd, valueUsd, listed: unsafe },
  };
  refuse(report, 'equity/maintenance');
  return { book, report };
}

function withoutPerp(data: PerpBookData, dropped: Set<number>): PerpBookData {
  const renumber = new Int32Array(data.accounts.length).fill(-1);
  const accounts: string[] = [];
  const rows: number[] = [];
  data.accounts.forEach((name, a) => {
    if (dropped.has(a)) return;
    renumber[a] = accounts.length;
    accounts.push(name);
    rows.push(data.rows[a]);
  });
  const kept = Array.from(data.account.keys()).filter((p) => !dropped.has(data.account[p]));
  return {
    accounts,
    rows: Int32Array.from(rows),
    account: Int32Array.from(kept, (p) => renumber[data.account[p]]),
    market: Int32Array.from(kept, (p) => data.market[p]),
    size: Float64Array.from(kept, (p) => data.size[p]),
    entry: Float64Array.from(kept, (p) => data.entry[p]),
    margin: Float64Array.from(kept, (p) => data.margin[p]),
    reserve: Float64Array.from(kept, (p) => data.reserve[p]),
  };
}
