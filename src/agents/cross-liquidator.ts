// A keeper's liquidationCalls on a cross-asset Aave v3 pool: pair and repay chosen for profit, collateral sold at once.
import type { Venue } from '../market/venues/venue.js';
import type { SalesByGeneration } from '../protocol/attribution-records.js';
import type { KeeperOutcome, KeeperTurn } from './liquidators/turn.js';
import type { CrossLendingProtocol } from '../protocol/cross/cross-protocol.js';
import { quoteLiquidation } from '../protocol/cross/cross-liquidation.js';
import {
  chooseLiquidation,
  type DebtCost,
  type LiquidatorChoice,
  type SaleProceeds,
} from '../protocol/cross/liquidator-choice.js';
import { liquidatorUnitsPerRepaid } from '../protocol/cross/reserves.js';
import { bestSaleVenue, sellOnBestVenue } from '../market/best-sale.js';
import { quoteForExactBase } from '../market/venues/buy-exact.js';

/** What a keeper needs to see of one cross-asset pool: the pool, and per reserve where its asset sells. */
export interface CrossKeeperMarket {
  /** Margin-engine family (tells it from a lending {@link KeeperMarket} in a keeper's list). */
  kind: 'cross-lending';
  protocol: CrossLendingProtocol;
  /** Venues whose base is each reserve's asset (index = asset); empty for an asset with no venue. */
  venues: readonly (readonly Venue[])[];
  /** Venues a keeper buys each debt asset on before repaying it (default: `venues`). */
  debtVenues?: readonly (readonly Venue[])[];
  /** Liquidation sales of each reserve's asset by cascade generation (world.assets[].sales). */
  sales: readonly SalesByGeneration[];
}

/** Books one call on a cross-asset pool: the symbol of the collateral asset it brought in, and the outcome. */
export type CrossOutcomeRecorder = (asset: string, outcome: KeeperOutcome) => void;

/**
 * One keeper's calls on a cross-asset pool within its transaction. It walks the liquidatable accounts,
 * largest debt first, skipping those liquidatable for fewer than `latencyBlocks` blocks, and on each one makes
 * the single liquidationCall that maximises proceeds − debt repaid − gas (chooseLiquidation: every
 * (collateral, debt) pair, the repay sized against the best venue's sale of that collateral), when that
 * exceeds `minProfitUsd`. A call that would repay more than the capital left is shrunk to the capital on
 * the same pair (profit is concave in the repay, so this is the best repay of that pair under the cap) and
 * made only if it still clears the minimum profit. The collateral received is sold at once on the best
 * venue; the sale is recorded in that asset's cascade-generation sales, and the call through `record`.
 *
 * @example liquidateCrossAccounts(turn, { protocol, venues: [[cex, pool], [btcCex], [], []], sales }, keeper.recordCross);
 */
export function liquidateCrossAccounts(
  turn: KeeperTurn,
  market: CrossKeeperMarket,
  record: CrossOutcomeRecorder,
): void {
  const { protocol, venues } = market;
  const { book } = protocol;
  const { settings, gasUsd } = turn;
  // Mids only fall as this keeper sells, so the block's starting best mid bounds every sale below.
  const bestMids = venues.map((list) => list.reduce((best, venue) => Math.max(best, venue.mid()), 0));
  const proceeds: SaleProceeds = (asset, amount) =>
    amount > 0 && venues[asset].length > 0 ? bestSaleVenue(venues[asset], amount).proceeds : 0;
  const debtCost: DebtCost = (asset, units) => cheapestDebtPurchase(market, asset, units).costUsd;
  for (const account of protocol.liquidatable) {
    if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
    if (protocol.unsafeSince[account] < 0 || protocol.block < protocol.unsafeSince[account] + settings.latencyBlocks)
      continue;
    if (!mayPay(market, account, bestMids, gasUsd + settings.minProfitUsd)) continue;
    const best = chooseLiquidation(book, account, protocol.variant, proceeds, {
      gasUsd,
      minProfitUsd: settings.minProfitUsd,
      debtCost,
    });
    const choice = best && withinCapital(market, account, best, turn, proceeds, debtCost);
    if (!choice) continue;

    const c = choice.collateralAsset;
    const generation = Math.max(0, protocol.generation[account]);
    const result = protocol.liquidate(account, c, choice.debtAsset, choice.debtToCover);
    const received = result.liquidatorReceives;
    const sale =
      received > 0 && venues[c].length > 0 ? sellOnBestVenue(venues[c], received) : { proceeds: 0, preTradeValue: 0 };
    const proceedsUsd = sale.proceeds;
    market.sales[c].record(generation, proceedsUsd, protocol.id);
    const costUsd = acquireDebt(market, choice.debtAsset, result.debtRepaid);
    record(protocol.settings.symbols[c], {
      collateral: received,
      proceedsUsd,
      costUsd,
      preTradeValueUsd: sale.preTradeValue,
      gasUsd,
      liquidation: true,
    });
    turn.capitalLeft -= costUsd;
    turn.actionsLeft -= 1;
  }
}

