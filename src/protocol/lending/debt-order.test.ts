import { describe, expect, it } from 'vitest';
import { DebtOrderSort } from './debt-order.js';
import { seededRandom as random } from '../../../test/seeded-random.js';

/** The liquidation order as the relist states it: larger debt first, then lower index (the library sort's rule). */
function librarySorted(list: readonly number[], debt: Float64Array): number[] {
  return [...list].sort((a, b) => (debt[a] > debt[b] ? -1 : debt[a] < debt[b] ? 1 : a - b));
}

/** Debts drawn from a few values (many ties), with zeros and infinities among them. */
function drawDebts(count: number, next: () => number): Float64Array {
  const values = [0, 1, 2.5, 2.5000000000000004, 1e6, Number.POSITIVE_INFINITY];
  const debt = new Float64Array(count);
  for (let i = 0; i < count; i++) debt[i] = next() < 0.5 ? values[Math.floor(next() * values.length)] : next() * 1e4;
  return debt;
}

function shuffled(list: number[], next: () => number): number[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('DebtOrderSort', () => {
  it('orders by debt descending, then index ascending, by hand', () => {
    const debt = new Float64Array([5, 9, 5, 0, Number.POSITIVE_INFINITY]);
    const list = [3, 2, 0, 1, 4];
    new DebtOrderSort().sort(list, debt);
    // ∞ first; 9; the two 5s by index (0 before 2); 0 last.
    expect(list).toEqual([4, 1, 0, 2, 3]);
  });

  it('gives the library sort’s list for random lists without a hint', () => {
    const next = random(7);
    const order = new DebtOrderSort();
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(next() * 300);
      const debt = drawDebts(count, next);
      const list = shuffled(
        Array.from({ length: count }, (_, i) => i).filter(() => next() < 0.8),
        next,
      );
      const expected = librarySorted(list, debt);
      order.sort(list, debt);
      expect(list).toEqual(expected);
    }
  });

  it('gives the library sort’s list from a last order with changed debts and newcomers appended', () => {
    const next = random(11);
    const order = new DebtOrderSort();
    for (let round = 0; round < 200; round++) {
      const count = 2 + Math.floor(next() * 400);
      const debt = drawDebts(count, next);
      const all = Array.from({ length: count }, (_, i) => i);
      const watched = librarySorted(
        all.filter(() => next() < 0.6),
        debt,
      );
      const lastAccounts = Int32Array.from(watched);
      const lastDebts = Float64Array.from(watched, (i) => debt[i]);
      // Liquidations halve some debts, repay others in full, top-ups raise a few; then newcomers are appended.
      for (const i of watched) {
        const u = next();
        if (u < 0.2) debt[i] /= 2;
        else if (u < 0.25) debt[i] = 0;
        else if (u < 0.3) debt[i] *= 3;
      }
      const listed = new Set(watched);
      const list = [
        ...watched,
        ...shuffled(
          all.filter((i) => !listed.has(i) && next() < 0.3),
          next,
        ),
      ];
      const expected = librarySorted(list, debt);
      order.sort(list, debt, lastAccounts, lastDebts, lastAccounts.length);
      expect(list).toEqual(expected);
    }
  });

  it('is not misled by a hint that does not describe the list', () => {
    const next = random(13);
    const order = new DebtOrderSort();
    for (let round = 0; round < 100; round++) {
      const count = 2 + Math.floor(next() * 200);
      const debt = drawDebts(count, next);
      const list = shuffled(
        Array.from({ length: count }, (_, i) => i),
        next,
      );
      // The hint claims the shuffled list was the last order with today's debts: most positions "match" but are
      // out of order, and the hint runs past the list.
      const lastAccounts = Int32Array.from([...list, 0, 1]);
      const lastDebts = Float64Array.from(lastAccounts, (i) => debt[i]);
      const expected = librarySorted(list, debt);
      order.sort(list, debt, lastAccounts, lastDebts, lastAccounts.length + 5);
      expect(list).toEqual(expected);
    }
  });

  it('leaves a list with a NaN debt to the library sort, which it then matches exactly', () => {
    const debt = new Float64Array([3, Number.NaN, 7, 1, 7]);
    const list = [0, 1, 2, 3, 4];
    const expected = librarySorted(list, debt);
    new DebtOrderSort().sort(list, debt);
    expect(list).toEqual(expected);
  });

  it('keeps a sorted list as it is, and sorts lists of zero and one account', () => {
    const debt = new Float64Array([4, 3, 2, 1]);
    const sorted = [0, 1, 2, 3];
    const order = new DebtOrderSort();
    order.sort(sorted, debt, Int32Array.from(sorted), Float64Array.from(debt), 4);
    expect(sorted).toEqual([0, 1, 2, 3]);
    const empty: number[] = [];
    order.sort(empty, debt);
    expect(empty).toEqual([]);
    const one = [2];
    order.sort(one, debt);
    expect(one).toEqual([2]);
  });
});
