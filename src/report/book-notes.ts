// The note `cascade run` prints under its table for position books read from files: how many accounts each held and
// which were already unsafe at block 0 (docs/books.md).
import type { RunResult } from '../analysis/result.js';
import type { BookReport } from '../world/file-books.js';
import { formatCount, formatUsd } from '../kernel/format.js';

/** What happened to a book's unsafe accounts, in words. */
const FATE: Record<BookReport['unsafeAtStart']['policy'], string> = {
  liquidate: 'kept: liquidatable from block 1',
  drop: 'left out of the book',
  error: 'refused',
};

/** One book as note lines. */
function bookLines(book: BookReport): string[] {
  const head = `  - ${book.protocol}: ${book.file}, ${formatCount(book.accounts)} accounts`;
  const unsafe = book.unsafeAtStart;
  if (unsafe.accounts === 0) return [`${head}; none unsafe at block 0`];
  const lending = book.kind !== 'perp';
  const figures = lending
    ? `debt ${formatUsd(unsafe.exposureUsd)} USD, collateral ${formatUsd(unsafe.valueUsd)} USD at the oracle`
    : `notional ${formatUsd(unsafe.exposureUsd)} USD, equity ${formatUsd(unsafe.valueUsd)} USD at the mark`;
  const ratio = lending ? 'health factor' : 'equity/maintenance';
  const listed = unsafe.listed.map((a) => `${a.account} (row ${a.row}, ${ratio} ${a.ratio.toPrecision(4)})`);
  const more = unsafe.accounts > listed.length ? `, and ${formatCount(unsafe.accounts - listed.length)} more` : '';
  return [
    `${head}; ${formatCount(unsafe.accounts)} unsafe at block 0 (${figures}), ${FATE[unsafe.policy]}:`,
    `    ${listed.join(', ')}${more}`,
  ];
}

/**
 * The books note: a blank line, a heading and each book read from a file, or '' when every book was generated.
 *
 * @example bookNotesText(result); // '\nPosition books read from files\n  - lend: books/a.csv, 300 accounts; none unsafe at block 0\n'
 */
export function bookNotesText(result: Pick<RunResult, 'books'>): string {
  const books = result.books ?? [];
  if (books.length === 0) return '';
  return ['', 'Position books read from files', ...books.flatMap(bookLines), ''].join('\n');
}
