import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualisedVolatility,
  applyFill,
  askTailPrice,
  baseToPushBidTo,
  bidTailPrice,
  type BookSide,
  fillPurchase,
  fillSale,
  levelOffsets,
  refilledQuote,
  tailPurchaseBase,
  tailSaleProceeds,
  VolatilityWindow,
} from './order-book-levels.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** 9702 = 99·98, so the first two bids hold round sizes: 98 base at 99 and 99 base at 98. */
const Q = 9702;
/** Base of the three bids: 98 + 99 + 9702/97. */
const BID_BASE = 98 + 99 + Q / 97;
/** Base of the three asks at 101, 102, 103. */
const ASK_BASE = Q / 101 + Q / 102 + Q / 103;

const bids = (quotes = [Q, Q, Q], tailUsed = 0): BookSide => ({
  prices: Float64Array.of(99, 98, 97),
  quotes: Float64Array.from(quotes),
  tailUsed,
  tailScale: BID_BASE,
});
const asks = (quotes = [Q, Q, Q], tailUsed = 0): BookSide => ({
  prices: Float64Array.of(101, 102, 103),
  quotes: Float64Array.from(quotes),
  tailUsed,
  tailScale: ASK_BASE,
});

describe('levelOffsets', () => {
  it('is halfSpread + k·step, in fractions of the mid', () => {
    expect(Array.from(levelOffsets(100, 100, 3))).toEqual([0.01, 0.02, 0.03]);
    expect(Array.from(levelOffsets(0, 5, 2))).toEqual([0, 0.0005]);
  });
});

describe('fillSale (bids 98 @ 99, 99 @ 98, 100.02 @ 97)', () => {
  it('fills inside the best level at its price', () => {
    // 50 · 99 = 4950; 9702 − 4950 = 4752 quote left there.
    expect(fillSale(bids(), 50)).toEqual({ out: 4950, stop: 0, stopQuote: 4752, tailUsed: 0 });
  });

  it('walks into the next level: 98·99 + 2·98 = 9898', () => {
    // 9702 − 2·98 = 9506 left at the second level.
    expect(fillSale(bids(), 100)).toEqual({ out: 9898, stop: 1, stopQuote: 9506, tailUsed: 0 });
  });

  it('stops at the next level, untouched, when a level is emptied exactly', () => {
    expect(fillSale(bids(), 98)).toEqual({ out: 9702, stop: 1, stopQuote: Q, tailUsed: 0 });
  });

  it('skips emptied levels and treats a sliver below 1e-9 of a level as emptied', () => {
    expect(fillSale(bids([0, Q, Q]), 1).out).toBe(98);
    const almostAll = fillSale(bids(), 98 * (1 - 1e-12));
    expect(almostAll.stop).toBe(0);
    expect(almostAll.stopQuote).toBe(0);
  });

  it('past the last level fills on the tail: another X·ln 2 sold there pays 97·X/2', () => {
    const fill = fillSale(bids(), BID_BASE + BID_BASE * Math.LN2);
    expect(relErr(fill.out, 3 * Q + (97 * BID_BASE) / 2)).toBeLessThan(1e-14);
    expect(fill.stop).toBe(3);
    expect(relErr(fill.tailUsed, BID_BASE * Math.LN2)).toBeLessThan(1e-12);
  });

  it('is additive: selling a then b equals selling a + b, through levels and tail (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (a, b) => {
          const first = fillSale(bids(), a);
          const quotes = [Q, Q, Q];
          for (let k = 0; k < first.stop; k++) quotes[k] = 0;
          if (first.stop < 3) quotes[first.stop] = first.stopQuote;
          const second = fillSale(bids(quotes, first.tailUsed), b);
          // Absolute slack: a sliver dropped as dust is worth at most 1e-9 of a level.
          expect(Math.abs(first.out + second.out - fillSale(bids(), a + b).out)).toBeLessThan(1e-9 * Q + 1e-12 * 3 * Q);
        },
      ),
    );
  });
});

describe('fillPurchase (asks 9702 quote each at 101, 102, 103)', () => {
  it('spends 9702 on the best level and 1020 at 102: 9702/101 + 10 base', () => {
    const fill = fillPurchase(asks(), 10_722);
    expect(relErr(fill.out, Q / 101 + 10)).toBeLessThan(1e-15);
    expect(fill.stop).toBe(1);
    expect(fill.stopQuote).toBe(Q - 1020);
  });

  it('past the last level buys on the tail: spending 103·Y there buys Y·ln 2', () => {
    const fill = fillPurchase(asks(), 3 * Q + 103 * ASK_BASE);
    expect(relErr(fill.out, ASK_BASE + ASK_BASE * Math.LN2)).toBeLessThan(1e-14);
    expect(relErr(askTailPrice(103, fill.tailUsed, ASK_BASE), 206)).toBeLessThan(1e-14);
  });
});

