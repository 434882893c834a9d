import { attribution } from '../../src/attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { perpSchema } from '../../src/scenario/schema-perp.js';
import { PerpMarket } from '../../src/protocol/perp/perp-market.js';
import { PerpProtocol } from '../../src/protocol/perp/perp-protocol.js';
import { isolatedLiquidationPrice } from '../../src/protocol/perp/liquidation-price.js';
import { ConstantProductPool } from '../../src/market/venues/cpamm.js';
import type { Oracle } from '../../src/oracle/oracle.js';

/**
 * The engine's test (equity < maintenance at the mark) and the closed-form isolated liquidation price agree: an
 * isolated position is under maintenance just past its liquidation price and not just before it, with Binance-style
 * brackets (0.5% up to 50,000 USD, 1% up to 250,000, 2.5% beyond).
 */
describe('isolated liquidation price: engine versus formula', () => {
  const brackets = [
    { notionalCapUsd: 50_000, maintenanceMarginRate: 0.005 },
    { notionalCapUsd: 250_000, maintenanceMarginRate: 0.01 },
    { notionalCapUsd: 1e300, maintenanceMarginRate: 0.025 },
  ];
  const spec = perpSchema.parse({
    type: 'perp',
    id: 'dex',
    quote: 'USDC',
    marginMode: 'isolated',
    markets: [
      {
        id: 'BTC-PERP',
        asset: 'BTC',
        indexOracle: 'i',
        markOracle: 'm',
        venue: 'v',
        maintenance: { type: 'tiers', brackets },
      },
    ],
    traders: { count: 1, notionalUsd: { median: 1 }, leverage: { min: 1, max: 2 } },
  });
  const oracle = { price: 60_000 } as { price: number };
  const venue = ConstantProductPool.fromLiquidity({
    id: 'v',
    base: 'BTC',
    quote: 'USDC',
    price: 60_000,
    liquidityUsd: 1e9,
    feeBps: 0,
  });

  for (const [side, size, entry, margin] of [
    [1, 2, 60_000, 12_000],
    [-1, 2, 60_000, 12_000],
    [1, 10, 58_000, 40_000],
    [-1, 0.5, 61_000, 2_000],
  ] as const) {
    it(`${side > 0 ? 'long' : 'short'} ${size} BTC at ${entry} with ${margin} USD margin`, () => {
      const market = new PerpMarket(spec.markets[0], 0, oracle as Oracle, oracle as Oracle, venue, attribution);
      const perp = new PerpProtocol(spec, [market], attribution);
      perp.book.trade(0, perp.maker, 0, side * size, entry);
      perp.book.collateral[0] = margin;
      const price = isolatedLiquidationPrice(side, size, entry, margin, brackets) as number;
      expect(price).toBeGreaterThan(0);
      const underAt = (mark: number) => {
        market.mark = mark;
        return perp.equity(0) < perp.maintenance(0);
      };
      // One part in a million on the safe side: not under maintenance; on the losing side: under it.
      expect(underAt(price * (1 + side * 1e-6))).toBe(false);
      expect(underAt(price * (1 - side * 1e-6))).toBe(true);
    });
  }
});
