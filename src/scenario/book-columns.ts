// Columns of a position book file: names and aliases, and the cell readers that report a bad cell by file, row and
// column (docs/books.md lists every column).
import { PROBLEMS_LISTED_PER_FILE, type Problem } from './problems.js';
import type { BookCell, BookTable } from './book-table.js';

/** A column a book may have: its name in docs/books.md and the other names it is known by in common exports. */
export interface BookColumn {
  name: string;
  aliases: readonly string[];
}

/** Lower case with everything but letters and digits removed: `currentATokenBalance`, `current_a_token_balance` match.
 * */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Where a column was found in the file: its position (0-based) and name as the file spells it. */
export interface FoundColumn {
  index: number;
  name: string;
}

/** Problems of one book file: the first {@link PROBLEMS_LISTED_PER_FILE} listed in row order, all counted. */
export class BookProblems {
  readonly listed: Problem[] = [];
  count = 0;

  constructor(readonly file: string) {}

  /** A problem of data row `row` (1-based; null: the whole file) in `column` (null: the whole row). */
  add(row: number | null, column: FoundColumn | null, message: string): void {
    this.count += 1;
    if (this.listed.length >= PROBLEMS_LISTED_PER_FILE) return;
    const where = row === null ? this.file : `${this.file}: row ${row}`;
    const field = column === null ? '' : `, column "${column.name}"`;
    this.listed.push({
      file: this.file,
      line: row,
      column: column === null ? null : column.index + 1,
      field: column?.name ?? null,
      message,
      text: `${where}${row === null && column !== null ? `: column "${column.name}"` : field}: ${message}`,
    });
  }

  /** When a book without other problems has no row for `owner` (e.g. `protocol lend`): one problem naming the
   * protocols its rows do name. */
  checkNotEmpty(accounts: number, owner: string, otherProtocols: ReadonlySet<string>): void {
    if (accounts > 0 || this.count > 0) return;
    const others = otherProtocols.size > 0 ? ` (its protocol column names ${[...otherProtocols].join(', ')})` : '';
    this.add(null, null, `no rows for ${owner}${others}`);
  }
}

/**
 * Finds each of `columns` in the table by name or alias (see {@link normalName}). A column two names of the file
 * match is a problem (which one to use would be a guess).
 *
 * @example findColumns(table, LENDING_COLUMNS, problems).get('debt'); // { index: 3, name: 'currentVariableDebt' }
 */
export function findColumns(
  table: BookTable,
  columns: readonly BookColumn[],
  problems: BookProblems,
): Map<string, FoundColumn> {
  const found = new Map<string, FoundColumn>();
  for (const column of columns) {
    const names = new Set([column.name, ...column.aliases].map(normalName));
    const matches = table.names.flatMap((name, index) => (names.has(normalName(name)) ? [{ index, name }] : []));
    if (matches.length > 1)
      problems.add(
        null,
        null,
        `columns ${matches.map((m) => `"${m.name}"`).join(' and ')} are both the ${column.name} column; keep one`,
      );
    else if (matches.length === 1) found.set(column.name, matches[0]);
  }
  return found;
}

/** The list of a column's accepted names, for messages: `debt (or currentVariableDebt, variableDebt, …)`. */
export function namesOf(column: BookColumn): string {
  return column.aliases.length === 0 ? column.name : `${column.name} (or ${column.aliases.join(', ')})`;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Shows a cell in a message. */
export function shown(cell: BookCell): string {
  return typeof cell === 'string' ? JSON.stringify(cell) : String(cell);
}

/** Whether a cell is empty (null or blank text). */
export function isEmpty(cell: BookCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * A cell as a number: numbers as they are, 64-bit integers converted, text parsed when it is a plain decimal number
 * (`1.5`, `-2e3`); NaN for anything else (the caller reports it).
 */
export function numberOf(cell: BookCell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'bigint') return Number(cell);
  if (typeof cell === 'string') {
    const text = cell.trim();
    return NUMBER.test(text) ? Number(text) : Number.NaN;
  }
  return Number.NaN;
}

/** A cell as text (numbers written as JavaScript writes them), trimmed; '' when empty. */
export function textOf(cell: BookCell): string {
  return cell === null ? '' : String(cell).trim();
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** A cell as a flag: true/false, yes/no, 1/0 (any case); undefined when it is none of these. */
export function flagOf(cell: BookCell): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  const text = textOf(cell).toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/**
 * Reads a non-negative amount from `column` at `row` (0-based index; reported 1-based): an empty cell is 0; a
 * non-numeric, non-finite or negative value is reported and read as 0 (the book is refused anyway).
 */
export function amountAt(
  table: BookTable,
  column: FoundColumn | undefined,
  row: number,
  problems: BookProblems,
  unit: string,
): number {
  if (column === undefined) return 0;
  const cell = table.columns[column.index][row];
  if (isEmpty(cell)) return 0;
  const value = numberOf(cell);
  if (Number.isNaN(value)) problems.add(row + 1, column, `must be a number ≥ 0 (${unit}), got ${shown(cell)}`);
  else if (!Number.isFinite(value))
    problems.add(row + 1, column, `must be a finite number ≥ 0 (${unit}), got ${value}`);
  else if (value < 0) problems.add(row + 1, column, `must be ≥ 0 (${unit}), got ${value}`);
  else return value;
  return 0;
}
