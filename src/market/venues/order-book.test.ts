import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrageProfitBound, bestArbitrage } from '../../agents/arbitrage-math.js';
import { InvariantError } from '../../kernel/errors.js';
import { OffchainMarket } from './offchain.js';
import { OrderBook, type OrderBookSettings } from './order-book.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const YEAR = 365 * 24 * 3600;

/**
 * Hand-built book: mid 100, half spread 1%, step 1%, 3 levels → bids 99, 98, 97 and asks 101, 102, 103.
 * Moving the mid 1% needs the best bid at 1.98·100 − 101 = 97, so the bids at 99 and 98 must go:
 * D = 100·(q/99 + q/98); D = 19,700 gives q = 9702 = 99·98, i.e. 98 base at 99 and 99 base at 98.
 */
const Q = 9702;
const BID_BASE = 98 + 99 + Q / 97;
const ASK_BASE = Q / 101 + Q / 102 + Q / 103;
const small = (over: Partial<OrderBookSettings> = {}) =>
  new OrderBook({
    id: 'book',
    base: 'ETH',
    quote: 'USD',
    mid: 100,
    depthUsdPer1Pct: 19_700,
    halfSpreadBps: 100,
    levelStepBps: 100,
    levels: 3,
    refillHalfLifeSeconds: 60,
    ...over,
  });
/** A realistic book: ETH at 2000, 5M USD per 1%, 1 bp half spread, 5 bp steps, 100 levels (5% each side). */
const eth = (over: Partial<OrderBookSettings> = {}) =>
  new OrderBook({
    id: 'hl',
    base: 'ETH',
    quote: 'USD',
    mid: 2000,
    depthUsdPer1Pct: 5e6,
    halfSpreadBps: 1,
    levelStepBps: 5,
    levels: 100,
    refillHalfLifeSeconds: 30,
    ...over,
  });

const quoteAt = (level: { price: number; size: number }) => level.price * level.size;

describe('OrderBook: a fresh book', () => {
  it('lays the profile out by hand: bids 98 @ 99, 99 @ 98, 9702/97 @ 97; asks 9702/p at 101, 102, 103', () => {
    const book = small();
    expect(relErr(book.levelQuoteUsd, Q)).toBeLessThan(1e-14);
    const bids = book.bids();
    const asks = book.asks();
    expect(bids.map((l) => l.price)).toEqual([99, 98, 97]);
    expect(asks.map((l) => l.price)).toEqual([101, 102, 103]);
    [98, 99, Q / 97].forEach((size, k) => expect(relErr(bids[k].size, size)).toBeLessThan(1e-14));
    [Q / 101, Q / 102, Q / 103].forEach((size, k) => expect(relErr(asks[k].size, size)).toBeLessThan(1e-14));
    expect(book.mid()).toBe(100);
  });

  it('depthUsdPer1Pct() is D, and equals mid·q·Σ 1/p over the levels with k·step < 2%', () => {
    expect(relErr(small().depthUsdPer1Pct(), 19_700)).toBeLessThan(1e-14);
    // 1 bp half spread, 5 bp steps: k·5 bp < 2% for k = 0..39 (level 40 sits exactly where the mid has moved 1%).
    const book = eth();
    let sumInverse = 0;
    for (let k = 0; k < 40; k++) sumInverse += 1 / (1 - 0.0001 - 0.0005 * k);
    expect(relErr(book.depthUsdPer1Pct(), 5e6)).toBeLessThan(1e-12);
    expect(relErr(book.levelQuoteUsd, 5e6 / sumInverse)).toBeLessThan(1e-12);
    // Bids within 1% of the mid: k = 0..19 → ≈ half of D rests there.
    const within1Pct = book
      .bids()
      .filter((l) => l.price >= 0.99 * 2000)
      .reduce((s, l) => s + quoteAt(l), 0);
    expect(relErr(within1Pct, 20 * book.levelQuoteUsd)).toBeLessThan(1e-12);
  });

  it('selling depthUsdPer1Pct()/mid moves the mid down 1%; slightly less does not (property over layouts)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 1e3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
        (halfSpreadBps, levelStepBps, wanted, depth, mid) => {
          const levels = Math.min(wanted, Math.floor((9000 - halfSpreadBps) / levelStepBps) + 1); // last bid ≥ 10% of the mid
          const make = () => eth({ halfSpreadBps, levelStepBps, levels, depthUsdPer1Pct: depth, mid });
          const book = make();
          expect(relErr(book.depthUsdPer1Pct(), depth)).toBeLessThan(1e-12);
          const base = depth / mid;
          book.sell(base);
          expect(book.mid()).toBeLessThanOrEqual(0.99 * mid * (1 + 1e-12));
          const short = make();
          short.sell(base * (1 - 1e-6));
          expect(short.mid()).toBeGreaterThan(0.99 * mid);
        },
      ),
    );
  });
});

