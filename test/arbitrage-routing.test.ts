import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { OffchainMarket } from '../src/market/venues/offchain.js';
import { ConstantProductPool } from '../src/market/venues/cpamm.js';
import { RoutedVenue } from '../src/market/venues/routed-venue.js';
import { bestArbitrage } from '../src/agents/arbitrage-math.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';

/** A broad market at `cexPrice` and two pools at 2000 of the given sizes (USD), 30 bps. */
function venues(cexPrice: number, poolA: number, poolB: number) {
  const cex = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: cexPrice,
    depthUsdPer1Pct: 2e6,
    impact: 'linear',
    resilienceHalfLifeSeconds: 600,
  });
  const pool = (id: string, liquidityUsd: number) =>
    ConstantProductPool.fromLiquidity({ id, base: 'ETH', quote: 'USDC', price: 2000, liquidityUsd, feeBps: 30 });
  return { cex, a: pool('a', poolA), b: pool('b', poolB) };
}

describe('an arbitrageur that splits its leg across venues', () => {
  it('earns at least what the better single pool would pay on the same round trip', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1850, max: 1985, noNaN: true }),
        fc.double({ min: 1e6, max: 5e7, noNaN: true }),
        fc.double({ min: 1e6, max: 5e7, noNaN: true }),
        (price, sizeA, sizeB) => {
          const single = (which: 'a' | 'b') => {
            const v = venues(price, sizeA, sizeB);
            return bestArbitrage(v.cex, v[which], 2e7).profit;
          };
          const v = venues(price, sizeA, sizeB);
          const split = bestArbitrage(v.cex, new RoutedVenue('routed', [v.a, v.b]), 2e7).profit;
          // Every split of a sale pays at least the better venue alone (routing), so the best round trip does too,
          // up to the search's tolerance.
          expect(split).toBeGreaterThanOrEqual(Math.max(single('a'), single('b')) * (1 - 1e-6));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("bounds the routed venue's quotes by its best venue's marginal rates (the arbitrageur's cheap exit relies on it)", () => {
    const v = venues(1900, 4e6, 2e7);
    const routed = new RoutedVenue('routed', [v.cex, v.a, v.b]);
    for (const units of [0.1, 10, 1000, 20000])
      expect(routed.quoteSell(units)).toBeLessThanOrEqual(routed.marginalSellRate() * units * (1 + 1e-9));
    for (const usd of [100, 1e5, 1e7])
      expect(routed.quoteBuy(usd)).toBeLessThanOrEqual(routed.marginalBuyRate() * usd * (1 + 1e-9));
  });

  it('runs on the default shock with a second pool, conserving value, and trades', () => {
    const pool2 = { type: 'cpamm', id: 'pool2', base: 'ETH', quote: 'USDC', liquidityUsd: 6e6, feeBps: 5 };
    const run = (routing: string) =>
      runScenario(
        loadScenario(path.resolve('scenarios/thin-pool-shock.yaml'), [
          `venues.2=${JSON.stringify(pool2)}`,
          `arbitrageurs.0.routing=${routing}`,
        ]).scenario,
        { checkInvariants: true },
      );
    const split = run('split');
    const pairs = run('pairs');
    expect(split.metrics.arbitrageTrades).toBeGreaterThan(0);
    // Three venues: 'pairs' trades three pairs, 'split' three venue-against-the-rest round trips; the runs differ.
    expect(JSON.stringify(split.metrics)).not.toBe(JSON.stringify(pairs.metrics));
  });
});
