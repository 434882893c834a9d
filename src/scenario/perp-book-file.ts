// A perp exchange's trader book read from a file: one row per account and market (docs/books.md).
import {
  amountAt,
  BookProblems,
  findColumns,
  isEmpty,
  namesOf,
  normalName,
  numberOf,
  shown,
  textOf,
  type BookColumn,
  type FoundColumn,
} from './book-columns.js';
import type { BookTable } from './book-table.js';
import type { BookCheck } from './lending-book-file.js';

/** The columns of a perp book, with the names exchange position endpoints give them. */
export const PERP_BOOK_COLUMNS: readonly BookColumn[] = [
  { name: 'account', aliases: ['user', 'address', 'trader', 'owner', 'wallet', 'subaccount'] },
  { name: 'protocol', aliases: ['protocolId'] },
  { name: 'market', aliases: ['coin', 'symbol', 'instrument', 'ticker', 'marketId'] },
  { name: 'side', aliases: ['direction', 'positionSide'] },
  { name: 'size', aliases: ['szi', 'positionSize', 'positionAmt', 'quantity', 'qty', 'baseSize'] },
  { name: 'entryPrice', aliases: ['entryPx', 'avgEntryPrice', 'averageEntryPrice', 'entry'] },
  { name: 'margin', aliases: ['collateral', 'marginUsed', 'isolatedMargin', 'marginUsd'] },
  { name: 'leverage', aliases: [] },
  { name: 'topUpReserve', aliases: [] },
];

/** What a perp book needs of its exchange. */
export interface PerpBookProtocol {
  id: string;
  marginMode: 'isolated' | 'cross';
  markets: readonly { id: string; asset: string }[];
}

/**
 * A trader book as read. Accounts are numbered in the order they first appear (cross: one per account name; isolated:
 * one per account name and market); positions are kept in file order, each opened at its entry price with its margin.
 */
export interface PerpBookData {
  /** Account names (isolated: `name market`). */
  accounts: string[];
  /** 1-based data row where each account first appears. */
  rows: Int32Array;
  /** Per position (file order): its account's number. */
  account: Int32Array;
  /** Per position: the market's index in the exchange's `markets`. */
  market: Int32Array;
  /** Per position: signed size, base units (+ long). */
  size: Float64Array;
  /** Per position: entry price, USD per base unit. */
  entry: Float64Array;
  /** Per position: margin deposited with it, USD (cross: added to the account's collateral). */
  margin: Float64Array;
  /** Per position: reserve its owner may add later, USD (added up per account). */
  reserve: Float64Array;
}

const column = (name: string) => PERP_BOOK_COLUMNS.find((c) => c.name === name) as BookColumn;
const SIDES: Record<string, 1 | -1> = { long: 1, buy: 1, short: -1, sell: -1 };

/**
 * Checks every row of a perp book for exchange `protocol`: market (id or underlying asset), side (long/short, or
 * the sign of size when there is no side), size, entry price, and margin (or leverage: margin = |size|·entry /
 * leverage). Rows of other protocols are skipped. Every problem names the file, the row and the column.
 *
 * @example checkPerpBook(table, 'books/perp.csv', { id: 'perp', marginMode: 'cross', markets: [{ id: 'ETH-PERP', asset: 'ETH' }] });
 */
