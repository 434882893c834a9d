import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtocolBook } from './protocol-book.js';
import { densityBuckets, densityBucketsByScan } from './book-queries.js';

describe('liquidation histogram', () => {
  it('gives the density map a scan of every account gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.integer({ min: 0, max: 400 }),
            // Liquidation prices clustered near 1000 (many accounts per bin, many bins cut by bucket edges) and
            // some far away, at the edges of the histogram, without debt or without collateral.
            collateral: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 1e-25, max: 1e25, noNaN: true })),
            debt: fc.oneof(
              fc.constant(0),
              fc.integer({ min: 400, max: 1000 }),
              fc.double({ min: 0, max: 1e6, noNaN: true }),
            ),
            close: fc.boolean(),
          }),
          { maxLength: 400 },
        ),
        fc.array(
          fc.record({
            ratio: fc.double({ min: 100, max: 2000, noNaN: true }),
            buckets: fc.integer({ min: 1, max: 200 }),
            rangePct: fc.double({ min: 0.001, max: 100, noNaN: true }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (ops, queries) => {
          const book = new ProtocolBook(0.5, 1000);
          for (const o of ops) {
            const name = `a${o.account}`;
            if (!book.has(name)) book.open(name, o.collateral, o.debt);
            else if (o.close) book.close(name);
            else book.change(name, o.collateral, o.debt);
          }
          for (const q of queries) {
            book.setRatio(q.ratio);
            const prices = { price: q.ratio, debtPrice: 1, liquidationThreshold: 0.5 };
            const fast = densityBuckets(book, prices, q.buckets, q.rangePct);
            const scan = densityBucketsByScan(book, prices, q.buckets, q.rangePct);
            expect(fast.map((b) => b.accounts)).toEqual(scan.map((b) => b.accounts));
            fast.forEach((b, k) => {
              expect(b.priceLow).toBe(scan[k].priceLow);
              expect(Math.abs(b.debtUsd - scan[k].debtUsd)).toBeLessThanOrEqual(1e-9 * Math.max(1, scan[k].debtUsd));
            });
          }
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('buckets a hand-placed account by its liquidation price', () => {
    const book = new ProtocolBook(0.8, 2000);
    book.open('a', 1, 1500); // 1500/(1·0.8) = 1875: bucket [1800, 1900) of 10 buckets over [1000, 2000]
    book.open('b', 1, 800); // 1000: the lowest edge, bucket 0
    book.open('c', 1, 1600); // 2000: the price itself, safe, top bucket
    const buckets = densityBuckets(book, { price: 2000, debtPrice: 1, liquidationThreshold: 0.8 }, 10, 50);
    expect(buckets.map((b) => b.accounts)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(buckets[8].debtUsd).toBe(1500);
  });

  it('sums runs of whole bins exactly as a scan buckets them, over a book spread across the range', () => {
    // 20,000 accounts with liquidation prices spread evenly (by a golden-ratio sequence) from 300 to 1,100: most bins
    // of the range hold accounts, so the density walks long runs of whole bins between bucket edges.
    const book = new ProtocolBook(0.5, 1000);
    for (let k = 0; k < 20_000; k++) {
      const l = 300 + 800 * ((k * 0.6180339887498949) % 1);
      book.open(`a${k}`, 1, l * 0.5); // liquidation price debt/(collateral·LT) = l
    }
    for (const [ratio, buckets, rangePct] of [
      [1000, 50, 50],
      [987.654, 7, 63.2],
      [640.5, 200, 12.5],
      [1050, 1, 100],
      [777, 333, 0.3],
    ]) {
      book.setRatio(ratio);
      const prices = { price: ratio, debtPrice: 1, liquidationThreshold: 0.5 };
      const fast = densityBuckets(book, prices, buckets, rangePct);
      const scan = densityBucketsByScan(book, prices, buckets, rangePct);
      expect(fast.map((b) => b.accounts)).toEqual(scan.map((b) => b.accounts));
      fast.forEach((b, k) =>
        expect(Math.abs(b.debtUsd - scan[k].debtUsd)).toBeLessThanOrEqual(1e-9 * Math.max(1, scan[k].debtUsd)),
      );
    }
  });
});
