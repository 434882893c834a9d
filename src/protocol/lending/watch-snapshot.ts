import type { AccountBook } from './account-book.js';

/**
 * The inputs of a lending protocol's last relist: the price and threshold scale it used and, for each account it kept
 * watching, the account, its debt, collateral and reserve. A relist that pops no new account and finds all of these
 * unchanged would classify every watched account as before and rebuild the same liquidatable and top-up lists (a
 * classification reads nothing else; an unchanged account has no unsafe transition to stamp), so it can keep them.
 *
 * After the shock, a few accounts stay liquidatable but unprofitable for the rest of the run; this saves
 * re-classifying them in every block.
 *
 * @example
 * if (!snapshot.matches(book, watched, price, scale)) { relist(); snapshot.take(book, watched, price, scale); }
 */
export class WatchSnapshot {
  private price = Number.NaN;
  private scale = Number.NaN;
  private size = -1;
  private accounts = new Int32Array(0);
  private debts = new Float64Array(0);
  private collaterals = new Float64Array(0);
  private reserves = new Float64Array(0);

  /** The accounts recorded, in the order recorded (the first {@link recordedLength}). */
  get recordedAccounts(): Int32Array {
    return this.accounts;
  }

  /** Their debts when recorded. */
  get recordedDebts(): Float64Array {
    return this.debts;
  }

  /** How many accounts are recorded (0 after {@link clear}). */
  get recordedLength(): number {
    return Math.max(this.size, 0);
  }

  /** Whether `watched` and its accounts are as taken, at the same price and scale. */
  matches(book: AccountBook, watched: readonly number[], price: number, scale: number): boolean {
    if (price !== this.price || scale !== this.scale || watched.length !== this.size) return false;
    for (let k = 0; k < watched.length; k++) {
      const i = watched[k];
      if (
        i !== this.accounts[k] ||
        book.debt[i] !== this.debts[k] ||
        book.collateral[i] !== this.collaterals[k] ||
        book.reserve[i] !== this.reserves[k]
      )
        return false;
    }
    return true;
  }

  /** Records `watched` and its accounts at `price` and `scale`. */
  take(book: AccountBook, watched: readonly number[], price: number, scale: number): void {
    this.reserve(watched.length);
    for (let k = 0; k < watched.length; k++) this.put(k, watched[k], book);
    this.seal(watched.length, price, scale);
  }

  /** Makes room for `length` accounts (forgetting the recorded ones when it grows). */
  reserve(length: number): void {
    if (length <= this.accounts.length) return;
    const size = Math.max(length, 2 * this.accounts.length, 16);
    this.accounts = new Int32Array(size);
    this.debts = new Float64Array(size);
    this.collaterals = new Float64Array(size);
    this.reserves = new Float64Array(size);
  }

  /** Records account `i` as the snapshot's `k`-th (room made by {@link reserve}). */
  put(k: number, i: number, book: AccountBook): void {
    this.accounts[k] = i;
    this.debts[k] = book.debt[i];
    this.collaterals[k] = book.collateral[i];
    this.reserves[k] = book.reserve[i];
  }

  /** Ends a recording of `size` accounts at `price` and `scale`. */
  seal(size: number, price: number, scale: number): void {
    this.price = price;
    this.scale = scale;
    this.size = size;
  }

  /** Forgets the snapshot, so the next relist classifies afresh. */
  clear(): void {
    this.size = -1;
  }
}