export function checkPerpBook(table: BookTable, file: string, protocol: PerpBookProtocol): BookCheck<PerpBookData> {
  const problems = new BookProblems(file);
  const found = findColumns(table, PERP_BOOK_COLUMNS, problems);
  for (const name of ['account', 'market', 'size', 'entryPrice'])
    if (!found.has(name)) problems.add(null, null, `missing column ${namesOf(column(name))}`);
  if (!found.has('margin') && !found.has('leverage'))
    problems.add(null, null, `missing column: needs ${namesOf(column('margin'))} or leverage`);
  if (problems.count > 0) return { book: undefined, problems, rows: table.rows };

  const at = (name: string) => found.get(name);
  const cellOf = (c: FoundColumn, row: number) => table.columns[c.index][row];
  const marketOf = marketLookup(protocol.markets);
  const allowedMarkets = protocol.markets.map((m) => `${m.id} (${m.asset})`).join(', ');
  const byKey = new Map<string, number>();
  const accounts: string[] = [];
  const firstRows: number[] = [];
  const positions = { account: [] as number[], market: [] as number[], size: [] as number[], entry: [] as number[] };
  const margins: number[] = [];
  const reserves: number[] = [];
  const otherProtocols = new Set<string>();
  for (let row = 0; row < table.rows; row++) {
    const protocolColumn = at('protocol');
    if (protocolColumn) {
      const id = textOf(cellOf(protocolColumn, row));
      if (id !== '' && id !== protocol.id) {
        otherProtocols.add(id);
        continue;
      }
    }
    const line = row + 1;
    const accountColumn = at('account') as FoundColumn;
    const name = textOf(cellOf(accountColumn, row));
    if (name === '') problems.add(line, accountColumn, 'must not be empty (the account this row belongs to)');
    const marketColumn = at('market') as FoundColumn;
    const m = marketOf.get(normalName(textOf(cellOf(marketColumn, row))));
    if (m === undefined) {
      const got = shown(cellOf(marketColumn, row));
      problems.add(line, marketColumn, `unknown market ${got} for exchange ${protocol.id}; allowed: ${allowedMarkets}`);
      continue;
    }
    const sideColumn = at('side');
    const sideCell = sideColumn ? cellOf(sideColumn, row) : null;
    const side = isEmpty(sideCell) ? 0 : (SIDES[textOf(sideCell).toLowerCase()] ?? Number.NaN);
    if (Number.isNaN(side))
      problems.add(line, sideColumn ?? null, `must be long or short (also buy/sell), got ${shown(sideCell)}`);
    const sizeColumn = at('size') as FoundColumn;
    const rawSize = numberOf(cellOf(sizeColumn, row));
    let size = 0;
    if (!Number.isFinite(rawSize) || rawSize === 0)
      problems.add(line, sizeColumn, `must be a non-zero number (base units), got ${shown(cellOf(sizeColumn, row))}`);
    else if (side !== 0 && rawSize < 0)
      problems.add(line, sizeColumn, `must be > 0 when side is given (or leave side empty and sign the size)`);
    else size = side === 0 ? rawSize : side * rawSize;
    const entryColumn = at('entryPrice') as FoundColumn;
    const entry = numberOf(cellOf(entryColumn, row));
    if (!(Number.isFinite(entry) && entry > 0))
      problems.add(line, entryColumn, `must be a number > 0 (USD per unit), got ${shown(cellOf(entryColumn, row))}`);
    const margin = marginAt(table, found, row, Math.abs(size) * entry, problems);
    const key = protocol.marginMode === 'isolated' ? `${name}\u0000${m}` : name;
    let k = byKey.get(key);
    if (k === undefined) {
      k = accounts.length;
      byKey.set(key, k);
      accounts.push(protocol.marginMode === 'isolated' ? `${name} ${protocol.markets[m].id}` : name);
      firstRows.push(line);
    }
    positions.account.push(k);
    positions.market.push(m);
    positions.size.push(size);
    positions.entry.push(entry);
    margins.push(margin);
    reserves.push(amountAt(table, at('topUpReserve'), row, problems, 'USD'));
  }
  problems.checkNotEmpty(accounts.length, `exchange ${protocol.id}`, otherProtocols);
  if (problems.count > 0) return { book: undefined, problems, rows: table.rows };
  return {
    book: {
      accounts,
      rows: Int32Array.from(firstRows),
      account: Int32Array.from(positions.account),
      market: Int32Array.from(positions.market),
      size: Float64Array.from(positions.size),
      entry: Float64Array.from(positions.entry),
      margin: Float64Array.from(margins),
      reserve: Float64Array.from(reserves),
    },
    problems,
    rows: table.rows,
  };
}

/** Market index by normalised id, and by underlying asset where one market has it. */
function marketLookup(markets: PerpBookProtocol['markets']): Map<string, number> {
  const lookup = new Map<string, number>();
  markets.forEach((market, m) => {
    const asset = normalName(market.asset);
    if (markets.filter((other) => normalName(other.asset) === asset).length === 1) lookup.set(asset, m);
  });
  markets.forEach((market, m) => lookup.set(normalName(market.id), m));
  return lookup;
}

/** The margin of a row: its margin cell, else |size|·entry / its leverage cell. */
function marginAt(
  table: BookTable,
  found: Map<string, FoundColumn>,
  row: number,
  notional: number,
  problems: BookProblems,
): number {
  const marginColumn = found.get('margin');
  if (marginColumn && !isEmpty(table.columns[marginColumn.index][row]))
    return amountAt(table, marginColumn, row, problems, 'USD');
  const leverageColumn = found.get('leverage');
  const cell = leverageColumn ? table.columns[leverageColumn.index][row] : null;
  if (leverageColumn === undefined || isEmpty(cell)) {
    problems.add(row + 1, marginColumn ?? null, 'needs a margin (USD) or a leverage');
    return 0;
  }
  const leverage = numberOf(cell);
  if (!(Number.isFinite(leverage) && leverage > 0)) {
    problems.add(row + 1, leverageColumn, `must be a number > 0 (notional / margin), got ${shown(cell)}`);
    return 0;
  }
  return Number.isFinite(notional) ? notional / leverage : 0;
}
