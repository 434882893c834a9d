import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConstantProductPool } from './cpamm.js';
import { OffchainMarket } from './offchain.js';
import type { ImpactMode } from './offchain-math.js';
import type { Venue } from './venue.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Sells depthUsdPer1Pct() worth of base (converted at the current mid) and returns mid after / mid before. */
function midRatioAfterSellingDepth(venue: Venue): number {
  const before = venue.mid();
  venue.sell(venue.depthUsdPer1Pct() / before);
  return venue.mid() / before;
}

describe('depthUsdPer1Pct', () => {
  it('constant-product pool: selling it moves the mid down 1%, fee included (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (reserveBase, price, feeBps) => {
          const pool = new ConstantProductPool({
            id: 'p',
            base: 'ETH',
            quote: 'USDC',
            reserveBase,
            reserveQuote: reserveBase * price,
            feeBps,
          });
          expect(relErr(midRatioAfterSellingDepth(pool), 0.99)).toBeLessThan(1e-13);
        },
      ),
    );
  });

  it('constant-product pool without a fee: 1/√0.99 − 1 of the quote reserve', () => {
    const pool = ConstantProductPool.fromLiquidity({
      id: 'p',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 20e6,
      feeBps: 0,
    });
    expect(relErr(pool.depthUsdPer1Pct(), 10e6 * (1 / Math.sqrt(0.99) - 1))).toBeLessThan(1e-14);
  });

  for (const impact of ['linear', 'sqrt', 'bounded'] as ImpactMode[]) {
    it(`off-chain market (${impact}): D at rest, and exactly 1% from any state`, () => {
      const make = () =>
        new OffchainMarket({
          id: 'cex',
          base: 'ETH',
          quote: 'USD',
          fundamental: 2000,
          depthUsdPer1Pct: 5e6,
          impact,
          resilienceHalfLifeSeconds: 60,
        });
      expect(make().depthUsdPer1Pct()).toBe(5e6);
      fc.assert(
        fc.property(fc.double({ min: -1e8, max: 1e8, noNaN: true }), (netSoldUsd) => {
          const market = make();
          if (netSoldUsd > 0) market.sell(netSoldUsd / 2000);
          else market.buy(-netSoldUsd);
          expect(relErr(midRatioAfterSellingDepth(market), 0.99)).toBeLessThan(1e-12);
        }),
      );
    });
  }
});
