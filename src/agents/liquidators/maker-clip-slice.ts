import type { Venue } from '../../market/venues/venue.js';
import { bestSaleVenue } from '../../market/best-sale.js';
import { maximiseConcave } from '../../kernel/maximise.js';

/** What a keeper knows when sizing a purchase from one Clipper auction. */
export interface SliceQuestion {
  /** Current auction price, debt-asset units per collateral unit. */
  readonly price: number;
  /** Debt-asset units the auction still has to raise. */
  readonly tab: number;
  /** Collateral units still for sale. */
  readonly lot: number;
  /** Smallest tab a partial purchase may leave (dust·chop), debt-asset units. */
  readonly chost: number;
  /** Debt-asset units the keeper can still pay this block. */
  readonly budget: number;
  /** USD per debt-asset unit. */
  readonly debtPrice: number;
  /** Where the keeper sells what it buys. */
  readonly venues: readonly Venue[];
}

/** The purchase a keeper would make, and its sale proceeds − cost before gas, USD. */
export interface SliceAnswer {
  slice: number;
  grossProfitUsd: number;
}

/**
 * The slice of a Clipper auction that maximises best-venue sale proceeds − slice·price, within the
 * lot, the keeper's budget and the Clipper's own caps (dss clip.sol take): a purchase never pays more
 * than tab, so `min(lot, tab/price)` ends the auction; a smaller (partial) purchase must leave at
 * least chost of tab, and none is allowed once tab ≤ chost. Returns slice 0 when nothing is feasible.
 *
 * @example
 * // Deep venue at 1,600, price 1,550, tab 15,400, lot 10: the whole tab, 15,400/1,550 ≈ 9.935 units.
 * bestSlice({ price: 1550, tab: 15_400, lot: 10, chost: 0, budget: 1e9, debtPrice: 1, venues: [cex] });
 */
export function bestSlice(q: SliceQuestion): SliceAnswer {
  const { price, tab, lot, chost, budget, debtPrice, venues } = q;
  const none = { slice: 0, grossProfitUsd: 0 };
  if (venues.length === 0 || !(lot > 0) || !(tab > 0) || !(budget > 0)) return none;
  const profit = (slice: number): number => bestSaleVenue(venues, slice).proceeds - slice * price * debtPrice;
  // dss clip.sol take: owe = slice·price is capped at tab, so this slice ends the auction (tab raised or lot gone)
  const whole = price > 0 ? Math.min(lot, tab / price) : lot;
  // dss clip.sol take: a partial purchase must leave tab ≥ chost; with tab ≤ chost only the whole lot may go
  const partialMax = tab > chost ? (price > 0 ? Math.min(whole, (tab - chost) / price) : whole) : 0;
  const affordable = price > 0 ? budget / price : Number.POSITIVE_INFINITY;

  let best = none;
  const partial = maximiseConcave(profit, Math.min(partialMax, affordable));
  if (partial > 0) best = { slice: partial, grossProfitUsd: profit(partial) };
  if (whole <= affordable) {
    const wholeProfit = profit(whole);
    if (best.slice === 0 || wholeProfit > best.grossProfitUsd) best = { slice: whole, grossProfitUsd: wholeProfit };
  }
  return best;
}

/**
 * An upper bound of {@link bestSlice}'s profit that costs one pass over the venues: no sale beats
 * the best mid, so profit ≤ largest feasible slice·(best mid − price·debtPrice).
 *
 * @example
 * sliceProfitBound({ price: 1700, …, venues: [cexAt1600] }); // ≤ 0: the auction is above the market
 */
export function sliceProfitBound(q: SliceQuestion): number {
  let bestMid = 0;
  for (const venue of q.venues) bestMid = Math.max(bestMid, venue.mid());
  const largest = q.price > 0 ? Math.min(q.lot, q.tab / q.price, q.budget / q.price) : q.lot;
  return largest * (bestMid - q.price * q.debtPrice);
}
