import { describe, expect, it } from 'vitest';
import { WatchSnapshot } from './watch-snapshot.js';
import { AccountBook } from './account-book.js';

describe('watched-accounts snapshot', () => {
  const book = new AccountBook(3);
  book.collateral.set([1, 2, 3]);
  book.debt.set([1000, 2000, 3000]);
  book.reserve.set([0, 0.5, 0]);

  it('matches the same accounts in the same order at the same price and scale, and nothing else', () => {
    const snapshot = new WatchSnapshot();
    expect(snapshot.matches(book, [], 2000, 1)).toBe(false); // nothing taken yet
    snapshot.take(book, [2, 0], 2000, 1);
    expect(snapshot.matches(book, [2, 0], 2000, 1)).toBe(true);
    expect(snapshot.matches(book, [0, 2], 2000, 1)).toBe(false);
    expect(snapshot.matches(book, [2, 0, 1], 2000, 1)).toBe(false);
    expect(snapshot.matches(book, [2, 0], 1999, 1)).toBe(false);
    expect(snapshot.matches(book, [2, 0], 2000, 0.95)).toBe(false);
    snapshot.clear();
    expect(snapshot.matches(book, [2, 0], 2000, 1)).toBe(false);
  });

  it('sees a change of a watched account debt, collateral or reserve, not of an unwatched one', () => {
    const snapshot = new WatchSnapshot();
    const changes: ((b: AccountBook) => void)[] = [
      (b) => (b.debt[0] -= 1),
      (b) => (b.collateral[2] += 0.1),
      (b) => (b.reserve[2] = 0.2),
    ];
    for (const change of changes) {
      const copy = new AccountBook(3);
      copy.collateral.set(book.collateral);
      copy.debt.set(book.debt);
      copy.reserve.set(book.reserve);
      snapshot.take(copy, [0, 2], 2000, 1);
      copy.debt[1] += 5; // account 1 is not watched
      expect(snapshot.matches(copy, [0, 2], 2000, 1)).toBe(true);
      change(copy);
      expect(snapshot.matches(copy, [0, 2], 2000, 1)).toBe(false);
    }
  });
});
