import type { World } from '../../world/world.js';
import { MakerFlipLiquidation } from '../../protocol/mechanisms/maker-flip.js';
import type { EnglishAuctionReport } from '../result.js';

/** A winning bid below this many USD counts as a zero bid (a lone keeper's one-rad opening bid). */
export const ZERO_BID_USD = 1;

/**
 * The English-auction report of every protocol liquidating through Maker Flipper auctions (empty if none).
 *
 * @example const auctions = englishAuctionReports(world);
 */
export function englishAuctionReports(world: World): EnglishAuctionReport[] {
  return world.protocols.flatMap((protocol): EnglishAuctionReport[] => {
    const mechanism = protocol.mechanism;
    if (!(mechanism instanceof MakerFlipLiquidation)) return [];
    const deals = mechanism.deals;
    const zero = deals.filter((d) => d.bid * protocol.debtPrice < ZERO_BID_USD);
    const bids = deals.reduce((sum, d) => sum + d.bid, 0);
    const tabs = deals.reduce((sum, d) => sum + d.tab, 0);
    return [
      {
        protocol: protocol.id,
        settled: deals.length,
        zeroBid: zero.length,
        zeroBidShare: deals.length > 0 ? zero.length / deals.length : 0,
        zeroBidCollateralUsd: zero.reduce((sum, d) => sum + d.lot, 0) * protocol.price,
        bidToTab: tabs > 0 ? bids / tabs : 0,
        badDebtUsd: deals.reduce((sum, d) => sum + d.badDebtUsd, 0),
        open: mechanism.flipper.liveIds().length,
      },
    ];
  });
}
