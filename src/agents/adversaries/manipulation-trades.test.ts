import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { InsufficientLiquidityError } from '../../market/venues/venue-errors.js';
import { baseToSellForMid, buyOnCheapest } from './manipulation-trades.js';
import { quoteForExactBase } from '../../market/venues/buy-exact.js';

// Pool of 5000 ETH and 10M USDC: mid 2000.
const pool = (feeBps: number) =>
  new ConstantProductPool({ id: 'p', base: 'ETH', quote: 'USDC', reserveBase: 5000, reserveQuote: 10_000_000, feeBps });
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('baseToSellForMid', () => {
  it('without a fee, selling x·(√(mid/T) − 1) brings the mid to T (k = x·y kept)', () => {
    // mid' = k / (x + b)² = T  ⇒  b = √(k/T) − x = x·(√(mid/T) − 1).
    expect(relative(baseToSellForMid(pool(0), 1600), 5000 * (Math.sqrt(2000 / 1600) - 1))).toBeLessThan(1e-12);
  });

  it('with a 30 bps fee, the amount it returns moves the real pool to the target', () => {
    fc.assert(
      fc.property(fc.double({ min: 100, max: 1999, noNaN: true }), (target) => {
        const p = pool(30);
        p.sell(baseToSellForMid(p, target));
        expect(relative(p.mid(), target)).toBeLessThan(1e-12);
      }),
    );
  });

  it('returns 0 when the mid is already at or below the target', () => {
    expect(baseToSellForMid(pool(30), 2000)).toBe(0);
    expect(baseToSellForMid(pool(30), 2500)).toBe(0);
  });
});

describe('quoteForExactBase', () => {
  it('on a pool is Uniswap v2 getAmountIn: Rq·out / ((Rb − out)·γ), and really delivers the units', () => {
    const p = pool(30);
    const q = quoteForExactBase(p, 10);
    // 1e7·10 / (4990·0.997) = 20,100.30…
    expect(relative(q, (10_000_000 * 10) / (4990 * 0.997))).toBeLessThan(1e-12);
    expect(p.quoteBuy(q)).toBeGreaterThanOrEqual(10);
  });

  it('on a linear off-chain market at rest solves (D/a)·(e^{a·u·F/D} − 1), a = |ln 0.99|', () => {
    const cex = new OffchainMarket({
      id: 'c',
      base: 'ETH',
      quote: 'USDC',
      fundamental: 2000,
      depthUsdPer1Pct: 5e6,
      impact: 'linear',
      resilienceHalfLifeSeconds: 600,
    });
    const a = -Math.log(0.99);
    const units = 1500; // 3M USD at the fundamental: the price rises ≈ 0.6%
    const expected = (5e6 / a) * Math.expm1((a * units * 2000) / 5e6);
    const q = quoteForExactBase(cex, units);
    expect(relative(q, expected)).toBeLessThan(1e-9);
    expect(cex.quoteBuy(q)).toBeGreaterThanOrEqual(units);
  });

  it("is infinite for at least a pool's whole base reserve, and 0 for nothing", () => {
    expect(quoteForExactBase(pool(30), 5000)).toBe(Number.POSITIVE_INFINITY);
    expect(quoteForExactBase(pool(30), 0)).toBe(0);
  });
});

describe('buyOnCheapest', () => {
  it("splits across two identical pools: one slice each, each paying a fresh pool's getAmountIn", () => {
    const a = pool(30);
    const b = pool(30);
    const bought = buyOnCheapest([a, b], 20, 2);
    // Slice 1 ties (listed first wins: a); slice 2 is cheaper on the untouched b. Each: 1e7·10 / (4990·0.997).
    const perSlice = (10_000_000 * 10) / (4990 * 0.997);
    expect(relative(bought.quoteSpent, 2 * perSlice)).toBeLessThan(1e-12);
    expect(bought.baseBought).toBeGreaterThanOrEqual(20 * (1 - 1e-15));
    expect(a.reserves().base).toBeCloseTo(4990, 9);
    expect(b.reserves().base).toBeCloseTo(4990, 9);
  });

  it('throws when no venue can deliver a slice', () => {
    expect(() => buyOnCheapest([pool(30)], 6000, 1)).toThrow(InsufficientLiquidityError);
  });
});
