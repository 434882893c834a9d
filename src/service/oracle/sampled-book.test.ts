import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../kernel/random.js';
import { mergeBook } from './sampled-book.js';

const rowsOf = (list: [string, number, number][]) => ({
  account: list.map((r) => r[0]),
  collateral: Float64Array.from(list.map((r) => r[1])),
  debt: Float64Array.from(list.map((r) => r[2])),
});

describe('merged stress book', () => {
  it('orders by debt/collateral and merges runs of k accounts (hand-worked)', () => {
    // debt/collateral: A 10, B 1, C no debt, D 5, E no collateral → order C, B, D, A, E; k = ceil(5/2) = 3.
    const { rows, sampling } = mergeBook(
      rowsOf([
        ['A', 1, 10],
        ['B', 1, 1],
        ['C', 2, 0],
        ['D', 1, 5],
        ['E', 0, 3],
      ]),
      2,
    );
    expect(rows.account).toEqual(['sample-0', 'sample-1']);
    expect([...rows.collateral]).toEqual([2 + 1 + 1, 1 + 0]);
    expect([...rows.debt]).toEqual([0 + 1 + 5, 10 + 3]);
    // Group 0's members with debt and collateral: B (1) and D (5): (5 − 1)/5 = 80%; group 1 has only A (0%).
    // Weighted by group debt (6 and 13): 80 · 6 / 19.
    expect(sampling).toMatchObject({ accounts: 5, groups: 2, perGroup: 3, maxSpreadPct: 80 });
    expect(sampling.meanSpreadPct).toBeCloseTo((80 * 6) / 19, 12);
  });

  it('leaves a book within the limit as it is', () => {
    const rows = rowsOf([['A', 1, 1]]);
    expect(mergeBook(rows, 1)).toEqual({
      rows,
      sampling: { accounts: 1, groups: 1, perGroup: 1, maxSpreadPct: 0, meanSpreadPct: 0 },
    });
  });

  it('keeps the totals of 100,000 accounts, and groups follow liquidation-price order', () => {
    const rng = new RandomStream(18, 'test:sampled-book');
    const n = 100_000;
    const list: [string, number, number][] = [];
    for (let i = 0; i < n; i++)
      list.push([`a${i}`, 0.1 + 10 * rng.uniform(), rng.uniform() < 0.1 ? 0 : 20000 * rng.uniform()]);
    const rows = rowsOf(list);
    const { rows: merged, sampling } = mergeBook(rows, 1000);
    expect(sampling.groups).toBe(1000);
    expect(sampling.perGroup).toBe(100);
    const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(merged.collateral) - sum(rows.collateral))).toBeLessThan(1e-9 * sum(rows.collateral));
    expect(Math.abs(sum(merged.debt) - sum(rows.debt))).toBeLessThan(1e-9 * sum(rows.debt));
    // Consecutive groups' ratios never fall by more than one ordering bucket (a factor 2^(1/1024)).
    let falls = 0;
    for (let g = 1; g < merged.debt.length; g++) {
      const before = merged.debt[g - 1] / merged.collateral[g - 1];
      const after = merged.debt[g] / merged.collateral[g];
      if (after < before / 2 ** (1 / 1024)) falls += 1;
    }
    expect(falls).toBe(0);
    // The first groups hold the accounts without debt: 10% of 100,000 → about 100 groups of debt 0.
    const empty = [...merged.debt].filter((d) => d === 0).length;
    expect(empty).toBeGreaterThan(90);
    expect(empty).toBeLessThan(110);
  });
});