/**
 * Cheap upper bound first: whatever the pair and repay, the liquidator gets collateral c worth repaid·(1 + b − fee·b)
 * at the oracle (also when the seizure is capped by the balance), so the profit of a call on c is at most
 * balance_c·(bestMid_c − p_c/(1 + b_c − fee_c·b_c)) − gas. Skips accounts where no collateral clears `thresholdUsd`
 * (gas + minimum profit).
 */
function mayPay(
  market: CrossKeeperMarket,
  account: number,
  bestMids: readonly number[],
  thresholdUsd: number,
): boolean {
  const { book } = market.protocol;
  for (let c = 0; c < book.assets; c++) {
    const balance = book.collateral[book.slot(account, c)];
    if (!(balance > 0 && book.reserves[c].liquidationThreshold > 0)) continue;
    // Oracle value the liquidator pays per unit received: debt price·repaid / received = p_c/(1 + b − fee·b).
    const costPerUnit = 1 / liquidatorUnitsPerRepaid(book.reserves[c], book.prices[c], 1);
    if (balance * (bestMids[c] - costPerUnit) > thresholdUsd) return true;
  }
  return false;
}

/** The choice itself when the keeper can pay for it, else the same pair shrunk to the capital left (or null). */
function withinCapital(
  market: CrossKeeperMarket,
  account: number,
  choice: LiquidatorChoice,
  turn: KeeperTurn,
  proceeds: SaleProceeds,
  debtCost: DebtCost,
): LiquidatorChoice | null {
  if (choice.costUsd <= turn.capitalLeft) return choice;
  const { protocol } = market;
  const { book } = protocol;
  const debtPrice = book.prices[choice.debtAsset];
  // Buying less costs less per unit (the cost is convex), so the chosen call's unit cost bounds the smaller one's.
  const unitCost = Math.max(debtPrice, choice.costUsd / choice.quote.debtRepaid);
  const debtToCover = (turn.capitalLeft / unitCost) * (1 - 1e-9);
  const quote = quoteLiquidation(
    book,
    account,
    choice.collateralAsset,
    choice.debtAsset,
    debtToCover,
    protocol.variant,
  );
  if (!quote.ok) return null;
  const proceedsUsd = proceeds(choice.collateralAsset, quote.liquidatorReceives);
  const repaidUsd = quote.debtRepaid * debtPrice;
  const costUsd = debtCost(choice.debtAsset, quote.debtRepaid);
  const profitUsd = proceedsUsd - costUsd - turn.gasUsd;
  if (!(profitUsd > turn.settings.minProfitUsd) || !(costUsd <= turn.capitalLeft)) return null;
  return { ...choice, debtToCover, quote, proceedsUsd, repaidUsd, costUsd, profitUsd };
}

/**
 * The cheapest way to get `units` of debt asset `asset`: buying them on the debt venue of that asset that asks the
 * least USD for exactly that many (Aave liquidators of a borrowed volatile asset must buy it before they repay), or,
 * with
 * no venue for the asset, paying its oracle price (the keeper is taken to hold it).
 */
function cheapestDebtPurchase(
  market: CrossKeeperMarket,
  asset: number,
  units: number,
): { venue: Venue | null; costUsd: number } {
  const venues = (market.debtVenues ?? market.venues)[asset];
  if (venues.length === 0 || !(units > 0)) return { venue: null, costUsd: units * market.protocol.book.prices[asset] };
  let best: { venue: Venue | null; costUsd: number } = { venue: null, costUsd: Number.POSITIVE_INFINITY };
  for (const venue of venues) {
    const costUsd = quoteForExactBase(venue, units);
    if (costUsd < best.costUsd) best = { venue, costUsd };
  }
  return best;
}

/** Acquires `units` of debt asset `asset` the cheapest way (a purchase moves that venue); returns the USD spent. */
function acquireDebt(market: CrossKeeperMarket, asset: number, units: number): number {
  const { venue, costUsd } = cheapestDebtPurchase(market, asset, units);
  if (venue !== null) venue.buy(costUsd);
  return costUsd;
}
