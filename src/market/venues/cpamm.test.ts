import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConstantProductPool } from './cpamm.js';
import { InsufficientLiquidityError } from './venue-errors.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

const pool = (reserveBase: number, reserveQuote: number, feeBps: number) =>
  new ConstantProductPool({ id: 'p', base: 'ETH', quote: 'USDC', reserveBase, reserveQuote, feeBps });

const k = (p: ConstantProductPool) => p.reserves().base * p.reserves().quote;

describe('ConstantProductPool construction', () => {
  it('fromLiquidity splits the liquidity half and half at the price', () => {
    const p = ConstantProductPool.fromLiquidity({
      id: 'uni',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 20e6,
      feeBps: 30,
    });
    expect(p.reserves()).toEqual({ base: 5000, quote: 10e6 });
    expect(p.mid()).toBe(2000);
    expect(p.feeBps).toBe(30);
  });

  it('returns a copy of its reserves', () => {
    const p = pool(10, 20_000, 30);
    p.reserves().base = 0;
    expect(p.reserves().base).toBe(10);
  });
});

describe('ConstantProductPool swaps', () => {
  it('sell follows getAmountOut and keeps the whole input, fee included, in the pool', () => {
    const p = pool(1000, 2e6, 30);
    const expected = (5 * 9970 * 2e6) / (1000 * 10_000 + 5 * 9970);
    expect(p.quoteSell(5)).toBe(p.sell(5));
    const after = p.reserves();
    expect(relErr(2e6 - after.quote, expected)).toBeLessThan(1e-12);
    expect(after.base).toBe(1005);
  });

  it('buy follows getAmountOut with the reserves swapped', () => {
    const p = pool(1000, 2e6, 30);
    const expected = (10_000 * 9970 * 1000) / (2e6 * 10_000 + 10_000 * 9970);
    expect(p.quoteBuy(10_000)).toBe(p.buy(10_000));
    expect(relErr(1000 - p.reserves().base, expected)).toBeLessThan(1e-12);
    expect(p.reserves().quote).toBe(2e6 + 10_000);
  });

  it('quotes do not change state', () => {
    const p = pool(1000, 2e6, 30);
    p.quoteSell(100);
    p.quoteBuy(1e5);
    expect(p.reserves()).toEqual({ base: 1000, quote: 2e6 });
  });

  const trades = fc.array(
    fc.record({ side: fc.constantFrom('sell', 'buy'), share: fc.double({ min: 1e-9, max: 2, noNaN: true }) }),
    { minLength: 1, maxLength: 20 },
  );

  it('k never decreases and the mid moves the right way (property)', () => {
    fc.assert(
      fc.property(trades, fc.integer({ min: 0, max: 300 }), (list, f) => {
        const p = pool(1000, 2e6, f);
        for (const { side, share } of list) {
          const kBefore = k(p);
          const midBefore = p.mid();
          if (side === 'sell') p.sell(share * p.reserves().base);
          else p.buy(share * p.reserves().quote);
          // float64 rounding may move k by a few ulps when the fee is 0
          expect(k(p)).toBeGreaterThanOrEqual(kBefore * (1 - 1e-14));
          if (side === 'sell') expect(p.mid()).toBeLessThan(midBefore);
          else expect(p.mid()).toBeGreaterThan(midBefore);
        }
      }),
    );
  });

  it('a sell then a buy of the proceeds loses exactly the two fees (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), fc.integer({ min: 0, max: 300 }), (a, f) => {
        const x = 1000;
        const p = pool(x, 2e6, f);
        const back = p.buy(p.sell(a));
        // Composing getAmountOut twice: a' = a·γ²·(x + a)/(x + a·γ²); without a fee a' = a.
        const g2 = (1 - f / 10_000) ** 2;
        expect(relErr(back, (a * g2 * (x + a)) / (x + a * g2))).toBeLessThan(1e-12);
        // The quote reserve is back where it was; the base the trader lost stayed in the pool.
        expect(relErr(p.reserves().quote, 2e6)).toBeLessThan(1e-12);
        expect(Math.abs(p.reserves().base - x - (a - back))).toBeLessThan(1e-12 * x);
      }),
    );
  });

  it('without a fee a round trip returns the input', () => {
    const p = pool(1000, 2e6, 0);
    expect(relErr(p.buy(p.sell(37)), 37)).toBeLessThan(1e-13);
  });

  it('throws InsufficientLiquidityError instead of draining a reserve in float64', () => {
    const p = pool(1, 1, 0);
    expect(() => p.buy(1e300)).toThrow(InsufficientLiquidityError);
    expect(p.reserves()).toEqual({ base: 1, quote: 1 });
  });
});
