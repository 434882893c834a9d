import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniswapV3Pool } from './uniswap-v3.js';
import { ConstantProductPool } from './cpamm.js';
import { quoteForExactBase } from './buy-exact.js';
import { routeSale, sellRouted } from '../routing.js';
import { bestSaleVenue } from '../best-sale.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const sqrtAt = (tick: number) => Math.sqrt(1.0001 ** tick);

/** A 0.30% pool at 2000 with one position of liquidity 1e5 over [74_000, 78_000). */
function onePosition(): UniswapV3Pool {
  const pool = new UniswapV3Pool({ id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 3000, tickSpacing: 60 });
  pool.mint(73_980, 78_000, 1e5);
  return pool;
}

describe('UniswapV3Pool: hand-derived values', () => {
  it('inside one range trades as a constant-product pool on its virtual reserves x = L/√P, y = L·√P', () => {
    const pool = onePosition();
    const L = 1e5;
    const x = L / Math.sqrt(2000);
    const y = L * Math.sqrt(2000);
    const g = 1 - 3000 / 1e6;
    // Uniswap v2 getAmountOut with fee on input: out = y·γb/(x + γb).
    expect(rel(pool.quoteSell(3), (y * g * 3) / (x + g * 3))).toBeLessThan(1e-12);
    expect(rel(pool.quoteBuy(5000), (x * g * 5000) / (y + g * 5000))).toBeLessThan(1e-12);
    const out = pool.sell(3);
    // The fee leaves the curve (v3 pays it to LPs): the new mid is (y − out)/(x + γ·3).
    expect(rel(pool.mid(), (y - out) / (x + g * 3))).toBeLessThan(1e-12);
  });

  it('crosses an initialised tick: the upper range pays down to its edge, the lower range the rest', () => {
    const pool = new UniswapV3Pool({
      id: 'v3',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      feePips: 500,
      tickSpacing: 10,
    });
    const [a, b, c] = [75_000, 75_900, 77_000];
    pool.mint(a, b, 2e5);
    pool.mint(b, c, 1e5);
    const g = 1 - 500 / 1e6;
    const s = Math.sqrt(2000);
    const sb = sqrtAt(b);
    // To reach √b the upper range takes L₂(1/√b − 1/√P) base net of fee and pays L₂(√P − √b).
    const toEdge = (1e5 * (1 / sb - 1 / s)) / g;
    const upperOut = 1e5 * (s - sb);
    const r = 2 * toEdge;
    const rest = (r - toEdge) * g;
    // Then the lower range (L₁ = 2e5) trades as a constant product from √b: out = L₁·√b·a·√b/(L₁ + a·√b).
    const lowerOut = (2e5 * sb * rest * sb) / (2e5 + rest * sb);
    expect(rel(pool.quoteSell(r), upperOut + lowerOut)).toBeLessThan(1e-10);
    pool.sell(r);
    expect(pool.currentTick()).toBeLessThan(b);
    expect(pool.activeLiquidity()).toBe(2e5);
  });

  it('depth per 1%: L(1/√(0.99P) − 1/√P)/(1 − fee) base, at the mid, inside one range', () => {
    const pool = onePosition();
    const base = (1e5 * (1 / Math.sqrt(0.99 * 2000) - 1 / Math.sqrt(2000))) / (1 - 0.003);
    expect(rel(pool.depthUsdPer1Pct(), base * 2000)).toBeLessThan(1e-12);
    // Selling that much lowers the mid by 1%.
    pool.sell(base);
    expect(rel(pool.mid(), 0.99 * 2000)).toBeLessThan(1e-12);
  });

  it('beyond the last liquidity pays what the positions hold and records the rest as unfilled', () => {
    const pool = onePosition();
    const s = Math.sqrt(2000);
    const sa = sqrtAt(73_980);
    const held = 1e5 * (s - sa); // all the quote between the lower tick and the price
    const needed = (1e5 * (1 / sa - 1 / s)) / (1 - 0.003);
    expect(rel(pool.sell(needed + 50), held)).toBeLessThan(1e-10);
    expect(rel(pool.unfilled.base, 50)).toBeLessThan(1e-8);
    expect(pool.activeLiquidity()).toBe(0);
    expect(pool.quoteSell(1)).toBe(0);
  });

  it('mint and burn: amounts at the price, value round trip, liquidity restored', () => {
    const pool = onePosition();
    const L = pool.liquidityForUsd(75_000, 76_980, 1e6);
    expect(rel(pool.valueUsd(75_000, 76_980, L), 1e6)).toBeLessThan(1e-12);
    const paid = pool.mint(75_000, 76_980, L);
    expect(pool.activeLiquidity()).toBeCloseTo(1e5 + L, 6);
    const back = pool.burn(75_000, 76_980, L);
    expect(back).toEqual(paid);
    expect(pool.activeLiquidity()).toBeCloseTo(1e5, 6);
    // A position above the price holds only base, below only quote.
    expect(pool.amountsFor(77_000, 78_000, 1).quote).toBe(0);
    expect(pool.amountsFor(70_000, 71_000, 1).base).toBe(0);
  });

  it('rejects ticks off the spacing grid or out of order', () => {
    const pool = onePosition();
    expect(() => pool.mint(75_001, 76_000, 1)).toThrow(/multiples of 60/);
    expect(() => pool.mint(76_020, 75_000, 1)).toThrow(/lower < upper/);
  });
});

