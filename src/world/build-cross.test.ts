import { describe, expect, it } from 'vitest';
import { crossKeeperMarket } from './build-cross.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import type { Venue } from '../market/venues/venue.js';
import type { CrossLendingProtocol } from '../protocol/cross/cross-protocol.js';
import type { AssetState } from './world.js';

describe('what keepers see of a cross-asset pool', () => {
  it('buys a debt asset on its on-chain pools when it has any, else on every venue of it', () => {
    const crvCex = { id: 'crv-cex', base: 'CRV' } as unknown as Venue;
    const crvPool = new ConstantProductPool({
      id: 'crv-pool',
      base: 'CRV',
      quote: 'USDC',
      reserveBase: 1000,
      reserveQuote: 500,
      feeBps: 30,
    });
    const usdcMarket = { id: 'usdc', base: 'USDC' } as unknown as Venue;
    const protocol = { settings: { symbols: ['USDC', 'CRV'] } } as unknown as CrossLendingProtocol;
    const assets = [
      { symbol: 'USDC', sales: 'usdc-sales' },
      { symbol: 'CRV', sales: 'crv-sales' },
    ] as unknown as AssetState[];
    const market = crossKeeperMarket(protocol, [crvCex, crvPool, usdcMarket], assets);
    expect(market.venues).toEqual([[usdcMarket], [crvCex, crvPool]]);
    expect(market.debtVenues).toEqual([[usdcMarket], [crvPool]]);
  });
});
