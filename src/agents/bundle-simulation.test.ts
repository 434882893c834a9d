import { describe, expect, it } from 'vitest';
import { BundleSimulation } from './bundle-simulation.js';
import type { Venue } from '../market/venues/venue.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import { StableSwapPool } from '../market/venues/stableswap.js';
import { OrderBook } from '../market/venues/order-book.js';
import { RoutedVenue } from '../market/venues/routed-venue.js';
import { InvariantError } from '../kernel/errors.js';

/** One venue of each kind, each moved once from its initial state so the copy must carry state, not settings. */
function venues(): Record<string, Venue> {
  const pool = new ConstantProductPool({
    id: 'pool',
    base: 'ETH',
    quote: 'USDC',
    reserveBase: 5_000,
    reserveQuote: 10e6,
    feeBps: 30,
  });
  const cex = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: 2000,
    depthUsdPer1Pct: 5e6,
    impact: 'sqrt',
    resilienceHalfLifeSeconds: 60,
    feeBps: 5,
  });
  const curve = new StableSwapPool({
    id: 'curve',
    base: 'stETH',
    quote: 'ETH',
    liquidityUsd: 2e6,
    amplification: 50,
    feeBps: 4,
  });
  const book = new OrderBook({
    id: 'book',
    base: 'ETH',
    quote: 'USD',
    mid: 100,
    depthUsdPer1Pct: 19_700,
    halfSpreadBps: 100,
    levelStepBps: 100,
    levels: 3,
    refillHalfLifeSeconds: 60,
  });
  pool.sell(40);
  cex.sell(300);
  curve.sell(20_000);
  book.sell(50);
  return { pool, cex, curve, book };
}

describe('Venue.fork: a copy to simulate trades on', () => {
  it.each(['pool', 'cex', 'curve', 'book'])(
    '%s: the copy trades as the venue would, and trading it leaves the venue where it was',
    (name) => {
      const venue = venues()[name];
      const amount = name === 'curve' ? 50_000 : name === 'book' ? 120 : 60;
      const copy = venue.fork?.() as Venue;
      const mid = venue.mid();
      expect(copy.mid()).toBe(mid);
      // Two sales in a row on the copy ...
      const first = copy.sell(amount);
      const second = copy.sell(amount);
      expect(venue.mid()).toBe(mid);
      expect(copy.mid()).toBeLessThan(mid);
      // ... fetch exactly what the same two sales fetch on the venue itself.
      expect(venue.sell(amount)).toBe(first);
      expect(venue.sell(amount)).toBe(second);
      // And trading the venue does not move the copy back or forth.
      const copyMid = copy.mid();
      venue.sell(amount);
      expect(copy.mid()).toBe(copyMid);
    },
  );
});

describe('BundleSimulation', () => {
  it('forks each real venue once, so later calls of the plan see earlier calls’ trades', () => {
    const { pool, cex } = venues();
    const bundle = new BundleSimulation(1e6, 5);
    const [a] = bundle.forks([pool, cex]);
    a.sell(100);
    const [again] = bundle.forks([pool]);
    expect(again).toBe(a);
    expect(again.mid()).toBeLessThan(pool.mid());
  });

  it('two routed markets over the same legs share the legs’ forks (a keeper sells both through the same pools)', () => {
    const { pool, cex } = venues();
    const bundle = new BundleSimulation(1e6, 5);
    const [routedA] = bundle.forks([new RoutedVenue('routed:a', [pool, cex])]);
    const [routedB] = bundle.forks([new RoutedVenue('routed:b', [pool, cex])]);
    const before = routedB.quoteSell(100);
    routedA.sell(500);
    expect(routedB.quoteSell(100)).toBeLessThan(before);
    expect(pool.mid()).toBe(venues().pool.mid());
  });

  it('refuses a venue it cannot fork instead of quoting it as if untouched', () => {
    const { pool } = venues();
    const opaque: Venue = {
      id: 'opaque',
      base: 'ETH',
      quote: 'USDC',
      mid: () => pool.mid(),
      quoteSell: (b) => pool.quoteSell(b),
      quoteBuy: (q) => pool.quoteBuy(q),
      sell: (b) => pool.sell(b),
      buy: (q) => pool.buy(q),
      depthUsdPer1Pct: () => pool.depthUsdPer1Pct(),
    };
    expect(() => new BundleSimulation(1e6, 5).forks([opaque])).toThrow(InvariantError);
  });
});
