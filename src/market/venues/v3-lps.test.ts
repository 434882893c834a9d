import { describe, expect, it } from 'vitest';
import { UniswapV3Pool } from './uniswap-v3.js';
import { generatedPositions, ticksOf, V3LiquidityProviders } from './v3-lps.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const newPool = () =>
  new UniswapV3Pool({ id: 'v3', base: 'ETH', quote: 'USDC', price: 2000, feePips: 500, tickSpacing: 10 });

describe('generatedPositions', () => {
  it('spaces half widths and thresholds geometrically, narrowest first, equal USD each', () => {
    const ps = generatedPositions({
      usd: 9e6,
      count: 3,
      minHalfWidth: 0.01,
      maxHalfWidth: 0.25,
      price: 2000,
      move: { min: 0.02, max: 0.18 },
    });
    // w = 0.01, 0.01·√25 = 0.05, 0.25; thresholds 0.02, 0.06, 0.18.
    const widths = ps.map((p) => (p.range as { upperPrice: number }).upperPrice / 2000 - 1);
    expect(widths.map((w) => Number(w.toFixed(12)))).toEqual([0.01, 0.05, 0.25]);
    expect(ps.map((p) => Number(p.withdraw?.move?.toFixed(12)))).toEqual([0.02, 0.06, 0.18]);
    expect(ps.every((p) => p.usd === 3e6)).toBe(true);
    expect((ps[0].range as { lowerPrice: number }).lowerPrice).toBeCloseTo(2000 / 1.01, 9);
  });
});

describe('ticksOf', () => {
  it('rounds prices outward to the grid; full range is the widest grid range', () => {
    // ln(1800)/ln(1.0001) = 74959.6 → 74950; ln(2200)/ln(1.0001) = 76965.9 → 76970.
    expect(ticksOf({ lowerPrice: 1800, upperPrice: 2200 }, 10)).toEqual([74_950, 76_970]);
    expect(ticksOf('full', 60)).toEqual([-887_220, 887_220]);
    expect(ticksOf({ lowerTick: -60, upperTick: 60 }, 60)).toEqual([-60, 60]);
  });
});

describe('V3LiquidityProviders', () => {
  it('mints each position worth its USD at the start price', () => {
    const pool = newPool();
    const lps = new V3LiquidityProviders(
      pool,
      [
        { range: { lowerPrice: 1900, upperPrice: 2100 }, usd: 1e6 },
        { range: 'full', usd: 2e6 },
      ],
      { volatilityWindowSeconds: 600 },
    );
    expect(rel(lps.providedUsd(pool), 3e6)).toBeLessThan(1e-12);
    expect(lps.withdrawnUsd(pool)).toBe(0);
  });

  it('withdraws a position when the price has moved past its threshold, and returns it after calm', () => {
    const pool = newPool();
    const lps = new V3LiquidityProviders(
      pool,
      [
        { range: { lowerPrice: 1800, upperPrice: 2200 }, usd: 5e6, withdraw: { move: 0.05 } },
        { range: 'full', usd: 5e6 },
      ],
      { volatilityWindowSeconds: 600, returnAfterCalmSeconds: 120 },
    );
    const before = pool.activeLiquidity();
    pool.onBlock(12, 12);
    expect(lps.withdrawals).toBe(0);
    // Sell until the mid is 6% down (beyond the 5% threshold), then the next block's check burns the range.
    while (pool.mid() > 0.94 * 2000) pool.sell(20);
    const activeBefore = pool.activeLiquidity();
    pool.onBlock(24, 12);
    expect(lps.withdrawals).toBe(1);
    expect(pool.activeLiquidity()).toBeLessThan(activeBefore);
    expect(pool.activeLiquidity()).toBeLessThan(before);
    // What it took out, valued at the mid: the amounts of a position of the same L over the same range now.
    const [lo, hi] = ticksOf({ lowerPrice: 1800, upperPrice: 2200 }, 10);
    const L = activeBefore - pool.activeLiquidity();
    expect(rel(lps.withdrawnUsd(pool), pool.valueUsd(lo, hi, L))).toBeLessThan(1e-9);
    expect(lps.counts()).toEqual({ positions: 2, active: 1 });
    // No volatility rule and no new stress: 120 s after the withdrawal it returns around the current mid.
    pool.onBlock(132, 12);
    expect(lps.returns).toBe(0);
    pool.onBlock(144, 12);
    expect(lps.returns).toBe(1);
    expect(lps.withdrawnUsd(pool)).toBe(0);
    expect(lps.counts().active).toBe(2);
  });

  it('withdraws on realised volatility above the threshold', () => {
    const pool = newPool();
    const lps = new V3LiquidityProviders(
      pool,
      [
        { range: { lowerPrice: 1500, upperPrice: 2500 }, usd: 5e6, withdraw: { volatilityAnnual: 2 } },
        { range: 'full', usd: 5e6 },
      ],
      { volatilityWindowSeconds: 600 },
    );
    // A 1% move in one 12 s block: annualised √(0.01²·(365.25·86400/12)) ≈ 16 ≫ 2.
    pool.onBlock(12, 12);
    while (pool.mid() > 0.99 * 2000) pool.sell(5);
    pool.onBlock(24, 12);
    expect(lps.withdrawals).toBe(1);
  });
});
