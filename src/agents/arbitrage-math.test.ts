import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../kernel/errors.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import type { Venue } from '../market/venues/venue.js';
import { arbitrageTrade, bestArbitrage, direction } from './arbitrage-math.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Infinitely deep venue at a fixed price P, fee `feeBps` on the quote side; trades never move it. */
class ConstantPriceVenue implements Venue {
  readonly base = 'ETH';
  readonly quote = 'USD';
  constructor(
    readonly id: string,
    private readonly price: number,
    private readonly feeBps = 0,
  ) {}
  mid(): number {
    return this.price;
  }
  quoteSell(baseIn: number): number {
    return baseIn * this.price * (1 - this.feeBps / 10_000);
  }
  quoteBuy(quoteIn: number): number {
    return (quoteIn * (1 - this.feeBps / 10_000)) / this.price;
  }
  sell(baseIn: number): number {
    return this.quoteSell(baseIn);
  }
  buy(quoteIn: number): number {
    return this.quoteBuy(quoteIn);
  }
  depthUsdPer1Pct(): number {
    return Infinity;
  }
}

const pool = (reserveBase: number, reserveQuote: number, feeBps: number) =>
  new ConstantProductPool({ id: 'pool', base: 'ETH', quote: 'USD', reserveBase, reserveQuote, feeBps });

describe('bestArbitrage against a constant price (closed form)', () => {
  // Pool (x base, y quote, γ = 1 − fee) and a venue paying P per base without impact.
  const x = 5000;
  const y = 9.5e6; // pool mid 1900
  const P = 2000;

  it('pool cheap: buys until P·d(base out)/dq = 1, i.e. q* = (√(P·γ·x·y) − y)/γ', () => {
    for (const feeBps of [0, 5, 30, 100]) {
      const gamma = 1 - feeBps / 10_000;
      // base out of the pool b(q) = γqx/(y + γq), so b'(q) = γxy/(y + γq)²; P·b'(q) = 1 gives (y + γq)² = Pγxy.
      const qStar = (Math.sqrt(P * gamma * x * y) - y) / gamma;
      const profitStar = (P * gamma * qStar * x) / (y + gamma * qStar) - qStar;
      const trade = bestArbitrage(pool(x, y, feeBps), new ConstantPriceVenue('cex', P), 1e9);
      expect(relErr(trade.quoteIn, qStar)).toBeLessThan(1e-9);
      expect(relErr(trade.profit, profitStar)).toBeLessThan(1e-12);
    }
  });

  it('pool rich: buys base at P and sells into the pool, q* = P·(√(γ·x·y/P) − x)/γ', () => {
    const yRich = 1.05e7; // pool mid 2100
    for (const feeBps of [0, 30]) {
      const gamma = 1 - feeBps / 10_000;
      // sale of a = q/P base pays γay/(x + γa); marginal condition (x + γa)² = γxy/P.
      const qStar = (P * (Math.sqrt((gamma * x * yRich) / P) - x)) / gamma;
      const trade = bestArbitrage(new ConstantPriceVenue('cex', P), pool(x, yRich, feeBps), 1e9);
      expect(relErr(trade.quoteIn, qStar)).toBeLessThan(1e-9);
      expect(trade.profit).toBeGreaterThan(0);
    }
  });

  it('respects maxQuoteIn when the optimum lies beyond it', () => {
    const trade = bestArbitrage(pool(x, y, 30), new ConstantPriceVenue('cex', P), 10_000);
    expect(trade.quoteIn).toBe(10_000);
    expect(trade.profit).toBeGreaterThan(0);
  });

  it('returns no trade inside the no-arbitrage band of the fees or in the wrong direction', () => {
    // mid 1995 < 2000, but 30 bps on the pool and 10 bps on the venue eat the 0.25% gap
    expect(bestArbitrage(pool(x, 1995 * x, 30), new ConstantPriceVenue('cex', P, 10), 1e9)).toEqual({
      quoteIn: 0,
      baseBought: 0,
      quoteOut: 0,
      profit: 0,
    });
    expect(bestArbitrage(new ConstantPriceVenue('cex', P), pool(x, y, 30), 1e9).profit).toBe(0);
    expect(bestArbitrage(pool(x, y, 30), new ConstantPriceVenue('cex', P), 0).quoteIn).toBe(0);
    expect(() => bestArbitrage(pool(x, y, 30), new ConstantPriceVenue('cex', P), -1)).toThrow(InvariantError);
  });
});

describe('bestArbitrage between a pool and an off-chain market', () => {
  const flatMarket = (fundamental: number) =>
    new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USD',
      fundamental,
      depthUsdPer1Pct: 1e15,
      impact: 'linear',
      resilienceHalfLifeSeconds: 0,
    });

  it('with zero fees and a nearly flat market, the optimal trade brings the pool to the market price', () => {
    for (const poolMid of [1800, 1990, 2010, 2300]) {
      const p = pool(5000, 5000 * poolMid, 0);
      const m = flatMarket(2000);
      const pair = direction(p, m);
      expect(pair).toBeDefined();
      const trade = bestArbitrage(pair!.cheap, pair!.rich, 1e9);
      const base = pair!.cheap.buy(trade.quoteIn);
      expect(base).toBe(trade.baseBought);
      expect(pair!.rich.sell(base)).toBe(trade.quoteOut);
      expect(relErr(p.mid(), m.mid())).toBeLessThan(1e-10);
    }
  });

  it('never loses money, stays within maxQuoteIn and cannot be beaten on a grid (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1000, max: 3000, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 1e5, max: 1e9, noNaN: true }),
        fc.constantFrom<'linear' | 'sqrt'>('linear', 'sqrt'),
        fc.double({ min: 1, max: 1e8, noNaN: true }),
        (poolMid, poolFee, marketFee, depth, impact, maxQuoteIn) => {
          const p = pool(5000, 5000 * poolMid, poolFee);
          const m = new OffchainMarket({
            id: 'cex',
            base: 'ETH',
            quote: 'USD',
            fundamental: 2000,
            depthUsdPer1Pct: depth,
            impact,
            resilienceHalfLifeSeconds: 60,
            feeBps: marketFee,
          });
          for (const [cheap, rich] of [
            [p, m],
            [m, p],
          ] as const) {
            const trade = bestArbitrage(cheap, rich, maxQuoteIn);
            expect(trade.profit).toBeGreaterThanOrEqual(0);
            expect(trade.quoteIn).toBeLessThanOrEqual(maxQuoteIn);
            if (trade.quoteIn > 0) expect(trade).toEqual(arbitrageTrade(cheap, rich, trade.quoteIn));
            for (let i = 1; i <= 32; i++) {
              const q = (maxQuoteIn * i) / 32;
              // profits carry rounding of order 1e-16 of the notional traded
              expect(arbitrageTrade(cheap, rich, q).profit).toBeLessThanOrEqual(trade.profit + 1e-12 * q);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('direction', () => {
  it('orders two venues by mid and returns undefined when they agree', () => {
    const a = new ConstantPriceVenue('a', 1999);
    const b = new ConstantPriceVenue('b', 2000);
    expect(direction(a, b)).toEqual({ cheap: a, rich: b });
    expect(direction(b, a)).toEqual({ cheap: a, rich: b });
    expect(direction(a, new ConstantPriceVenue('c', 1999))).toBeUndefined();
  });
});
