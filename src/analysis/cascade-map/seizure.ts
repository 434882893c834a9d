/**
 * What liquidating one account until it is safe (or empty) at a fixed oracle price takes from it,
 * with the protocol's own instant rule, call after call, as `LendingProtocol.plan` and `liquidate`
 * would: each call repays the rule's largest admissible amount; a call that takes the last
 * collateral writes off the debt left.
 */
import type { LiquidationContext, LiquidationRule } from '../../liquidation/rules/rule.js';

/** Calls on one account before giving up (a health exactly at a rule's fixed point never reaches 1). */
const MAX_CALLS = 1000;

/**
 * An account and what its rule needs besides the price.
 *
 * @example
 * const account: SeizureAccount = { collateral: 1, debt: 1700, debtPrice: 1, threshold: () => 0.825, volatilityAnnual: 0 };
 */
export interface SeizureAccount {
  collateral: number;
  debt: number;
  debtPrice: number;
  /** Liquidation threshold for a given debt (constant unless the protocol tiers thresholds by size). */
  threshold: (debt: number) => number;
  /** Realised volatility the rule reads (the protocol's block-0 estimate). */
  volatilityAnnual: number;
}

/**
 * Totals of liquidating one account to safety at one price.
 *
 * @example
 * const s: Seizure = { seized: 0.525, sold: 0.5225, repaid: 1000, collateralLeft: 0.475, debtLeft: 700, calls: 1, emptied: false };
 */
export interface Seizure {
  /** Collateral taken, units (protocol fee included). */
  seized: number;
  /** Collateral the liquidators receive and sell, units. */
  sold: number;
  /** Debt the liquidators repay, debt units. */
  repaid: number;
  /** What the account holds afterwards: collateral units and debt units. */
  collateralLeft: number;
  debtLeft: number;
  calls: number;
  /** The collateral ran out. */
  emptied: boolean;
}

/**
 * Liquidates `account` with `rule` at collateral price `price` until its health factor is at least
 * 1 or its collateral or debt is gone; returns what was seized and sold. Pure.
 *
 * @example
 * // 1 ETH against 1,700 USDC at 1,900, LT 0.825 (health 0.922 ≤ 0.95: close factor 1): all debt repaid for 1700·1.05/1900 ETH.
 * seizeUntilSafe(aaveV3Rule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0 }), account, 1900).seized; // 0.93947…
 */
export function seizeUntilSafe(rule: LiquidationRule, account: SeizureAccount, price: number): Seizure {
  let { collateral, debt } = account;
  const { debtPrice, volatilityAnnual } = account;
  const outcome: Seizure = { seized: 0, sold: 0, repaid: 0, collateralLeft: 0, debtLeft: 0, calls: 0, emptied: false };
  while (debt > 0 && collateral > 0 && outcome.calls < MAX_CALLS) {
    // Aave v3 GenericLogic: health = collateral·price·LT / (debt·debtPrice); liquidatable below 1.
    const health = (collateral * price * account.threshold(debt)) / (debt * debtPrice);
    if (!(health < 1)) break;
    const context: LiquidationContext = {
      health,
      debt,
      collateral,
      collateralPrice: price,
      debtPrice,
      volatilityAnnual,
    };
    const max = rule.maxRepay(context);
    const repay = rule.admissibleRepay ? Math.min(rule.admissibleRepay(max, context), max) : max;
    const result = rule.seize(repay, context);
    if (!(result.collateralSeized > 0)) break;
    outcome.calls += 1;
    outcome.seized += Math.min(result.collateralSeized, collateral);
    outcome.sold += result.liquidatorReceives;
    outcome.repaid += Math.min(result.debtRepaid, debt);
    collateral = result.collateralSeized >= collateral ? 0 : collateral - result.collateralSeized;
    debt = Math.max(0, debt - result.debtRepaid);
  }
  outcome.emptied = collateral === 0;
  outcome.collateralLeft = collateral;
  outcome.debtLeft = debt;
  return outcome;
}
