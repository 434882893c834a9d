import type { KeeperMarket } from './keeper.js';
import type { CrossKeeperMarket } from './cross-liquidator.js';
import { bestSaleVenue } from './best-sale.js';
import type { FixedBonusLiquidation } from '../liquidation/fixed-bonus.js';

/**
 * What a keeper expects from one protocol before sending a transaction: calls worth making and their value.
 *
 * @example const { calls, valueUsd } = expectedWork(market, 1e6, 30, 20, 75);
 */
export interface ExpectedWork {
  /** Calls worth making now. */
  calls: number;
  /** What they are worth before gas, USD (0 where the mechanism gives no estimate). */
  valueUsd: number;
}

const scratch: FixedBonusLiquidation = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };

/**
 * A keeper's look at one protocol before sending, as a bot simulates its calls first. Instant rules: each
 * liquidatable account (largest debt first, within `capitalUsd` and `maxCalls`) whose largest allowed repay would
 * sell, on the best venue's quote, for more than the repay plus one call's gas plus the minimum profit; the value
 * is the sum of those margins before gas (each sale quoted alone, as if the others had not moved the venue).
 * Other mechanisms (auctions, pools): one call per liquidatable account, and a full transaction (`maxCalls`) while
 * collateral is in liquidation (auctions to bid on or settle), with no value estimate (their keepers do not bid
 * for priority).
 *
 * @example expectedWork(market, 1e6, 30, 20, 75) // { calls: 3, valueUsd: 42_000 }
 */
export function expectedWork(market: KeeperMarket, capitalUsd: number, gasUsdPerCall: number, minProfitUsd: number, maxCalls: number): ExpectedWork {
  const { protocol } = market;
  if (!protocol.liquidationsAllowed()) return { calls: 0, valueUsd: 0 };
  if (!protocol.settings.rule) {
    const calls = protocol.liquidatable.length + (protocol.mechanism.collateralPending() > 0 ? maxCalls : 0);
    return { calls: Math.min(calls, maxCalls), valueUsd: 0 };
  }
  let calls = 0;
  let valueUsd = 0;
  let capital = capitalUsd;
  for (let k = 0; k < protocol.liquidatable.length && calls < maxCalls && capital > 0; k++) {
    const plan = protocol.plan(protocol.liquidatable[k], capital / protocol.debtPrice, scratch);
    const costUsd = plan.debtRepaid * protocol.debtPrice;
    const gain = bestSaleVenue(market.venues, plan.liquidatorReceives).proceeds - costUsd;
    if (gain - gasUsdPerCall <= minProfitUsd) continue;
    calls += 1;
    valueUsd += gain;
    capital -= costUsd;
  }
  return { calls, valueUsd };
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