describe('UniswapV3Pool: venue contract', () => {
  const pool = () => {
    const p = new UniswapV3Pool({ id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 500, tickSpacing: 10 });
    for (const [lo, hi, L] of [
      [60_000, 90_000, 2e4],
      [74_000, 78_000, 1e5],
      [75_500, 76_500, 3e5],
    ])
      p.mint(lo, hi, L);
    return p;
  };

  it('quotes equal executions, quotes never move the pool, a fork is independent', () => {
    const p = pool();
    const q = p.quoteSell(40);
    const mid = p.mid();
    const copy = p.fork();
    expect(copy.sell(40)).toBe(q);
    expect(p.mid()).toBe(mid);
    expect(p.sell(40)).toBe(q);
    expect(p.mid()).toBe(copy.mid());
  });

  it('sale output is concave and below the marginal rate (the Venue promise)', () => {
    const p = pool();
    const sigma = p.marginalSellRate();
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 500, noNaN: true }),
        fc.double({ min: 1e-6, max: 500, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(p.quoteSell(hi)).toBeLessThanOrEqual(sigma * hi * (1 + 1e-12));
          // Concave with f(0) = 0: the average rate falls with size.
          expect(p.quoteSell(hi) / hi).toBeLessThanOrEqual((p.quoteSell(lo) / lo) * (1 + 1e-12));
        },
      ),
    );
    expect(p.quoteBuy(1e5)).toBeLessThanOrEqual(p.marginalBuyRate() * 1e5);
  });

  it('a round trip loses the fee twice and leaves the price where it was', () => {
    const p = pool();
    const usdc = p.sell(10);
    const mid = p.mid();
    const back = p.quoteBuy(usdc);
    expect(back).toBeLessThan(10);
    expect(back).toBeGreaterThan(10 * (1 - 0.0005) ** 2 * (1 - 1e-9));
    expect(mid).toBeLessThan(2000);
    expect(p.fees.base).toBeCloseTo(10 * 0.0005, 12);
  });
});

describe('UniswapV3Pool: tick accumulator (Oracle.sol)', () => {
  it('writes the tick that held since the last write at the block’s first action; observe extends and interpolates', () => {
    const p = new UniswapV3Pool({
      id: 'v3',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      feePips: 500,
      tickSpacing: 10,
      observationCardinality: 10,
    });
    p.mint(70_000, 80_000, 1e5);
    const t0 = p.currentTick();
    p.onBlock(12, 12);
    p.sell(100);
    const t1 = p.currentTick();
    expect(t1).toBeLessThan(t0);
    // Observation at 12 holds 12·t0; after it the current tick t1 extends the cumulative.
    expect(p.tickCumulativeAt(0, 36)).toBe(12 * t0 + 24 * t1);
    expect(p.tickCumulativeAt(24, 36)).toBe(12 * t0);
    expect(p.tickCumulativeAt(30, 36)).toBe(6 * t0); // interpolated between t = 0 and t = 12
    expect(() => p.tickCumulativeAt(37, 36)).toThrow(/OLD/);
  });

  it('keeps only `cardinality` observations', () => {
    const p = new UniswapV3Pool({
      id: 'v',
      base: 'B',
      quote: 'Q',
      price: 1,
      feePips: 500,
      tickSpacing: 10,
      observationCardinality: 3,
    });
    p.mint(-1000, 1000, 1e6);
    for (let b = 1; b <= 5; b++) {
      p.onBlock(12 * b, 12);
      p.sell(1);
    }
    // Writes at 0, 12, 24, 36, 48, 60 with 3 slots: the oldest kept is 36.
    expect(p.oldestObservationSeconds()).toBe(36);
  });
});

describe('UniswapV3Pool with routing, best sale and exact purchases', () => {
  const v3 = () => {
    const p = new UniswapV3Pool({ id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 500, tickSpacing: 10 });
    p.mint(70_000, 82_000, 5e4);
    p.mint(75_500, 76_500, 2e5);
    return p;
  };
  const v2 = () =>
    ConstantProductPool.fromLiquidity({
      id: 'v2',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 4e6,
      feeBps: 30,
    });

  it('a routed sale pays at least the best single venue and executes exactly its quote', () => {
    const [a, b] = [v3(), v2()];
    const amount = 300;
    const best = Math.max(a.quoteSell(amount), b.quoteSell(amount));
    const route = routeSale([a, b], amount);
    expect(route.proceeds).toBeGreaterThanOrEqual(best);
    expect(route.routes.length).toBe(2); // both pools take part of a sale this size
    expect(sellRouted([a, b], amount)).toBe(route.proceeds);
  });

  it('best-sale venue is the deeper v3 pool for a large sale', () => {
    const [a, b] = [v3(), v2()];
    expect(bestSaleVenue([b, a], 100).venue).toBe(a);
  });

  it('quoteForExactBase finds the least quote that buys the units (bisection on quoteBuy)', () => {
    const p = v3();
    const q = quoteForExactBase(p, 25);
    expect(p.quoteBuy(q)).toBeGreaterThanOrEqual(25);
    expect(p.quoteBuy(q * (1 - 1e-9))).toBeLessThan(25);
  });
});
