// A lending protocol's borrower book read from a file: one row per account and asset (docs/books.md).
import {
  amountAt,
  BookProblems,
  findColumns,
  flagOf,
  isEmpty,
  namesOf,
  numberOf,
  shown,
  textOf,
  type BookColumn,
  type FoundColumn,
} from './book-columns.js';
import type { BookTable } from './book-table.js';

/** The columns of a lending book, with the names Aave v3 subgraph and Dune exports give them. */
export const LENDING_BOOK_COLUMNS: readonly BookColumn[] = [
  { name: 'account', aliases: ['user', 'userId', 'userAddress', 'address', 'borrower', 'owner', 'wallet'] },
  { name: 'protocol', aliases: ['protocolId'] },
  { name: 'asset', aliases: ['reserve', 'symbol', 'reserveSymbol', 'token'] },
  { name: 'collateral', aliases: ['currentATokenBalance', 'aTokenBalance', 'supplied', 'supplyBalance'] },
  { name: 'debt', aliases: ['currentVariableDebt', 'variableDebt', 'borrowed', 'borrowBalance'] },
  { name: 'stableDebt', aliases: ['currentStableDebt'] },
  {
    name: 'usageAsCollateralEnabled',
    aliases: ['usageAsCollateral', 'usageAsCollateralEnabledOnUser', 'collateralEnabled'],
  },
  { name: 'decimals', aliases: ['reserveDecimals'] },
  { name: 'topUpReserve', aliases: [] },
];

/** What a lending book needs of its protocol. */
export interface LendingBookProtocol {
  id: string;
  collateral: string;
  debt: string;
}

/** A borrower book as read: one entry per account, in the order accounts first appear in the file. */
export interface LendingBookData {
  /** Account names as the file has them. */
  accounts: string[];
  /** 1-based data row where each account first appears. */
  rows: Int32Array;
  /** Collateral, units of the protocol's collateral asset. */
  collateral: Float64Array;
  /** Debt, units of the protocol's debt asset. */
  debt: Float64Array;
  /** Collateral held back for top-ups, units of the collateral asset. */
  reserve: Float64Array;
}

/** What checking a book found: the book when the file has no problem. */
export interface BookCheck<T> {
  book: T | undefined;
  problems: BookProblems;
  /** Data rows of the file (all protocols). */
  rows: number;
}

const column = (name: string) => LENDING_BOOK_COLUMNS.find((c) => c.name === name) as BookColumn;

/**
 * Checks every row of a lending book for protocol `protocol` and adds up each account's amounts: collateral of the
 * collateral asset (unless usageAsCollateralEnabled is false), variable plus stable debt of the debt asset, the
 * top-up reserve. Rows of other protocols (a `protocol` column naming another id) are skipped. Every problem names
 * the file, the row and the column.
 *
 * @example checkLendingBook(table, 'scenarios/books/lending-sample.csv', { id: 'lend', collateral: 'ETH', debt: 'USDC' });
 */
