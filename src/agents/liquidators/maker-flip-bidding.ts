import type { Venue } from '../../market/venues/venue.js';
import { bestSaleVenue } from '../../market/best-sale.js';
import type { FlipAuction, Flipper } from '../../liquidation/maker-1.2/flipper.js';

/**
 * How keepers bid in Maker Flipper auctions (Liquidations 1.2), as pure decisions over the auction's
 * state. A keeper values a lot at what selling it on the best venue would fetch now, less the gas of
 * one call and its minimum profit.
 *
 * - `value`: jumps straight to its value: in the tend phase it bids min(tab, value), in the dent phase it
 *   asks for the smallest lot whose value still covers tab.
 * - `minimum`: makes the smallest move the Flipper accepts: a one-rad opening bid, then beg·bid (capped
 *   at tab), then in the dent phase the largest lot the Flipper accepts (lot/beg). It never bids more
 *   than the lot is worth to it, so two such keepers run a classic English auction in beg steps, and a
 *   lone one wins the whole lot for one rad (the Black Thursday "zero bids").
 * - `competitive`: opens at one rad, and once a rival has bid, bids its value as `value` does: alone it wins
 *   for nothing; against rivals the price clears near the second-highest value (the English auction outcome)
 *   within a few bids rather than the thousands of beg steps `minimum` needs to climb from one rad.
 */

/** What a keeper brings to one bidding decision. */
export interface BidderView {
  strategy: 'value' | 'minimum' | 'competitive';
  /** Venues it would sell the lot on. */
  venues: readonly Venue[];
  /** USD subtracted from sale proceeds: gas of one call + the keeper's minimum profit. */
  costUsd: number;
  /** USD it may commit now (its capital less the bids it leads with, within this block's budget). */
  freeCapitalUsd: number;
  /** USD per debt unit (Flipper bids and tabs are in debt units). */
  debtPrice: number;
}

/** A bid to place: a DAI bid for the whole lot (tend) or a smaller lot for the full tab (dent). */
export type FlipBid = { phase: 'tend'; bid: number } | { phase: 'dent'; lot: number };

/**
 * What `lot` is worth to a keeper now: best-venue sale proceeds − gas − minimum profit, USD.
 *
 * @example lotValueUsd([cex], 10, 150) // 10 ETH at 2,000 less 150 → 19,850
 */
export function lotValueUsd(venues: readonly Venue[], lot: number, costUsd: number): number {
  return bestSaleVenue(venues, lot).proceeds - costUsd;
}

/**
 * Whether the Flipper still takes bids on `auction` at `now` (flip.sol: the current bid has not
 * expired, tic > now or no bid yet, and end > now).
 */
export function isBiddable(auction: FlipAuction, now: number): boolean {
  return (auction.tic === null || auction.tic > now) && auction.end > now;
}

/**
 * The bid a keeper places on `auction`, or null when it has nothing admissible to offer. The caller
 * checks that the keeper does not already lead and that the auction is still open.
 *
 * @example
 * const choice = chooseFlipBid(flipper, flipper.auction(id)!, { strategy: 'value', venues, costUsd: 100, freeCapitalUsd: 1e6, debtPrice: 1 });
 */
export function chooseFlipBid(flipper: Flipper, auction: FlipAuction, view: BidderView): FlipBid | null {
  return auction.bid === auction.tab ? chooseDent(flipper, auction, view) : chooseTend(flipper, auction, view);
}

function chooseTend(flipper: Flipper, auction: FlipAuction, view: BidderView): FlipBid | null {
  const valueDebt = lotValueUsd(view.venues, auction.lot, view.costUsd) / view.debtPrice;
  const freeDebt = view.freeCapitalUsd / view.debtPrice;
  // minTendBid is flip.sol's least admissible raise: one rad first, then min(tab, beg·bid).
  // A competitive bidder opens at the minimum while nobody has bid (tic is null until the first tend).
  const least = view.strategy === 'minimum' || (view.strategy === 'competitive' && auction.tic === null);
  const bid = least ? flipper.minTendBid(auction.id) : Math.min(auction.tab, valueDebt, freeDebt);
  if (!(bid <= valueDebt) || !(bid <= freeDebt)) return null;
  // flip.sol tend: strictly above the current bid, and by at least beg unless it reaches tab.
  if (!(bid > auction.bid) || !(bid >= flipper.params.beg * auction.bid || bid === auction.tab)) return null;
  return { phase: 'tend', bid };
}

function chooseDent(flipper: Flipper, auction: FlipAuction, view: BidderView): FlipBid | null {
  // A new dent bidder pays the whole tab (refunding the previous bidder).
  const tabUsd = auction.tab * view.debtPrice;
  if (tabUsd > view.freeCapitalUsd) return null;
  // flip.sol dent: the lot must fall by at least the factor beg.
  const maxLot = flipper.maxDentLot(auction.id);
  if (!(maxLot > 0) || lotValueUsd(view.venues, maxLot, view.costUsd) < tabUsd) return null;
  if (view.strategy === 'minimum') return { phase: 'dent', lot: maxLot };
  return { phase: 'dent', lot: smallestLotFetching(view.venues, maxLot, tabUsd + view.costUsd) };
}

/**
 * The smallest lot in (0, maxLot] whose best-venue sale fetches at least `proceedsUsd`, by bisection
 * (proceeds grow with the amount sold). The caller guarantees `maxLot` itself fetches enough.
 *
 * @example smallestLotFetching([cexAt2000], 10, 17_050) // 8.525
 */
export function smallestLotFetching(venues: readonly Venue[], maxLot: number, proceedsUsd: number): number {
  let low = 0;
  let high = maxLot;
  for (let step = 0; step < 200; step++) {
    const mid = (low + high) / 2;
    if (mid <= low || mid >= high) break;
    if (bestSaleVenue(venues, mid).proceeds >= proceedsUsd) high = mid;
    else low = mid;
  }
  return high;
}
