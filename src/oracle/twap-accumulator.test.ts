// A TWAP oracle over a Uniswap v3 pool reads the pool's own tick accumulator (observe), not a sampled price.
import { describe, expect, it } from 'vitest';
import { TwapOracle } from './twap.js';
import { UniswapV3Pool } from '../market/venues/uniswap-v3.js';

const BLOCK = 12;

describe('TwapOracle over a uniswap-v3 pool accumulator', () => {
  it('publishes 1.0001^(Σ tick·Δt / window) with the ticks the pool held, written by its own swaps', () => {
    const pool = new UniswapV3Pool({
      id: 'v3',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      feePips: 500,
      tickSpacing: 10,
      observationCardinality: 50,
    });
    pool.mint(60_000, 90_000, 1e5);
    const twap = new TwapOracle({ id: 't', asset: 'ETH', windowSeconds: 120, cardinality: 11 }, pool, pool);
    twap.start(2000, 0);
    const held: number[] = []; // the tick during each block interval (t − 12, t]
    for (let b = 1; b <= 15; b++) {
      const t = b * BLOCK;
      held.push(pool.currentTick());
      twap.onBlock(b, t, 2000); // block start: reads observe([120, 0]) at t
      pool.onBlock(t, BLOCK);
      if (b % 3 === 0) pool.sell(30); // a trade every third block moves the tick
    }
    // At the last onBlock (t = 180) the window (60, 180] spans the intervals of blocks 6..15.
    const mean = held.slice(5, 15).reduce((s, tick) => s + tick * BLOCK, 0) / 120;
    expect(twap.lastReading?.meanTick).toBeCloseTo(mean, 9);
    expect(twap.price).toBeCloseTo(1.0001 ** mean, 6);
    expect(twap.lastReading?.full).toBe(true);
  });

  it('averages a shorter window when the pool keeps too few observations', () => {
    const pool = new UniswapV3Pool({
      id: 'v3',
      base: 'B',
      quote: 'Q',
      price: 1,
      feePips: 500,
      tickSpacing: 10,
      observationCardinality: 2,
    });
    pool.mint(-10_000, 10_000, 1e6);
    const twap = new TwapOracle({ id: 't', asset: 'B', windowSeconds: 120, cardinality: 11 }, pool, pool);
    twap.start(1, 0);
    for (let b = 1; b <= 10; b++) {
      twap.onBlock(b, b * BLOCK, 1);
      pool.onBlock(b * BLOCK, BLOCK);
      pool.sell(1);
    }
    twap.onBlock(11, 132, 1);
    // Two slots: writes at 108 and 120 kept; the window shrinks to 132 − 108 = 24 s.
    expect(twap.lastReading?.windowSeconds).toBe(24);
    expect(twap.lastReading?.full).toBe(false);
  });
});
