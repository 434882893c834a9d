// Writing a live lending book as a content-addressed book file, merged first when it is larger than a stress test
// takes. The server runs it on the oracle's thread (OraclePool.writeBook), so a million-account merge and write never
// hold the event loop that ingests updates.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { mergeBook, type BookRows, type BookSampling } from './sampled-book.js';

/** Accounts per chunk of the book writer: the event loop runs between chunks. */
const CHUNK = 20_000;

/** A book file written from the live rows of one lending protocol. */
export interface LiveBookFile {
  protocol: string;
  /** Absolute path: `<booksDir>/<sha256>.csv`. */
  file: string;
  /** SHA-256 of the file's bytes (hex): identical books share one file. */
  sha256: string;
  accounts: number;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Books this thread has started writing: with the process and thread, a temporary name no other writer uses. */
let started = 0;

/**
 * Writes the rows of one lending protocol as a book file (docs/books.md layout: `account,asset,collateral,debt`, two
 * rows per account, numbers in JavaScript's shortest round-trip form) named by the SHA-256 of its bytes; an existing
 * file of that hash is reused. Yields to the event loop every {@link CHUNK} accounts.
 *
 * @example const file = await writeLiveBook('lend', 'ETH', 'USDC', book.rows('lend'), '/tmp/books');
 */
export async function writeLiveBook(
  protocol: string,
  collateralAsset: string,
  debtAsset: string,
  rows: { account: string[]; collateral: Float64Array; debt: Float64Array },
  booksDir: string,
): Promise<LiveBookFile> {
  mkdirSync(booksDir, { recursive: true });
  started += 1;
  const temporary = join(booksDir, `.writing-${process.pid}-${threadId}-${started}.csv`);
  const hash = createHash('sha256');
  const fd = openSync(temporary, 'w');
  const collateralCell = `,${cell(collateralAsset)},`;
  const debtCell = `,${cell(debtAsset)},0,`;
  try {
    const header = 'account,asset,collateral,debt\n';
    hash.update(header);
    writeSync(fd, header);
    const n = rows.account.length;
    for (let start = 0; start < n; start += CHUNK) {
      let text = '';
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const account = cell(rows.account[i]);
        text += `${account}${collateralCell}${rows.collateral[i]},0\n${account}${debtCell}${rows.debt[i]}\n`;
      }
      hash.update(text);
      writeSync(fd, text);
      if (start + CHUNK < n) await nextTurn();
    }
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  const sha256 = hash.digest('hex');
  const file = join(booksDir, `${sha256}.csv`);
  if (existsSync(file)) rmSync(temporary, { force: true });
  else renameSync(temporary, file);
  return { protocol, file, sha256, accounts: rows.account.length };
}

/** One lending protocol's live rows to write: a copy the writer may keep (or receive by transfer). */
export interface BookWriteRequest {
  protocol: string;
  collateralAsset: string;
  debtAsset: string;
  /** `account` may be empty when the rows are more than `maxAccounts` (a merged book names its own accounts). */
  rows: BookRows;
  booksDir: string;
  /** Largest number of accounts: a larger book is merged down to it (sampled-book.ts mergeBook). */
  maxAccounts?: number;
}

/** A written book, and how it was merged when it was. */
export interface WrittenBook {
  book: LiveBookFile;
  sampling?: BookSampling;
}

/** Whether rows of `accounts` accounts are merged under `maxAccounts` (so their names are not needed). */
export function isMerged(accounts: number, maxAccounts: number | undefined): boolean {
  return maxAccounts !== undefined && accounts > maxAccounts;
}

/**
 * Writes the request's rows as a book file ({@link writeLiveBook}), merged down to `maxAccounts` first when they are
 * more.
 *
 * @example const { book, sampling } = await writeBookRows({ protocol: 'lend', collateralAsset: 'ETH', debtAsset: 'USDC', rows, booksDir, maxAccounts: 10_000 });
 */
export async function writeBookRows(request: BookWriteRequest): Promise<WrittenBook> {
  const { rows, maxAccounts } = request;
  const merged = isMerged(rows.collateral.length, maxAccounts) ? mergeBook(rows, maxAccounts ?? 0) : undefined;
  const book = await writeLiveBook(
    request.protocol,
    request.collateralAsset,
    request.debtAsset,
    merged?.rows ?? rows,
    request.booksDir,
  );
  return merged ? { book, sampling: merged.sampling } : { book };
}
