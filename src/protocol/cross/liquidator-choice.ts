// A liquidator's choice of (collateral, debt) pair and repay on a multi-asset Aave v3 account.
import { maximiseConcave } from '../../kernel/maximise.js';
import { MIN_LEFTOVER_USD } from '../../liquidation/rules/aave-v33.js';
import { healthFactorOf, type CrossAccountBook } from './cross-account.js';
import {
  maxLiquidatableDebt,
  quoteLiquidation,
  type CrossLiquidationQuote,
  type CrossVariant,
} from './cross-liquidation.js';
import { liquidatorUnitsPerRepaid } from './reserves.js';

/**
 * USD the liquidator gets for selling `amount` units of collateral `asset` now (best venue, slippage and fees
 * included). Must be non-decreasing and concave in `amount` (diminishing returns), 0 at 0.
 */
export type SaleProceeds = (asset: number, amount: number) => number;

/**
 * USD the liquidator pays to acquire `units` of debt asset `asset` before repaying (buying it on a venue, impact and
 * fees included). Must be non-decreasing and convex in `units`, 0 at 0.
 */
export type DebtCost = (asset: number, units: number) => number;

/** Costs and threshold of the liquidator. */
export interface LiquidatorChoiceOptions {
  /** Gas cost of one liquidationCall, USD. */
  gasUsd: number;
  /** What acquiring the repaid debt costs; default: units·oracle price (the liquidator already holds it). */
  debtCost?: DebtCost;
  /** Smallest profit worth a call, USD (default 0: any positive profit). */
  minProfitUsd?: number;
}

/** The call a profit-maximising liquidator makes, and its economics at the oracle price of the debt. */
export interface LiquidatorChoice {
  collateralAsset: number;
  debtAsset: number;
  /** The debtToCover argument to pass to liquidationCall (≥ quote.debtRepaid when the call is capped). */
  debtToCover: number;
  /** What the call does (see quoteLiquidation). */
  quote: CrossLiquidationQuote;
  /** Proceeds of selling quote.liquidatorReceives of the collateral. */
  proceedsUsd: number;
  /** quote.debtRepaid·debt price. */
  repaidUsd: number;
  /** USD spent acquiring quote.debtRepaid (= repaidUsd when the liquidator pays at the oracle price). */
  costUsd: number;
  /** proceedsUsd − costUsd − gasUsd. */
  profitUsd: number;
}

/**
 * The single liquidationCall that maximises the liquidator's profit proceeds(c, received) − repaid·debtPrice − gas
 * on `account`, or null when the account is not liquidatable or no call clears `minProfitUsd`.
 *
 * Search: for every collateral reserve c the account holds (threshold > 0) and every debt reserve d it owes,
 * in index order, the repay r lives in [0, U] with U = min(close-factor limit, r_cap), r_cap =
 * balance·p_c/(p_d·(1 + b_c)) being where the seizure hits the balance (beyond it the call is capped and
 * nothing changes). Below r_cap the liquidator receives k·r collateral units with k = p_d/p_c·(1 + b_c − fee·b_c)
 * ({@link liquidatorUnitsPerRepaid}), so profit(r) = proceeds(c, k·r) − r·p_d − gas is concave when proceeds is;
 * its maximiser comes from golden-section search ({@link maximiseConcave}). v3.3 makes the admissible set
 * non-convex (dust rule): partial repays must leave ≥ 1,000 USD of the debt reserve and of the collateral,
 * i.e. r ≤ debt − 1000/p_d and r ≤ (balance − 1000/p_c)/k, or else take all the debt or all the collateral;
 * so the search maximises over the partial interval and also tries the full repay U. Every candidate is then
 * priced by the engine itself (quoteLiquidation) and the best one wins; ties keep the earlier pair.
 *
 * @example chooseLiquidation(book, 7, 'v3.3', (asset, amount) => venues[asset].quoteSell(amount), { gasUsd: 5 })
 */