describe('OrderBook: walking the book', () => {
  it('a sale fills level by level: 100 base → 98·99 + 2·98 = 9898, then the mid is (98 + 101)/2', () => {
    const book = small();
    expect(book.quoteSell(100)).toBe(9898);
    expect(book.sell(100)).toBe(9898);
    expect(book.mid()).toBe(99.5);
    expect(book.bids()[0].size).toBe(0);
    expect(relErr(book.bids()[1].size, 97)).toBeLessThan(1e-14);
  });

  it('a purchase fills level by level: 10,722 quote → 9702/101 + 1020/102 base, mid (99 + 102)/2', () => {
    const book = small();
    expect(relErr(book.buy(10_722), Q / 101 + 10)).toBeLessThan(1e-15);
    expect(book.mid()).toBe(100.5);
  });

  it('charges the taker fee on the quote: received on sales, spent on purchases', () => {
    const book = small({ feeBps: 10 });
    expect(relErr(book.sell(100), 9898 * 0.999)).toBeLessThan(1e-15);
    // 10,722·0.999 = 10,711.278 spent: 9702 at 101 and 1009.278 at 102.
    expect(relErr(book.buy(10_722), Q / 101 + (10_722 * 0.999 - Q) / 102)).toBeLessThan(1e-14);
  });

  it('past the last bid the price keeps falling: X·ln 2 more pays 97·X/2 and leaves the best bid at 48.5', () => {
    const book = small();
    const received = book.sell(BID_BASE + BID_BASE * Math.LN2);
    expect(relErr(received, 3 * Q + (97 * BID_BASE) / 2)).toBeLessThan(1e-14);
    expect(relErr(book.bestBid(), 48.5)).toBeLessThan(1e-14);
    expect(relErr(book.mid(), (48.5 + 101) / 2)).toBeLessThan(1e-14);
  });

  it('past the last ask the price keeps rising: 103·Y more buys Y·ln 2 and leaves the best ask at 206', () => {
    const book = small();
    const bought = book.buy(3 * Q + 103 * ASK_BASE);
    expect(relErr(bought, ASK_BASE * (1 + Math.LN2))).toBeLessThan(1e-14);
    expect(relErr(book.mid(), (99 + 206) / 2)).toBeLessThan(1e-14);
  });

  it('huge and repeated trades never give NaN, Infinity or a negative price (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('sell', 'buy', 'block'), fc.double({ min: 0, max: 1e300, noNaN: true })), {
          maxLength: 12,
        }),
        (ops) => {
          const book = small({ feeBps: 5 });
          let t = 0;
          for (const [kind, amount] of ops) {
            if (kind === 'sell') expect(Number.isFinite(book.sell(amount))).toBe(true);
            else if (kind === 'buy') expect(Number.isFinite(book.buy(amount))).toBe(true);
            else book.onBlock((t += 12), 12);
            expect(Number.isFinite(book.mid())).toBe(true);
            expect(book.mid()).toBeGreaterThan(0);
            expect(book.bestBid()).toBeGreaterThanOrEqual(0);
            expect(Number.isNaN(book.depthUsdPer1Pct())).toBe(false);
          }
        },
      ),
    );
  });

  it('sell and buy return exactly what the quotes said, from any state (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('sell', 'buy', 'block'), fc.double({ min: 0, max: 4, noNaN: true })), {
          maxLength: 20,
        }),
        (ops) => {
          const book = eth({
            feeBps: 4.5,
            pullOnVolatility: { windowSeconds: 60, thresholdAnnual: 1, keepFraction: 0.3 },
          });
          let t = 0;
          for (const [kind, amount] of ops) {
            // amount in units of D: up to 4 D per trade reaches the tails.
            if (kind === 'sell') {
              const quoted = book.quoteSell((amount * 5e6) / 2000);
              expect(book.sell((amount * 5e6) / 2000)).toBe(quoted);
            } else if (kind === 'buy') {
              const quoted = book.quoteBuy(amount * 5e6);
              expect(book.buy(amount * 5e6)).toBe(quoted);
            } else book.onBlock((t += 12), 12);
          }
        },
      ),
    );
  });
});