export function checkLendingBook(
  table: BookTable,
  file: string,
  protocol: LendingBookProtocol,
): BookCheck<LendingBookData> {
  const problems = new BookProblems(file);
  const found = findColumns(table, LENDING_BOOK_COLUMNS, problems);
  for (const name of ['account', 'asset'])
    if (!found.has(name)) problems.add(null, null, `missing column ${namesOf(column(name))}`);
  if (!found.has('collateral') && !found.has('debt') && !found.has('stableDebt'))
    problems.add(null, null, `missing column: needs ${namesOf(column('collateral'))} or ${namesOf(column('debt'))}`);
  if (problems.count > 0) return { book: undefined, problems, rows: table.rows };

  const at = (name: string) => found.get(name);
  const cellOf = (c: FoundColumn, row: number) => table.columns[c.index][row];
  const byName = new Map<string, number>();
  const accounts: string[] = [];
  const firstRows: number[] = [];
  const collateral: number[] = [];
  const debt: number[] = [];
  const reserve: number[] = [];
  const otherProtocols = new Set<string>();
  const assets = `allowed: ${protocol.collateral} (its collateral), ${protocol.debt} (its debt)`;
  const collateralSymbol = protocol.collateral.toLowerCase();
  const debtSymbol = protocol.debt.toLowerCase();
  const protocolColumn = at('protocol');
  const accountColumn = at('account') as FoundColumn;
  const assetColumn = at('asset') as FoundColumn;
  const decimalsColumn = at('decimals');
  const usageColumn = at('usageAsCollateralEnabled');
  const amounts = {
    collateral: at('collateral'),
    debt: at('debt'),
    stable: at('stableDebt'),
    kept: at('topUpReserve'),
  };
  const units = (symbol: string) => ({ plain: `units of ${symbol}`, raw: `raw units of ${symbol}, before decimals` });
  const collateralUnits = units(protocol.collateral);
  const debtUnits = units(protocol.debt);
  for (let row = 0; row < table.rows; row++) {
    if (protocolColumn) {
      const id = textOf(cellOf(protocolColumn, row));
      if (id !== '' && id !== protocol.id) {
        otherProtocols.add(id);
        continue;
      }
    }
    const name = textOf(cellOf(accountColumn, row));
    if (name === '') problems.add(row + 1, accountColumn, 'must not be empty (the account this row belongs to)');
    const asset = textOf(cellOf(assetColumn, row)).toLowerCase();
    const isCollateral = asset === collateralSymbol;
    if (!isCollateral && asset !== debtSymbol) {
      const got = shown(cellOf(assetColumn, row));
      problems.add(row + 1, assetColumn, `unknown asset ${got} for protocol ${protocol.id}; ${assets}`);
      continue;
    }
    let scale = 1;
    if (decimalsColumn && !isEmpty(cellOf(decimalsColumn, row))) {
      const decimals = numberOf(cellOf(decimalsColumn, row));
      if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 36) scale = 10 ** decimals;
      else
        problems.add(
          row + 1,
          decimalsColumn,
          `must be a whole number from 0 to 36, got ${shown(cellOf(decimalsColumn, row))}`,
        );
    }
    const rowUnits = isCollateral ? collateralUnits : debtUnits;
    const unit = scale === 1 ? rowUnits.plain : rowUnits.raw;
    const supplied = amountAt(table, amounts.collateral, row, problems, unit);
    const borrowed =
      amountAt(table, amounts.debt, row, problems, unit) + amountAt(table, amounts.stable, row, problems, unit);
    const kept = amountAt(
      table,
      amounts.kept,
      row,
      problems,
      scale === 1 ? collateralUnits.plain : collateralUnits.raw,
    );
    let usage: boolean | undefined = true;
    if (usageColumn && !isEmpty(cellOf(usageColumn, row))) {
      usage = flagOf(cellOf(usageColumn, row));
      if (usage === undefined)
        problems.add(
          row + 1,
          usageColumn,
          `must be true or false (also yes/no, 1/0), got ${shown(cellOf(usageColumn, row))}`,
        );
    }
    if (isCollateral && borrowed > 0)
      problems.add(
        row + 1,
        at('debt') ?? at('stableDebt') ?? null,
        `${protocol.collateral} is the collateral of protocol ${protocol.id}: borrowing it is not modelled (debt must be 0 on its rows)`,
      );
    if (!isCollateral && supplied > 0 && usage !== false)
      problems.add(
        row + 1,
        at('collateral') ?? null,
        `${protocol.debt} is what protocol ${protocol.id} lends: it is not collateral there; set usageAsCollateralEnabled to false to list a supply that is not collateral (it is then left out), or drop the row`,
      );
    let k = byName.get(name);
    if (k === undefined) {
      k = accounts.length;
      byName.set(name, k);
      accounts.push(name);
      firstRows.push(row + 1);
      collateral.push(0);
      debt.push(0);
      reserve.push(0);
    }
    if (isCollateral && usage !== false) collateral[k] += supplied / scale;
    if (!isCollateral) debt[k] += borrowed / scale;
    reserve[k] += kept / scale;
  }
  problems.checkNotEmpty(accounts.length, `protocol ${protocol.id}`, otherProtocols);
  if (problems.count > 0) return { book: undefined, problems, rows: table.rows };
  return {
    book: {
      accounts,
      rows: Int32Array.from(firstRows),
      collateral: Float64Array.from(collateral),
      debt: Float64Array.from(debt),
      reserve: Float64Array.from(reserve),
    },
    problems,
    rows: table.rows,
  };
}
