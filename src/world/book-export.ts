// The position book a world starts with, as the columns of a book file (docs/books.md): what `cascade export-book`
// writes, so that reading it back starts the same world.
import { InvariantError } from '../kernel/errors.js';
import type { BookColumnOut } from '../scenario/book-table.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { PerpProtocol } from '../protocol/perp/perp-protocol.js';

/** Account names `<prefix>0001`…, zero-padded to the width of the largest. */
function names(prefix: string, count: number): (k: number) => string {
  const width = String(Math.max(0, count - 1)).length;
  return (k) => `${prefix}${String(k).padStart(width, '0')}`;
}

/**
 * A lending protocol's first `accounts` accounts at block 0, two rows each: its collateral (and top-up reserve) in
 * the collateral asset, its debt in the debt asset.
 *
 * @example lendingBookColumns(world.protocols[0], 10000); // account, protocol, asset, collateral, debt, topUpReserve
 */
export function lendingBookColumns(protocol: LendingProtocol, accounts: number): BookColumnOut[] {
  const { book, settings } = protocol;
  const name = names('b', accounts);
  const account: string[] = [];
  const asset: string[] = [];
  const collateral: number[] = [];
  const debt: number[] = [];
  const reserve: number[] = [];
  for (let i = 0; i < accounts; i++) {
    account.push(name(i), name(i));
    asset.push(settings.collateral, settings.debt);
    collateral.push(book.collateral[i], 0);
    debt.push(0, book.debt[i]);
    reserve.push(book.reserve[i], 0);
  }
  return [
    { name: 'account', values: account },
    { name: 'protocol', values: account.map(() => protocol.id) },
    { name: 'asset', values: asset },
    { name: 'collateral', values: collateral },
    { name: 'debt', values: debt },
    { name: 'topUpReserve', values: reserve },
  ];
}

/** The bits after `x` towards +∞ (`up`) or −∞. */
function nextDouble(x: number, up: boolean): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const away = x >= 0 === up;
  view.setBigUint64(0, x === 0 ? 1n : away ? bits + 1n : bits - 1n);
  return x === 0 && !up ? -view.getFloat64(0) : view.getFloat64(0);
}

/**
 * An entry price e that books the same quote flow as the trade that opened the position: size·e rounds to exactly
 * −quoteFlow (the book keeps the product, not the price; e is within a few ulps of −quoteFlow / size).
 */
export function entryPriceOf(size: number, quoteFlow: number): number {
  const target = -quoteFlow;
  let guess = target / size;
  if (size * guess === target) return guess;
  for (let step = 1; step <= 8; step++) {
    for (const up of [true, false]) {
      let candidate = guess;
      for (let k = 0; k < step; k++) candidate = nextDouble(candidate, up);
      if (size * candidate === target) return candidate;
    }
  }
  guess = target / size;
  throw new InvariantError(`no entry price books quote flow ${quoteFlow} for size ${size} (nearest ${guess})`);
}

/**
 * An exchange's trader accounts at block 0, one row per account and market with a position: side, size, an entry
 * price that books the same quote flow, and the account's margin and reserve on its first row (cross: later rows
 * add 0; isolated: each account has one position). Isolated accounts of one trader share its name.
 *
 * @example perpBookColumns(world.engines.find((e) => e.kind === 'perp') as PerpProtocol);
 */
export function perpBookColumns(perp: PerpProtocol): BookColumnOut[] {
  const { book, markets } = perp;
  const isolated = perp.spec.marginMode === 'isolated';
  const traders = isolated ? Math.ceil(perp.traders / markets.length) : perp.traders;
  const name = names('t', traders);
  const out = { account: [] as string[], market: [] as string[], side: [] as string[], size: [] as number[] };
  const entry: number[] = [];
  const margin: number[] = [];
  const reserve: number[] = [];
  for (let a = 0; a < perp.traders; a++) {
    let first = true;
    for (let m = 0; m < markets.length; m++) {
      const k = book.at(a, m);
      const size = book.size[k];
      if (size === 0) continue;
      out.account.push(name(isolated ? Math.floor(a / markets.length) : a));
      out.market.push(markets[m].id);
      out.side.push(size > 0 ? 'long' : 'short');
      out.size.push(Math.abs(size));
      entry.push(entryPriceOf(size, book.quoteFlow[k]));
      margin.push(first ? book.collateral[a] : 0);
      reserve.push(first ? book.reserve[a] : 0);
      first = false;
    }
  }
  return [
    { name: 'account', values: out.account },
    { name: 'protocol', values: out.account.map(() => perp.id) },
    { name: 'market', values: out.market },
    { name: 'side', values: out.side },
    { name: 'size', values: out.size },
    { name: 'entryPrice', values: entry },
    { name: 'margin', values: margin },
    { name: 'topUpReserve', values: reserve },
  ];
}