describe('OrderBook: symmetry and round trips', () => {
  it('emptying n levels on either side takes n·q and moves the mid n·step/2 either way (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), (n) => {
        const seller = eth();
        const buyer = eth();
        const q = seller.levelQuoteUsd;
        const base = seller
          .bids()
          .slice(0, n)
          .reduce((s, l) => s + l.size, 0);
        expect(relErr(seller.sell(base), n * q)).toBeLessThan(1e-12);
        expect(buyer.buy(n * q)).toBeGreaterThan(0);
        // Best bid mid·(1 − δ_n), best ask mid·(1 + δ_0): mid·(1 − n·5 bp/2); mirrored for purchases.
        expect(relErr(seller.mid(), 2000 * (1 - (n * 0.0005) / 2))).toBeLessThan(1e-12);
        expect(relErr(buyer.mid(), 2000 * (1 + (n * 0.0005) / 2))).toBeLessThan(1e-12);
      }),
    );
  });

  it('buying then selling back inside the top level at zero spread returns Q·(1 − fee)²', () => {
    const noFee = eth({ halfSpreadBps: 0 });
    expect(relErr(noFee.sell(noFee.buy(10_000)), 10_000)).toBeLessThan(1e-15);
    const withFee = eth({ halfSpreadBps: 0, feeBps: 10 });
    expect(relErr(withFee.sell(withFee.buy(10_000)), 10_000 * 0.999 * 0.999)).toBeLessThan(1e-15);
  });

  it('no round trip on one book makes money (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (spend, halfSpreadBps) => {
          const book = eth({ halfSpreadBps });
          expect(book.sell(book.buy(spend))).toBeLessThanOrEqual(spend * (1 + 1e-12));
        },
      ),
    );
  });
});

describe('OrderBook: market makers between blocks', () => {
  it('one half-life restores half of what was taken from a level (mid unchanged)', () => {
    const book = small();
    book.sell(49); // half of the 98 at 99: 4851 quote taken
    expect(book.mid()).toBe(100);
    book.onBlock(60, 60);
    expect(relErr(book.bids()[0].size, 98 - 49 / 2)).toBeLessThan(1e-14);
    expect(book.bids()[0].price).toBe(99);
  });

  it('a fully consumed bid side recovers half its depth in one half-life, around the new mid', () => {
    const book = small();
    book.sell(BID_BASE); // every bid emptied; best bid the tail's start 97, mid (97 + 101)/2 = 99
    expect(book.mid()).toBe(99);
    book.onBlock(60, 60);
    expect(book.mid()).toBe(99);
    // Each bid holds q/2 quote at 99·(1 − δ_k); the asks keep q at 99·(1 + δ_k).
    book.bids().forEach((l, k) => {
      expect(relErr(l.price, 99 * (1 - 0.01 * (k + 1)))).toBeLessThan(1e-15);
      expect(relErr(quoteAt(l), Q / 2)).toBeLessThan(1e-14);
    });
    book.asks().forEach((l) => expect(relErr(quoteAt(l), Q)).toBeLessThan(1e-14));
    // Depth = mid·Σ size over the first two bids = q/2·(1/0.99 + 1/0.98) = 19,700/2.
    expect(relErr(book.depthUsdPer1Pct(), 9850)).toBeLessThan(1e-13);
  });

  it('refills completely each block with a zero half-life', () => {
    const book = small({ refillHalfLifeSeconds: 0 });
    book.sell(150);
    book.onBlock(12, 12);
    book.bids().forEach((l) => expect(relErr(quoteAt(l), Q)).toBeLessThan(1e-14));
  });

  it('changes nothing when no time passes (dt = 0)', () => {
    const book = small({ pullOnVolatility: { windowSeconds: 60, thresholdAnnual: 0, keepFraction: 0.5 } });
    book.sell(100);
    const before = book.bids();
    book.onBlock(0, 0);
    expect(book.bids()).toEqual(before);
    expect(book.mid()).toBe(99.5);
    expect(book.quotedFraction()).toBe(1);
  });

  it('does not pull the mid back: it stays where the trade left it, block after block', () => {
    const book = small();
    book.sell(100); // mid 99.5
    for (let b = 1; b <= 20; b++) book.onBlock(12 * b, 12);
    expect(relErr(book.mid(), 99.5)).toBeLessThan(1e-14);
    // 240 s = 4 half-lives: 1/16 of each shortfall left (level 0 lost all 9702, level 1 lost 196).
    expect(relErr(quoteAt(book.bids()[0]), Q - Q / 16)).toBeLessThan(1e-13);
    expect(relErr(quoteAt(book.bids()[1]), Q - 196 / 16)).toBeLessThan(1e-13);
  });

  it('pulls to keepFraction at once when realised volatility spikes, and refills after it leaves the window', () => {
    const pull = { windowSeconds: 60, thresholdAnnual: 1, keepFraction: 0.25 };
    const book = small({ pullOnVolatility: pull });
    book.sell(100); // mid 100 → 99.5
    book.onBlock(12, 12);
    // r = ln 0.995 over 12 s: σ = |r|·√(year/12) ≈ 8.13 > 1.
    expect(relErr(book.realisedVolatility(), -Math.log(0.995) * Math.sqrt(YEAR / 12))).toBeLessThan(1e-12);
    expect(book.quotedFraction()).toBe(0.25);
    const target = 0.25 * Q;
    const leftAfter12s = 2 ** (-12 / 60);
    // Asks (9702) are cut to 2425.5 at once; the emptied best bid refills toward it.
    book.asks().forEach((l) => expect(relErr(quoteAt(l), target)).toBeLessThan(1e-14));
    expect(relErr(quoteAt(book.bids()[0]), target * (1 - leftAfter12s))).toBeLessThan(1e-14);
    for (let t = 24; t <= 60; t += 12) book.onBlock(t, 12);
    // Still inside the window at t = 60: σ = |r|·√(year/60) ≈ 3.6.
    expect(book.quotedFraction()).toBe(0.25);
    book.onBlock(72, 12); // the spike's block (ending at 12) leaves the window
    expect(book.realisedVolatility()).toBe(0);
    expect(book.quotedFraction()).toBe(1);
    book.asks().forEach((l) => expect(relErr(quoteAt(l), Q - (Q - target) * leftAfter12s)).toBeLessThan(1e-13));
  });
});

