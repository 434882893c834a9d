import type { FixedBonusLiquidation } from '../fixed-bonus.js';

/** What a rule may read of the account and market when a liquidation is priced. */
export interface LiquidationContext {
  /** Account health factor at the oracle price (collateral·price·LT / debt). */
  health: number;
  /** Account debt, debt-asset units. */
  debt: number;
  /** Account collateral, collateral units. */
  collateral: number;
  collateralPrice: number;
  debtPrice: number;
  /** Annualised realised volatility of the protocol's oracle price (for volatility-scaled bonuses). */
  volatilityAnnual: number;
}

/** Who bears debt left once an account's collateral is gone. */
export type BadDebtBearer = 'insurance-fund' | 'suppliers';

/**
 * A repay-for-discounted-collateral liquidation rule (Aave, Morpho Blue, Euler v2, volatility-scaled bonus):
 * how much debt a liquidator may repay now and what collateral that buys.
 *
 * @example
 * const outcome = rule.seize(rule.maxRepay(context), context);
 */
export interface LiquidationRule {
  readonly name: string;
  readonly badDebtBearer: BadDebtBearer;
  /** True when the rule reads `volatilityAnnual` (no other context field changes from block to block by itself). */
  readonly readsVolatility?: boolean;
  /** Most debt (debt-asset units) one call may repay now. */
  maxRepay(context: LiquidationContext): number;
  /**
   * Collateral seized for repaying `repay` (capped by the balance, shrinking the repay to match). A rule may
   * write the outcome into `out` and return it instead of allocating; callers use the returned object.
   */
  seize(repay: number, context: LiquidationContext, out?: FixedBonusLiquidation): FixedBonusLiquidation;
  /** The repay the rule accepts nearest `repay` (e.g. Aave v3.3's dust rule); every repay when absent. */
  admissibleRepay?(repay: number, context: LiquidationContext): number;
}
