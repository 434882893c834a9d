import { describe, expect, it } from 'vitest';
import { OrderBook } from './order-book.js';
import { InvariantError } from '../../kernel/errors.js';
import { CurveVenue } from './curve.js';
import { readCurveCsv } from '../../scenario/curve-csv.js';

/** Snapshot around mid 100: bids 10 @ 99 and 20 @ 98, asks 10 @ 101 and 20 @ 102 (USD per level 990, 1960, …). */
const snapshot = {
  bids: [
    { price: 99, size: 10 },
    { price: 98, size: 20 },
  ],
  asks: [
    { price: 101, size: 10 },
    { price: 102, size: 20 },
  ],
};
const book = (mid = 100) =>
  new OrderBook({
    id: 'book',
    base: 'ETH',
    quote: 'USD',
    mid,
    halfSpreadBps: 1,
    levelStepBps: 10,
    levels: 200,
    refillHalfLifeSeconds: 60,
    snapshot,
  });

describe('OrderBook from a snapshot', () => {
  it('starts with the snapshot levels and walks them', () => {
    const b = book();
    expect(b.bids().map((l) => [l.price, l.size])).toEqual([
      [99, 10],
      [98, 20],
    ]);
    expect(b.asks()[1].price).toBeCloseTo(102, 12);
    expect(b.mid()).toBeCloseTo(100, 12);
    expect(b.quoteSell(15)).toBeCloseTo(10 * 99 + 5 * 98, 9);
    expect(b.quoteBuy(1010 + 510)).toBeCloseTo(15, 12);
  });

  it('has the depth per 1% of its levels and tail: the best bid must reach 2·0.99·100 − 101 = 97', () => {
    // Both levels (30 base) go, then the tail from 98 with scale 30 base: 98·e^(−x/30) = 97.
    expect(book().depthUsdPer1Pct()).toBeCloseTo((30 + 30 * Math.log(98 / 97)) * 100, 6);
  });

  it('keeps its shape around another initial price: distance from the mid and USD per level', () => {
    const b = book(200);
    expect(b.bids()[0].price).toBeCloseTo(198, 12);
    expect(b.bids()[0].size).toBeCloseTo(990 / 198, 12);
  });

  it('refills toward the snapshot, re-centred on the mid', () => {
    const b = book();
    b.sell(10); // empties the 99 level; mid (98 + 101)/2 = 99.5
    b.onBlock(60, 60); // one half-life
    expect(b.bids()[0].price).toBeCloseTo(99.5 * 0.99, 12);
    expect(b.bids()[0].size * b.bids()[0].price).toBeCloseTo(495, 9);
  });

  it('rejects a crossed snapshot', () => {
    const crossed = { bids: [{ price: 102, size: 1 }], asks: [{ price: 101, size: 1 }] };
    expect(
      () =>
        new OrderBook({
          id: 'x',
          base: 'E',
          quote: 'U',
          mid: 100,
          halfSpreadBps: 1,
          levelStepBps: 1,
          levels: 1,
          refillHalfLifeSeconds: 0,
          snapshot: crossed,
        }),
    ).toThrow(InvariantError);
  });
});

describe('a walk of the snapshot read as a marginal curve table', () => {
  it('fills exactly as the book does within its levels', () => {
    // One row per level: cumulative base and the level's distance from the mid 100 (bps), impact: marginal.
    const text = 'side,size_base,impact_bps\nsell,10,100\nsell,30,200\nbuy,10,100\nbuy,30,200\n';
    const table = readCurveCsv(text, 'walk.csv', 'marginal').value;
    if (!table) throw new Error('table rejected');
    const curve = new CurveVenue({
      id: 'walk',
      base: 'ETH',
      quote: 'USD',
      reference: () => 100,
      sizeUnit: 'base',
      sells: table.sells,
      buys: table.buys,
      beyond: 'refuse',
      resilienceHalfLifeSeconds: 60,
    });
    const b = book();
    for (const size of [3, 10, 17.5, 30]) expect(curve.quoteSell(size)).toBeCloseTo(b.quoteSell(size), 9);
    for (const spend of [500, 1010, 2500, 1010 + 2040]) expect(curve.quoteBuy(spend)).toBeCloseTo(b.quoteBuy(spend), 9);
  });
});
