import { attribution } from '../../src/attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { perpSchema } from '../../src/scenario/schema-perp.js';
import { PerpMarket } from '../../src/protocol/perp/perp-market.js';
import { PerpProtocol } from '../../src/protocol/perp/perp-protocol.js';
import { PerpLiquidator } from '../../src/protocol/perp/perp-liquidator.js';
import { ConstantProductPool } from '../../src/market/venues/cpamm.js';
import type { Oracle } from '../../src/oracle/oracle.js';

/**
 * A hand-built book in one market at mark 2,000 (flat 3% maintenance, full liquidation, empty insurance fund):
 * - account 0: long 10 @ 2,100 with 1,500 collateral → equity 1,500 + 10·(2,000 − 2,100) = 500 < 600 = 3% of 20,000;
 *   its bankruptcy price is 2,000 − 500/10 = 1,950;
 * - account 1: short 4 @ 3,000, collateral 1,000 → PnL 4·1,000 = 4,000, equity 5,000, notional 8,000, leverage 1.6,
 *   PnL% = 4,000/12,000 = 1/3 → PnL%·leverage = 0.5333, PnL·leverage = 6,400;
 * - account 2: short 8 @ 2,100, collateral 1,000 → PnL 800, equity 1,800, notional 16,000, leverage 8.889,
 *   PnL% = 800/16,800 = 0.04762 → PnL%·leverage = 0.4233, PnL·leverage = 7,111;
 * - account 3: short 5 @ 1,900 → PnL −500: not eligible.
 * The venue's price (1,000) is far below the bankruptcy price and the fund is empty, so nothing fills on the venue:
 * all 10 units are deleveraged at 1,950.
 */
function world(ranking: 'pnl-pct-leverage' | 'pnl-times-leverage') {
  const spec = perpSchema.parse({
    type: 'perp',
    id: 'dex',
    quote: 'USDC',
    marginMode: 'cross',
    markets: [
      { id: 'ETH-PERP', asset: 'ETH', indexOracle: 'i', markOracle: 'm', venue: 'v', maintenanceMarginFraction: 0.03 },
    ],
    liquidation: { mode: 'full' },
    insuranceFundUsd: 0,
    lossMode: 'adl',
    adlRanking: ranking,
    traders: { count: 4, notionalUsd: { median: 1 }, leverage: { min: 1, max: 2 } },
  });
  const oracle = { price: 2000 } as Oracle;
  const venue = ConstantProductPool.fromLiquidity({
    id: 'v',
    base: 'ETH',
    quote: 'USDC',
    price: 1000,
    liquidityUsd: 1e6,
    feeBps: 0,
  });
  const market = new PerpMarket(spec.markets[0], 0, oracle, oracle, venue, attribution);
  market.readPrices();
  const perp = new PerpProtocol(spec, [market], attribution);
  const open = (account: number, size: number, entry: number, collateral: number) => {
    perp.book.trade(account, perp.maker, 0, size, entry);
    perp.book.collateral[account] = collateral;
  };
  open(0, 10, 2100, 1500);
  open(1, -4, 3000, 1000);
  open(2, -8, 2100, 1000);
  open(3, -5, 1900, 1000);
  return perp;
}

describe('ADL fills on a hand-built book', () => {
  it('PnL% × leverage (BitMEX): account 1 (0.533) before account 2 (0.423); 4 + 6 units at the bankruptcy price 1,950', () => {
    const perp = world('pnl-pct-leverage');
    expect(perp.equity(0)).toBeCloseTo(500, 9);
    new PerpLiquidator(perp).liquidateAccount(0, 500, 600);
    const fills = perp.ledger.adlEvents.map(({ account, counterparty, size, price }) => ({
      account,
      counterparty,
      size,
      price,
    }));
    expect(fills).toEqual([
      { account: 0, counterparty: 1, size: 4, price: 1950 },
      { account: 0, counterparty: 2, size: 6, price: 1950 },
    ]);
    // Both sides closed at 1,950: account 0 is flat with equity 0; account 2 keeps 2 of its 8 short.
    expect(perp.book.size[perp.book.at(0, 0)]).toBe(0);
    expect(perp.equity(0)).toBeCloseTo(0, 9);
    expect(perp.book.size[perp.book.at(1, 0)]).toBe(0);
    expect(perp.book.size[perp.book.at(2, 0)]).toBeCloseTo(-2, 12);
    expect(perp.book.size[perp.book.at(3, 0)]).toBe(-5);
    // Account 1 realised 4·(3,000 − 1,950) = 4,200 on its short: collateral 1,000 + 4,200.
    expect(perp.equity(1)).toBeCloseTo(5200, 9);
    expect(perp.ledger.adlNotionalUsd).toBeCloseTo(10 * 1950, 9);
  });

  it('PnL × leverage: account 2 (7,111) before account 1 (6,400); 8 + 2 units', () => {
    const perp = world('pnl-times-leverage');
    new PerpLiquidator(perp).liquidateAccount(0, 500, 600);
    expect(perp.ledger.adlEvents.map(({ counterparty, size }) => ({ counterparty, size }))).toEqual([
      { counterparty: 2, size: 8 },
      { counterparty: 1, size: 2 },
    ]);
  });
});
