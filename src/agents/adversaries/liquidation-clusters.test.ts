import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import {
  bucketCount,
  cpammSaleToMid,
  liquidationHistogram,
  nearestCluster,
  saleToMidByQuotes,
} from './liquidation-clusters.js';

describe('liquidationHistogram', () => {
  it('puts hand-placed liquidation prices in 1% buckets below a reference of 100', () => {
    // Edges at 100, 99, 98, 97, 96 (4% window). Bucket k holds 100 − (k+1) < p ≤ 100 − k.
    const prices = [99.5, 98.2, 98.9, 96.5, 96.1, 100, 104, 96, 50];
    const values = [10, 20, 30, 5, 7, 1000, 1000, 1000, 1000];
    const buckets = liquidationHistogram(prices, values, { referencePrice: 100, bucketPct: 1, searchDepthPct: 4 });
    // 99.5 → 0; 98.2, 98.9 → 1; nothing in 2; 96.5, 96.1 → 3; 100 (at the reference), 104 (above), 96 (the
    // window's bottom edge) and 50 (below it) are left out.
    expect(buckets.map((b) => b.valueUsd)).toEqual([10, 50, 0, 12]);
    expect(buckets.map((b) => b.accounts)).toEqual([1, 2, 0, 2]);
    expect(buckets.map((b) => b.fromPct)).toEqual([0, 1, 2, 3]);
    expect(buckets[2].topPrice).toBeCloseTo(98, 12);
    expect(buckets[2].bottomPrice).toBeCloseTo(97, 12);
  });

  it('clips the last bucket to the search depth (0.5% buckets over 1.2%: 0–0.5, 0.5–1, 1–1.2)', () => {
    const buckets = liquidationHistogram([1990, 1979, 1977, 1975], [1, 2, 4, 8], {
      referencePrice: 2000,
      bucketPct: 0.5,
      searchDepthPct: 1.2,
    });
    // Edges 2000, 1990, 1980, 1976: 1990 sits on bucket 0's bottom edge so it belongs to bucket 1 (1980 < p ≤ 1990);
    // 1979 and 1977 are in 1976 < p ≤ 1980; 1975 is past the window.
    expect(buckets.map((b) => b.toPct)).toEqual([0.5, 1, 1.2]);
    expect(buckets.map((b) => b.valueUsd)).toEqual([0, 1, 6]);
    expect(buckets[2].bottomPrice).toBeCloseTo(1976, 9);
  });

  it('counts ⌈depth/width⌉ buckets despite float division (0.3/0.1 = 2.9999999999999996, 0.7/0.1 = 6.999999999999999)', () => {
    expect(bucketCount({ referencePrice: 1, bucketPct: 0.1, searchDepthPct: 0.3 })).toBe(3);
    expect(bucketCount({ referencePrice: 1, bucketPct: 0.1, searchDepthPct: 0.7 })).toBe(7);
    expect(bucketCount({ referencePrice: 1, bucketPct: 0.5, searchDepthPct: 15 })).toBe(30);
    expect(bucketCount({ referencePrice: 1, bucketPct: 4, searchDepthPct: 15 })).toBe(4);
  });

  it('keeps every account of a bucket strictly above its bottom edge and at or below its top edge (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 2100, noNaN: true }), { maxLength: 60 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        (prices, bucketPct, searchDepthPct) => {
          const window = { referencePrice: 2000, bucketPct, searchDepthPct };
          const buckets = liquidationHistogram(
            prices,
            prices.map(() => 1),
            window,
          );
          for (const b of buckets) {
            const inside = prices.filter((p) => p > b.bottomPrice && p <= b.topPrice && p < 2000).length;
            expect(b.accounts).toBe(inside);
          }
        },
      ),
    );
  });
});

describe('nearestCluster', () => {
  const window = { referencePrice: 100, bucketPct: 1, searchDepthPct: 5 };
  // Buckets: [10, 0, 300, 40, 500] USD; cumulative 10, 10, 310, 350, 850.
  const buckets = liquidationHistogram([99.9, 97.5, 97.2, 96.5, 95.4], [10, 100, 200, 40, 500], window);

  it('is the nearest bucket holding at least the threshold, with the value of every bucket down to it', () => {
    expect(buckets.map((b) => b.valueUsd)).toEqual([10, 0, 300, 40, 500]);
    const cluster = nearestCluster(buckets, 250);
    expect(cluster?.bucket.index).toBe(2);
    expect(cluster?.valueThroughUsd).toBe(310);
    expect(cluster?.bucket.bottomPrice).toBeCloseTo(97, 12);
    // A higher bar skips bucket 2 for the larger, farther bucket 4.
    expect(nearestCluster(buckets, 400)?.bucket.index).toBe(4);
    expect(nearestCluster(buckets, 400)?.valueThroughUsd).toBe(850);
  });

  it('skips empty buckets even with a zero threshold, and is null when nothing qualifies', () => {
    expect(nearestCluster(buckets, 0)?.bucket.index).toBe(0);
    expect(nearestCluster(buckets, 501)).toBeNull();
    expect(nearestCluster(liquidationHistogram([], [], window), 0)).toBeNull();
  });
});

describe('cpammSaleToMid', () => {
  it("without a fee reaches 0.81 of the mid by selling x·(1/0.9 − 1) base (mid' = x·y/(x + b)²)", () => {
    expect(cpammSaleToMid(5000, 10e6, 0, 1620)).toBeCloseTo(5000 / 0.9 - 5000, 9);
  });

  it('with a 30 bps fee lands the pool mid on the target (checked by executing the sale on a pool)', () => {
    // γ = 0.997: hand value from the quadratic 0.997·b² + 1.997·5000·b − (5000·10e6/1900 − 5000²) = 0.
    const c = (5000 * 10e6) / 1900 - 5000 * 5000;
    const byHand = (-1.997 * 5000 + Math.sqrt(1.997 * 1.997 * 25e6 + 4 * 0.997 * c)) / (2 * 0.997);
    const b = cpammSaleToMid(5000, 10e6, 30, 1900);
    expect(b).toBeCloseTo(byHand, 6);
    const pool = new ConstantProductPool({
      id: 'p',
      base: 'ETH',
      quote: 'USDC',
      reserveBase: 5000,
      reserveQuote: 10e6,
      feeBps: 30,
    });
    pool.sell(b);
    expect(pool.mid()).toBeCloseTo(1900, 8);
  });

  it('is 0 when the mid is already at or below the target', () => {
    expect(cpammSaleToMid(5000, 10e6, 30, 2000)).toBe(0);
    expect(cpammSaleToMid(5000, 10e6, 30, 2500)).toBe(0);
  });
});

describe('saleToMidByQuotes', () => {
  // quoteSell(b) = 2000·b − 10·b²: marginal rate 2000 − 20·b.
  const linear = { quoteSell: (b: number) => 2000 * b - 10 * b * b };

  it('finds where the marginal rate meets the target (2000 − 20·b = 1900 at b = 5)', () => {
    expect(saleToMidByQuotes(linear, 1900, 50)).toBeCloseTo(5, 4);
  });

  it('stops at the cap when the target is out of reach and sells nothing when already there', () => {
    expect(saleToMidByQuotes(linear, 1900, 3)).toBe(3);
    expect(saleToMidByQuotes(linear, 2000, 50)).toBe(0);
    expect(saleToMidByQuotes(linear, 1900, 0)).toBe(0);
  });
});
