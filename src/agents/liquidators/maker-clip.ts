import type { MakerClipLiquidation } from '../../protocol/mechanisms/maker-clip.js';
import { sellOnBestVenue } from '../../market/best-sale.js';
import { recordGasOnlyCall, type CollateralMarket, type KeeperTurn } from './turn.js';
import { bestSlice, type SliceQuestion, sliceProfitBound } from './maker-clip-slice.js';

/**
 * A keeper's calls on a MakerDAO Liquidations 2.0 protocol (dss `dog.sol`, `clip.sol`): it first works the running
 * auctions in id order (a `redo` of a stale one when the incentive covers gas; otherwise the `take` that maximises
 * sale proceeds − cost, when that less gas beats its minimum profit, selling the slice at once on the best venue),
 * then `bark`s liquidatable vaults, largest debt first, once its latency has passed, while the Dog's Hole and the
 * circuit breaker leave room and the kick incentive covers gas. Takes go first because they free Hole room (`digs`)
 * for barks, and a fresh auction starts at oracle·buf, above the market, so kicking it last loses nothing.
 *
 * @example
 * actOnMakerClip(protocol.mechanism as MakerClipLiquidation, turn, market);
 */
export function actOnMakerClip(mechanism: MakerClipLiquidation, turn: KeeperTurn, market: CollateralMarket): void {
  for (const id of mechanism.clipper.active()) {
    if (turn.actionsLeft <= 0) return;
    work(mechanism, turn, market, id);
  }
  barkUnsafe(mechanism, turn);
}

/** Resets auction `id` if it needs it and that pays, then takes from it if that pays. */
function work(mechanism: MakerClipLiquidation, turn: KeeperTurn, market: CollateralMarket, id: number): void {
  if (mechanism.status(id).needsRedo) {
    if (mechanism.redoIncentiveUsd(id) < turn.gasUsd) return;
    payIncentive(turn, mechanism.redo(id));
    if (turn.actionsLeft <= 0) return;
  }
  take(mechanism, turn, market, id);
}

/** Buys the most profitable slice of auction `id` and sells it at once. */
function take(mechanism: MakerClipLiquidation, turn: KeeperTurn, market: CollateralMarket, id: number): void {
  const { protocol } = mechanism;
  const { debtPrice } = protocol;
  if (!(turn.capitalLeft > 0)) return;
  const status = mechanism.status(id);
  const question: SliceQuestion = {
    price: status.price,
    tab: status.tab,
    lot: status.lot,
    chost: mechanism.clipper.params.chost,
    budget: turn.capitalLeft / debtPrice,
    debtPrice,
    venues: market.venues,
  };
  const { minProfitUsd } = turn.settings;
  // Cheap bound first: auctions still above the market are skipped without a search.
  if (market.venues.length === 0 || sliceProfitBound(question) - turn.gasUsd <= minProfitUsd) return;
  const choice = bestSlice(question);
  if (!(choice.slice > 0) || choice.grossProfitUsd - turn.gasUsd <= minProfitUsd) return;

  const result = mechanism.take(id, choice.slice, status.price);
  const sale = sellOnBestVenue(market.venues, result.slice);
  const proceedsUsd = sale.proceeds;
  market.sales.record(result.generation, proceedsUsd, protocol.id);
  const costUsd = result.owe * debtPrice;
  turn.record({
    collateral: result.slice,
    proceedsUsd,
    costUsd,
    preTradeValueUsd: sale.preTradeValue,
    gasUsd: turn.gasUsd,
    liquidation: true,
  });
  turn.capitalLeft -= costUsd;
  turn.actionsLeft -= 1;
}

/** Barks liquidatable vaults, largest debt first, while limits leave room and actions remain. */
function barkUnsafe(mechanism: MakerClipLiquidation, turn: KeeperTurn): void {
  const { protocol } = mechanism;
  const { book } = protocol;
  // The scale of the breaker caps' float residue: what they were measured against.
  let inLiquidationUsd = mechanism.collateralPending() * protocol.price;
  for (const account of protocol.liquidatable) {
    if (turn.actionsLeft <= 0 || !mechanism.dogHasRoom()) return;
    const allowanceUsd = mechanism.barkAllowanceUsd(inLiquidationUsd);
    if (!(allowanceUsd > 0)) return;
    if (!protocol.isLiquidatable(account)) continue;
    if (protocol.block < book.unsafeSince[account] + turn.settings.latencyBlocks) continue;
    inLiquidationUsd += bark(mechanism, turn, account, allowanceUsd);
  }
}

/** Barks vault `account` if the kick incentive covers gas; returns the USD seized. */
function bark(mechanism: MakerClipLiquidation, turn: KeeperTurn, account: number, allowanceUsd: number): number {
  const incentiveUsd = mechanism.barkIncentiveUsd(account, allowanceUsd);
  // Keepers bark whenever the incentive pays for gas: starting auctions is their job in production.
  if (incentiveUsd === undefined || incentiveUsd < turn.gasUsd) return 0;
  const seizedUsd = mechanism.bark(account, allowanceUsd);
  payIncentive(turn, incentiveUsd);
  return seizedUsd;
}

/** Books a kick or redo: the keeper's incentive and gas, one call. */
function payIncentive(turn: KeeperTurn, incentiveUsd: number): void {
  recordGasOnlyCall(turn, false, incentiveUsd);
  turn.actionsLeft -= 1;
}
