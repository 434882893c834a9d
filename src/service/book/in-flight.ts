// Accounts opened or closed by requests that are logged but not yet applied, so a request parsed meanwhile sees them.
import type { LiveBook } from './live-book.js';

/** An account's state once the requests in flight that open or close it have applied. */
export interface InFlight {
  open: boolean;
  /** Requests in flight that open or close it. */
  pending: number;
}

/** The accounts in flight of each book, by accountKey(protocol, account). */
export const inFlight = new WeakMap<LiveBook, Map<string, InFlight>>();

/**
 * Whether the account of `key` will be open once the requests in flight apply, or undefined when none of them opens
 * or closes it.
 *
 * @example pendingOpen(book, accountKey('lend', 'x')); // true while a logged "open" of x waits for its fdatasync
 */
export function pendingOpen(book: LiveBook, key: string): boolean | undefined {
  return inFlight.get(book)?.get(key)?.open;
}

/** Whether some request in flight opens or closes an account of `book`. */
export function hasAccountsInFlight(book: LiveBook): boolean {
  return (inFlight.get(book)?.size ?? 0) > 0;
}

const versions = new WeakMap<LiveBook, number>();

/**
 * A counter of `book`'s in-flight accounts that changes whenever some request starts or stops opening or closing
 * an account: a parse made at the same book sequence and the same version saw the same accounts open.
 *
 * @example const before = flightVersion(book); // … parse …; flightVersion(book) === before
 */
export function flightVersion(book: LiveBook): number {
  return versions.get(book) ?? 0;
}

/** Marks a change of `book`'s in-flight accounts (see {@link flightVersion}). */
export function bumpFlightVersion(book: LiveBook): void {
  versions.set(book, flightVersion(book) + 1);
}
