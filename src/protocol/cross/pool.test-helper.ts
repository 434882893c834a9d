import { attribution } from '../../attribution/cascade-generations.js';
// A cross-asset pool on the fixture reserves, priced by real oracles on real off-chain markets (tests only).
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { PushOracle } from '../../oracle/push-oracle.js';
import { CrossLendingProtocol } from './cross-protocol.js';
import type { CrossVariant } from './cross-liquidation.js';
import { bookOf, type Position } from './fixtures.test-helper.js';

/** An account of the fixture reserves: WETH and WBTC collateral, USDC and DAI debt (units). */
export const position = (weth: number, wbtc: number, usdc: number, dai: number): Position => ({
  collateral: [weth, wbtc, 0, 0],
  debt: [0, 0, usdc, dai],
});

/** A pool on the fixture reserves whose WETH and WBTC prices come from oracles reading one off-chain market each. */
export function pool(positions: Position[], variant: CrossVariant = 'v3', fundUsd = 0, depthUsdPer1Pct = 1e6) {
  const market = (base: string, price: number) =>
    new OffchainMarket({
      id: base,
      base,
      quote: 'USD',
      fundamental: price,
      depthUsdPer1Pct,
      impact: 'linear',
      resilienceHalfLifeSeconds: 1e9,
    });
  const markets = { weth: market('WETH', 2000), wbtc: market('WBTC', 30_000) };
  const oracle = (asset: string, venue: OffchainMarket) =>
    new PushOracle({ id: asset, asset, deviation: 0, heartbeatSeconds: 1e9, delayBlocks: 0 }, [venue]);
  const oracles = { weth: oracle('WETH', markets.weth), wbtc: oracle('WBTC', markets.wbtc) };
  oracles.weth.start(2000);
  oracles.wbtc.start(30_000);
  const sales = [
    new GenerationSales(1e9),
    new GenerationSales(1e9),
    new GenerationSales(1e9),
    new GenerationSales(1e9),
  ];
  const protocol = new CrossLendingProtocol(
    { id: 'pool', variant, symbols: ['WETH', 'WBTC', 'USDC', 'DAI'] },
    {
      attribution,
      book: bookOf(positions),
      oracles: [oracles.weth, oracles.wbtc, undefined, undefined],
      sales,
      fund: new InsuranceFund(fundUsd),
    },
  );
  protocol.start();
  /** Block `block`: markets at these fundamentals, oracles publish, the pool refreshes. */
  const step = (block: number, weth: number, wbtc = 30_000) => {
    markets.weth.advance(weth, 12);
    markets.wbtc.advance(wbtc, 12);
    oracles.weth.onBlock(block, block * 12, weth);
    oracles.wbtc.onBlock(block, block * 12, wbtc);
    protocol.refresh(block, block * 12);
  };
  return { protocol, markets, sales, step };
}
