import { describe, expect, it } from 'vitest';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { ShockedDepth, absorbedUnits, type DepthVenue } from './depth.js';

const LN99 = Math.log(0.99);
const cex = (depthUsd: number, impact: 'linear' | 'sqrt' = 'linear'): DepthVenue => ({
  kind: 'offchain',
  impact,
  depthUsd,
  fundamental: 2000,
});

describe('one depth for all venues of a collateral', () => {
  it('a linear off-chain market: p = F(1 − s)·0.99^(U·F(1 − s)/D)', () => {
    const depth = new ShockedDepth([cex(1e6)], 0.1);
    expect(depth.initialPrice).toBeCloseTo(1800, 10);
    // 1,000 ETH at 1,800 is 1.8M USD: 1.8 D, so 0.99^1.8.
    expect(depth.priceAfter(1000)).toBeCloseTo(1800 * Math.pow(0.99, 1.8), 10);
  });

  it('several linear markets add their depths', () => {
    const depth = new ShockedDepth([cex(1e6), cex(3e6)], 0);
    expect(depth.priceAfter(4000)).toBeCloseTo(2000 * Math.pow(0.99, (4000 * 2000) / 4e6), 10);
  });

  it('agrees with the simulator’s own off-chain market after the same sale', () => {
    for (const impact of ['linear', 'sqrt'] as const) {
      const market = new OffchainMarket({
        id: 'cex',
        base: 'ETH',
        quote: 'USD',
        fundamental: 1900,
        depthUsdPer1Pct: 2e6,
        impact,
        resilienceHalfLifeSeconds: 0,
      });
      market.sell(3000);
      const depth = new ShockedDepth([{ kind: 'offchain', impact, depthUsd: 2e6, fundamental: 2000 }], 0.05);
      expect(depth.priceAfter(3000)).toBeCloseTo(market.mid(), 9);
    }
  });

  it('a square-root market: p = F·0.99^√(U·F/D), by bisection', () => {
    const depth = new ShockedDepth([cex(1e6, 'sqrt')], 0);
    // 2,000 ETH at 2,000 = 4M = 4D: √4 = 2, so 0.99².
    expect(depth.priceAfter(2000)).toBeCloseTo(2000 * 0.99 * 0.99, 9);
  });

  it('a constant-product pool alone: base reserve B0 + U, so p = mid·(B0/(B0 + U))²', () => {
    const depth = new ShockedDepth([{ kind: 'cpamm', reserveBase: 1000, mid: 2000 }], 0.3);
    expect(depth.initialPrice).toBeCloseTo(2000, 9); // the shock moves the off-chain fundamental only
    expect(depth.priceAfter(250)).toBeCloseTo(2000 * (1000 / 1250) ** 2, 9);
    // The simulator's pool (no fee here) ends at the same mid.
    const pool = ConstantProductPool.fromLiquidity({
      id: 'p',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 4e6,
      feeBps: 0,
    });
    pool.sell(250);
    expect(pool.mid()).toBeCloseTo(2000 * (1000 / 1250) ** 2, 6);
  });

  it('a pool and a market: the common price makes the units each absorbs add up to the sale', () => {
    const venues: DepthVenue[] = [cex(1e6), { kind: 'cpamm', reserveBase: 1000, mid: 2000 }];
    const depth = new ShockedDepth(venues, 0.1);
    // Units the pool holds beyond B0 at p: B0(√(2000/p) − 1); units the market has absorbed: D·ln(1800/p)/(−ln
    // 0.99)/1800.
    const inPool = (p: number) => 1000 * (Math.sqrt(2000 / p) - 1);
    const inMarket = (p: number) => (1e6 * Math.log(p / 1800)) / (LN99 * 1800);
    // After the shock alone, arbitrage moves base from the pool into the market: the two add up to nothing.
    const p0 = depth.initialPrice;
    expect(p0).toBeGreaterThan(1800);
    expect(p0).toBeLessThan(2000);
    expect(inPool(p0) + inMarket(p0)).toBeCloseTo(0, 8);
    const p = depth.priceAfter(500);
    expect(inPool(p) + inMarket(p)).toBeCloseTo(500, 8);
  });

  it('absorbedUnits is negative above a venue’s rest price (it has given units out)', () => {
    expect(absorbedUnits(cex(1e6), 2100, 0)).toBeLessThan(0);
    expect(absorbedUnits({ kind: 'cpamm', reserveBase: 1000, mid: 2000 }, 2000 / 1.21, 0)).toBeCloseTo(100, 9);
  });

  it('rejects a negative sale', () => {
    expect(() => new ShockedDepth([cex(1e6)], 0).priceAfter(-1)).toThrow(/≥ 0/);
  });
});