describe('tails', () => {
  it('bid tail halves after X·ln 2 and never goes below 0; ask tail saturates instead of overflowing', () => {
    expect(relErr(bidTailPrice(97, 300 * Math.LN2, 300), 48.5)).toBeLessThan(1e-15);
    expect(bidTailPrice(97, 1e300, 1)).toBe(0);
    expect(askTailPrice(103, 1e300, 1)).toBe(Number.MAX_VALUE);
  });

  it('sale proceeds are P·X·(1 − e^(−b/X)), finite and below P·X for any size', () => {
    expect(relErr(tailSaleProceeds(97, 0, 297, 297 * Math.LN2), (97 * 297) / 2)).toBeLessThan(1e-15);
    expect(tailSaleProceeds(97, 0, 297, 1e300)).toBe(97 * 297);
    expect(tailSaleProceeds(97, 0, 297, 0)).toBe(0);
  });

  it('purchase base inverts the cost P·Y·(e^(y/Y) − 1) (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 1e-9, max: 50, noNaN: true }),
        (scale, usedInScales, yInScales) => {
          const used = usedInScales * scale;
          const y = yInScales * scale;
          const price = askTailPrice(103, used, scale);
          const cost = price * scale * Math.expm1(y / scale);
          expect(relErr(tailPurchaseBase(103, used, scale, cost), y)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('applyFill and refilledQuote', () => {
  it('empties the levels a fill walked past and leaves the rest at the stop', () => {
    const side = bids();
    expect(applyFill(side.quotes, fillSale(side, 100))).toBe(0);
    expect(Array.from(side.quotes)).toEqual([0, 9506, Q]);
    const swept = bids();
    expect(applyFill(swept.quotes, fillSale(swept, BID_BASE + 10))).toBeCloseTo(10, 9);
    expect(Array.from(swept.quotes)).toEqual([0, 0, 0]);
  });

  it('refills a shortfall by the fraction not left, and cancels down to a lower target at once', () => {
    expect(refilledQuote(0, Q, 0.5)).toBe(Q / 2);
    expect(refilledQuote(4751, Q, 0.25)).toBe(Q - (Q - 4751) / 4);
    expect(refilledQuote(Q, Q / 4, 0.9)).toBe(Q / 4);
    expect(refilledQuote(1000, Q / 4, 0)).toBe(Q / 4);
  });
});

describe('baseToPushBidTo', () => {
  it('empties the levels above the price: reaching 97 takes 98 + 99 base', () => {
    expect(baseToPushBidTo(bids(), 97, 1e-10)).toBe(197);
    expect(baseToPushBidTo(bids(), 99.5, 1e-10)).toBe(0);
  });

  it('walks the tail when the levels run out: X·ln(97/48.5) past them', () => {
    expect(relErr(baseToPushBidTo(bids(), 48.5, 1e-10), BID_BASE + BID_BASE * Math.LN2)).toBeLessThan(1e-14);
  });

  it('is +Infinity when the price is not positive', () => {
    expect(baseToPushBidTo(bids(), -1, 1e-10)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('realised volatility', () => {
  it('annualises Σr²/seconds over a 365-day year', () => {
    // 1% in a 12 s block: √(1e-4/12 · 31,536,000) = √262.8.
    expect(relErr(annualisedVolatility(1e-4, 12), Math.sqrt(262.8))).toBeLessThan(1e-14);
    expect(annualisedVolatility(0, 0)).toBe(0);
  });

  it('counts the returns of blocks ending within the window and drops older ones', () => {
    const window = new VolatilityWindow(60);
    expect(window.annual()).toBe(0);
    window.observe(12, 0.01, 12);
    for (let t = 24; t <= 60; t += 12) window.observe(t, 0, 12);
    // Blocks ending at 12..60 are inside: Σr² = 1e-4 over 60 s.
    expect(relErr(window.annual(), Math.sqrt((1e-4 / 60) * 31_536_000))).toBeLessThan(1e-14);
    window.observe(72, 0, 12); // the block ending at 12 = 72 − 60 leaves
    expect(window.annual()).toBe(0);
  });

  it('keeps only the window across many blocks (compaction leaves the sums right)', () => {
    const window = new VolatilityWindow(24);
    for (let b = 1; b <= 5000; b++) window.observe(12 * b, b % 2 === 0 ? 0.002 : 0, 12);
    // Last two blocks (ending 59,988 and 60,000): returns 0.002 and 0 over 24 s.
    expect(relErr(window.annual(), Math.sqrt((4e-6 / 24) * 31_536_000))).toBeLessThan(1e-9);
  });
});
