import type { CompoundAbsorbLiquidation } from '../../protocol/mechanisms/compound-absorb.js';
import { bestSaleVenue, sellOnBestVenue } from '../../market/best-sale.js';
import { maximiseConcave } from '../../kernel/maximise.js';
import { recordGasOnlyCall, type CollateralMarket, type KeeperTurn } from './turn.js';

/**
 * A keeper's calls on a Compound v3 (Comet) protocol. **Absorb:** once its latency has passed, it absorbs every
 * liquidatable account it can, largest debt first, within its calls (Comet pays absorbers nothing and Compound's own
 * bot absorbs every liquidatable account before arbitraging, so keepers absorb unconditionally; `minProfitUsd`
 * governs purchases only). **Buy:** while the store front is open it pays the amount (within its capital and the
 * collateral held) that maximises best-venue proceeds − payment, when that minus one call of gas exceeds
 * `minProfitUsd`, and resells the collateral at once. Purchases have no latency: the store front is public.
 *
 * @example
 * actOnCompound(protocol.mechanism as CompoundAbsorbLiquidation, turn, market);
 */
export function actOnCompound(mechanism: CompoundAbsorbLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  const { protocol } = mechanism;
  const { book } = protocol;
  for (const account of protocol.liquidatable) {
    if (turn.actionsLeft <= 0) return;
    if (!protocol.isLiquidatable(account)) continue;
    if (protocol.block < book.unsafeSince[account] + turn.settings.latencyBlocks) continue;
    if (!mechanism.canAbsorb(account)) continue;
    mechanism.absorb(account);
    recordGasOnlyCall(turn, true);
    turn.actionsLeft -= 1;
  }
  if (turn.actionsLeft > 0 && turn.capitalLeft > 0) tryBuy(mechanism, turn, market);
}

/**
 * The purchase being sized, read by `purchaseProfit`: one object for every search (fields rewritten before each,
 * read only within it), so that sizing allocates nothing.
 */
const candidate = {
  mechanism: undefined as unknown as CompoundAbsorbLiquidation,
  market: undefined as unknown as CollateralMarket,
  held: 0,
};

/** Best-venue proceeds − payment for paying `payUsd` at the store front, before gas. */
const purchaseProfit = (payUsd: number): number =>
  bestSaleVenue(candidate.market.venues, candidate.mechanism.quoteUnits(payUsd, candidate.held)).proceeds - payUsd;

/** One `buyCollateral` call, if the store front is open and the best purchase pays for gas and the keeper's minimum.
 * */
function tryBuy(mechanism: CompoundAbsorbLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  const held = mechanism.collateralForSale();
  if (!(held > 0)) return;
  const { gasUsd, settings } = turn;
  const unitCostUsd = mechanism.storeFrontPriceUsd();
  // Cheap bound first: no sale beats the best mid.
  let bestMid = 0;
  for (const venue of market.venues) bestMid = Math.max(bestMid, venue.mid());
  if (held * (bestMid - unitCostUsd) - gasUsd <= settings.minProfitUsd) return;
  candidate.mechanism = mechanism;
  candidate.market = market;
  candidate.held = held;
  const payUsd = maximiseConcave(purchaseProfit, Math.min(turn.capitalLeft, held * unitCostUsd));
  if (!(payUsd > 0) || purchaseProfit(payUsd) - gasUsd <= settings.minProfitUsd) return;

  const { bought, paidUsd } = mechanism.buy(payUsd, held);
  const sale = sellOnBestVenue(market.venues, bought);
  const proceedsUsd = sale.proceeds;
  mechanism.recordResale(market.sales, bought, proceedsUsd);
  turn.record({
    collateral: bought,
    proceedsUsd,
    costUsd: paidUsd,
    preTradeValueUsd: sale.preTradeValue,
    gasUsd,
    liquidation: false,
  });
  turn.capitalLeft -= paidUsd;
  turn.actionsLeft -= 1;
}