export function chooseLiquidation(
  book: CrossAccountBook,
  account: number,
  variant: CrossVariant,
  proceeds: SaleProceeds,
  options: LiquidatorChoiceOptions,
): LiquidatorChoice | null {
  if (!(healthFactorOf(book, account) < 1)) return null;
  const minProfitUsd = options.minProfitUsd ?? 0;
  let best: LiquidatorChoice | null = null;
  for (let c = 0; c < book.assets; c++) {
    const balance = book.collateral[book.slot(account, c)];
    if (!(book.reserves[c].liquidationThreshold > 0 && balance > 0)) continue;
    for (let d = 0; d < book.assets; d++) {
      if (!(book.debt[book.slot(account, d)] > 0)) continue;
      for (const debtToCover of candidateRepays(book, account, c, d, variant, proceeds, options)) {
        const choice = price(book, account, c, d, debtToCover, variant, proceeds, options);
        if (choice && choice.profitUsd > minProfitUsd && (!best || choice.profitUsd > best.profitUsd)) best = choice;
      }
    }
  }
  return best;
}

/** Repays worth pricing for the pair (c, d): the concave optimum on the partial interval and the full repay. */
function candidateRepays(
  book: CrossAccountBook,
  account: number,
  c: number,
  d: number,
  variant: CrossVariant,
  proceeds: SaleProceeds,
  options: LiquidatorChoiceOptions,
): number[] {
  const collateralPrice = book.prices[c];
  const debtPrice = book.prices[d];
  const reserve = book.reserves[c];
  const balance = book.collateral[book.slot(account, c)];
  const reserveDebt = book.debt[book.slot(account, d)];
  const limit = maxLiquidatableDebt(book, account, c, d, variant).maxLiquidatableDebt;
  // _calculateAvailableCollateralToLiquidate caps the seizure at the balance from this repay on.
  const repayCap = (balance * collateralPrice) / (debtPrice * (1 + reserve.liquidationBonus));
  const upper = Math.min(limit, repayCap);
  const unitsPerRepaid = liquidatorUnitsPerRepaid(reserve, collateralPrice, debtPrice);
  let partialUpper = upper;
  if (variant === 'v3.3') {
    // v3.3 dust rule, with a hair of slack so float rounding at the boundary does not trip the engine's check.
    const byDebt = reserveDebt - MIN_LEFTOVER_USD / debtPrice;
    const byCollateral = (balance - MIN_LEFTOVER_USD / collateralPrice) / unitsPerRepaid;
    partialUpper = Math.min(upper, byDebt, byCollateral) * (1 - 1e-9);
  }
  const cost = debtCostOf(options, debtPrice);
  const profit = (repay: number) => proceeds(c, unitsPerRepaid * repay) - cost(d, repay) - options.gasUsd;
  const candidates: number[] = [];
  if (partialUpper > 0) candidates.push(maximiseConcave(profit, partialUpper));
  // The full repay: the engine itself caps it at the balance when the collateral runs out first.
  if (upper > 0) candidates.push(limit);
  return candidates.filter((r) => r > 0);
}

function price(
  book: CrossAccountBook,
  account: number,
  c: number,
  d: number,
  debtToCover: number,
  variant: CrossVariant,
  proceeds: SaleProceeds,
  options: LiquidatorChoiceOptions,
): LiquidatorChoice | null {
  const quote = quoteLiquidation(book, account, c, d, debtToCover, variant);
  if (!quote.ok) return null;
  const proceedsUsd = proceeds(c, quote.liquidatorReceives);
  const repaidUsd = quote.debtRepaid * book.prices[d];
  const costUsd = debtCostOf(options, book.prices[d])(d, quote.debtRepaid);
  const profitUsd = proceedsUsd - costUsd - options.gasUsd;
  if (!Number.isFinite(profitUsd)) return null;
  return { collateralAsset: c, debtAsset: d, debtToCover, quote, proceedsUsd, repaidUsd, costUsd, profitUsd };
}

/** The options' debt cost, or units·oracle price when the liquidator is taken to hold the debt asset already. */
function debtCostOf(options: LiquidatorChoiceOptions, debtPrice: number): DebtCost {
  return options.debtCost ?? ((_asset, units) => units * debtPrice);
}
