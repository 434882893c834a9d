import { describe, expect, it } from 'vitest';
import { RoutedVenue } from './routed-venue.js';
import { ConstantProductPool } from './cpamm.js';
import { OffchainMarket } from './offchain.js';

const pool = () =>
  ConstantProductPool.fromLiquidity({
    id: 'pool',
    base: 'ETH',
    quote: 'USDC',
    price: 2000,
    liquidityUsd: 4e6,
    feeBps: 30,
  });
const market = () =>
  new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: 2000,
    depthUsdPer1Pct: 1e6,
    impact: 'linear',
    resilienceHalfLifeSeconds: 600,
    feeBps: 0,
  });

describe('RoutedVenue', () => {
  it('a routed sale pays at least what either venue alone would, and executes exactly its quote', () => {
    for (const amount of [0.5, 50, 500, 3000]) {
      const routed = new RoutedVenue('r', [pool(), market()]);
      const best = Math.max(pool().quoteSell(amount), market().quoteSell(amount));
      const quoted = routed.quoteSell(amount);
      expect(quoted).toBeGreaterThanOrEqual(best);
      expect(routed.sell(amount)).toBe(quoted);
    }
  });

  it('a routed purchase gets at least the base either venue alone would give', () => {
    const routed = new RoutedVenue('r', [pool(), market()]);
    const best = Math.max(pool().quoteBuy(1e6), market().quoteBuy(1e6));
    expect(routed.quoteBuy(1e6)).toBeGreaterThanOrEqual(best);
  });

  it('its depth is the sum of the venues’ depths, its mid the highest mid', () => {
    const p = pool();
    const m = market();
    const routed = new RoutedVenue('r', [p, m]);
    expect(routed.depthUsdPer1Pct()).toBeCloseTo(p.depthUsdPer1Pct() + m.depthUsdPer1Pct(), 6);
    p.sell(100);
    expect(routed.mid()).toBe(m.mid());
  });
});
