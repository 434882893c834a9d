import type { KeeperMarket } from './keeper-market.js';
import type { CrossKeeperMarket } from './cross-liquidator.js';
import type { BundleSimulation } from './bundle-simulation.js';
import { bestSaleVenue } from '../market/best-sale.js';
import { maximiseConcave } from '../kernel/maximise.js';
import type { FixedBonusLiquidation } from '../liquidation/fixed-bonus.js';
import type { Venue } from '../market/venues/venue.js';
import { quoteForExactBase } from '../market/venues/buy-exact.js';

/**
 * What a keeper expects from one protocol before sending a transaction: calls worth making and their value.
 *
 * @example const { calls, valueUsd } = expectedWork(market, bundle, 30, 20, 0);
 */
export interface ExpectedWork {
  /** Calls worth making now. */
  calls: number;
  /** What they are worth before gas, USD: sale proceeds − repay cost, summed (0 where the mechanism gives no estimate).
   * */
  valueUsd: number;
}

/** Where `protocol.plan` writes; read at once and kept by no one. */
const largest: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };
const trial: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };

/**
 * A keeper's look at one protocol before sending, as a bot simulates its bundle first: the calls the instant
 * strategy (`InstantLiquidator.act`) would make for it, planned in the same order with the same rules and traded
 * on the `bundle`'s forks of the venues, so that each call's sale is priced after the impact of every sale planned
 * before it in the transaction (on this protocol and the ones before it). Liquidatable accounts, largest debt first,
 * that the keeper has waited `latencyBlocks` for, within the bundle's capital, calls and the protocol's seizure
 * allowance: on each, the repay that maximises sale proceeds − repay cost, kept when that minus one call's gas
 * exceeds the minimum profit; its collateral is then sold (and a CDP's debt bought) on the forks. The value is the
 * sum of those margins before gas: what executing the calls in sequence yields. Other mechanisms (auctions, pools):
 * one call per liquidatable account, and a full transaction while collateral is in liquidation (auctions to bid on
 * or settle), with no value estimate (their keepers do not bid for priority).
 *
 * @example expectedWork(market, new BundleSimulation(1e6, 75), 30, 20, 0) // { calls: 3, valueUsd: 42_000 }
 */
export function expectedWork(
  market: KeeperMarket,
  bundle: BundleSimulation,
  gasUsdPerCall: number,
  minProfitUsd: number,
  latencyBlocks: number,
): ExpectedWork {
  const { protocol } = market;
  if (!protocol.liquidationsAllowed()) return { calls: 0, valueUsd: 0 };
  if (!protocol.settings.rule) {
    const wanted = protocol.liquidatable.length + (protocol.mechanism.collateralPending() > 0 ? bundle.callsLeft : 0);
    const calls = Math.min(wanted, bundle.callsLeft);
    bundle.callsLeft -= calls;
    return { calls, valueUsd: 0 };
  }
  const { liquidatable, book, debtPrice, price } = protocol;
  const { debtMarket } = market;
  // Cheap bound first, as the mechanism does: no sale beats the best mid, no repay costs less than the cheapest
  // debt mid (real venues: the plan's own trades only lower sale mids and raise purchase mids).
  let bestMid = 0;
  for (const venue of market.venues) bestMid = Math.max(bestMid, venue.mid());
  const debtUnitFloor = debtMarket ? Math.min(...debtMarket.venues.map((venue) => venue.mid())) : debtPrice;
  // The per-block seizure cap (circuit breaker) less what the plan has seized so far.
  let allowanceUsd = protocol.breaker.allowanceUsd();
  let calls = 0;
  let valueUsd = 0;
  for (let k = 0; k < liquidatable.length && bundle.callsLeft > 0 && bundle.capitalLeft > 0; k++) {
    const account = liquidatable[k];
    if (!protocol.isLiquidatable(account) || protocol.block < book.unsafeSince[account] + latencyBlocks) continue;
    const plan = protocol.plan(account, bundle.capitalLeft / debtPrice, largest);
    if (!(plan.debtRepaid > 0)) continue;
    // Seized value is proportional to the repay: scale the largest repay down to what the cap still allows.
    const seizedUsd = plan.collateralSeized * price;
    const capShare = seizedUsd > allowanceUsd ? allowanceUsd / seizedUsd : 1;
    const maxRepay = plan.debtRepaid * capShare;
    if (plan.liquidatorReceives * capShare * bestMid - maxRepay * debtUnitFloor - gasUsdPerCall <= minProfitUsd)
      continue;
    const venues = bundle.forks(market.venues);
    const debtVenues = debtMarket ? bundle.forks(debtMarket.venues) : undefined;
    const repayCost = (units: number) => (debtVenues ? cheapestPurchase(debtVenues, units).quote : units * debtPrice);
    const grossProfit = (repay: number) => {
      const trialPlan = protocol.plan(account, repay, trial);
      return bestSaleVenue(venues, trialPlan.liquidatorReceives).proceeds - repayCost(trialPlan.debtRepaid);
    };
    const repay = maximiseConcave(grossProfit, maxRepay);
    if (!(repay > 0) || grossProfit(repay) - gasUsdPerCall <= minProfitUsd) continue;
    const call = protocol.plan(account, repay, trial);
    const proceedsUsd = bestSaleVenue(venues, call.liquidatorReceives).venue.sell(call.liquidatorReceives);
    const costUsd = debtVenues ? buyExact(debtVenues, call.debtRepaid) : call.debtRepaid * debtPrice;
    calls += 1;
    valueUsd += proceedsUsd - costUsd;
    bundle.callsLeft -= 1;
    bundle.capitalLeft -= costUsd;
    allowanceUsd -= call.collateralSeized * price;
  }
  return { calls, valueUsd };
}

/** The venue that sells `units` of the debt asset for the least USD, and that USD (Infinity when none can). */
function cheapestPurchase(venues: readonly Venue[], units: number): { venue: Venue; quote: number } {
  let best = { venue: venues[0], quote: Number.POSITIVE_INFINITY };
  for (const venue of venues) {
    const quote = quoteForExactBase(venue, units);
    if (quote < best.quote) best = { venue, quote };
  }
  return best;
}

/** Buys `units` of the debt asset on the cheapest of `venues` (forks); returns the USD spent. */
function buyExact(venues: readonly Venue[], units: number): number {
  const { venue, quote } = cheapestPurchase(venues, units);
  venue.buy(quote);
  return quote;
}

/**
 * Calls a keeper sees on cross-asset pools: their liquidatable accounts.
 *
 * @example crossWork(crossMarkets) // 2
 */
export function crossWork(crossMarkets: readonly CrossKeeperMarket[]): number {
  let work = 0;
  for (const { protocol } of crossMarkets) work += protocol.liquidatable.length;
  return work;
}