describe('OrderBook: marginal rates and arbitrage', () => {
  it('are best bid·(1 − fee) and (1 − fee)/best ask', () => {
    const book = small({ feeBps: 10 });
    expect(book.marginalSellRate()).toBeCloseTo(99 * 0.999, 12);
    expect(book.marginalBuyRate()).toBeCloseTo(0.999 / 101, 15);
    book.sell(100);
    expect(book.marginalSellRate()).toBeCloseTo(98 * 0.999, 12);
  });

  it('bound every quote with κ = 0 from any state: sale ≤ σ·b, purchase ≤ β·q (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 1e-9, max: 5, noNaN: true }),
        (before, size) => {
          const book = eth({ feeBps: 3 });
          if (before > 0) book.sell((before * 5e6) / 2000);
          if (before < 0) book.buy(-before * 5e6);
          const base = (size * 5e6) / 2000;
          expect(book.quoteSell(base)).toBeLessThanOrEqual(book.marginalSellRate() * base * (1 + 1e-12));
          expect(book.quoteBuy(size * 5e6)).toBeLessThanOrEqual(book.marginalBuyRate() * size * 5e6 * (1 + 1e-12));
        },
      ),
    );
  });

  it('no arbitrage right after a sale (the asks have not moved), then the arbitrageur buys the book back up', () => {
    const book = eth();
    const cex = new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USD',
      fundamental: 2000,
      depthUsdPer1Pct: 5e6,
      impact: 'linear',
      resilienceHalfLifeSeconds: 60,
    });
    book.sell(5e6 / 2000); // a liquidation: the bids walked ≈ 1%, the mid ≈ 0.5%
    expect(book.mid()).toBeLessThan(0.996 * 2000);
    // The best ask is still 2000·1.0001 > 2000: buying on the book and selling off-chain cannot pay.
    expect(bestArbitrage(book, cex, 1e7).profit).toBe(0);
    book.onBlock(12, 12); // makers re-centre on the lower mid: the asks come down with it
    const gapBefore = cex.mid() - book.mid();
    const plan = bestArbitrage(book, cex, 1e7);
    expect(plan.profit).toBeGreaterThan(0);
    expect(arbitrageProfitBound(book, cex, 1e7)).toBeGreaterThanOrEqual(plan.profit);
    expect(book.buy(plan.quoteIn)).toBe(plan.baseBought);
    expect(cex.sell(plan.baseBought)).toBe(plan.quoteOut);
    expect(Math.abs(cex.mid() - book.mid())).toBeLessThan(gapBefore);
  });
});

describe('OrderBook: settings', () => {
  it('rejects layouts and rules it cannot quote', () => {
    expect(() => small({ levels: 0 })).toThrow(InvariantError);
    expect(() => small({ levels: 2.5 })).toThrow(InvariantError);
    expect(() => small({ levelStepBps: 0 })).toThrow(InvariantError);
    expect(() => small({ halfSpreadBps: 9000, levelStepBps: 500, levels: 3 })).toThrow(InvariantError); // last bid at 0
    expect(() => small({ halfSpreadBps: 9850, levels: 1 })).toThrow(InvariantError); // best bid below 2% of the mid
    expect(() => small({ refillHalfLifeSeconds: -1 })).toThrow(InvariantError);
    expect(() => small({ pullOnVolatility: { windowSeconds: 60, thresholdAnnual: 1, keepFraction: 0 } })).toThrow(
      InvariantError,
    );
    expect(() => small({ pullOnVolatility: { windowSeconds: 0, thresholdAnnual: 1, keepFraction: 0.5 } })).toThrow(
      InvariantError,
    );
    expect(() => small().sell(-1)).toThrow(InvariantError);
    expect(() => small().onBlock(12, -1)).toThrow(InvariantError);
  });
});
