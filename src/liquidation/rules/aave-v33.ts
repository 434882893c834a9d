import { fixedBonusLiquidation } from '../fixed-bonus.js';
import type { FixedBonusLiquidation } from '../fixed-bonus.js';
import type { LiquidationContext, LiquidationRule } from './rule.js';
import type { AaveV3Parameters } from './aave-v3.js';

/** Aave v3.3 LiquidationLogic: MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2,000 USD. */
export const CLOSE_FACTOR_MIN_USD = 2000;
/** Aave v3.3 LiquidationLogic: MIN_LEFTOVER_BASE = 1,000 USD. */
export const MIN_LEFTOVER_USD = 1000;

/**
 * Aave v3.3 close factor: 0.5 only while health > 0.95 and both the collateral and the debt position are
 * worth at least 2,000 USD; 1.0 otherwise.
 *
 * @example aaveV33CloseFactor({ health: 0.97, debt: 1500, collateral: 1, collateralPrice: 2000, debtPrice: 1, volatilityAnnual: 0 }, 0.5, 0.95) // 1 (debt below 2,000 USD)
 */
export function aaveV33CloseFactor(
  c: LiquidationContext,
  defaultCloseFactor: number,
  fullCloseBelowHealth: number,
): number {
  const large =
    c.collateral * c.collateralPrice >= CLOSE_FACTOR_MIN_USD && c.debt * c.debtPrice >= CLOSE_FACTOR_MIN_USD;
  return c.health > fullCloseBelowHealth && large ? defaultCloseFactor : 1;
}

/**
 * Aave v3.3: the v3 fixed bonus with the 2,000 USD close-factor threshold and the dust rule: unless a call
 * takes all the debt or all the collateral, what remains of each must be worth at least 1,000 USD. A repay
 * that would leave dust is lowered to the largest repay that does not, or raised to the full close-factor
 * amount when no partial repay is allowed. Debt left with no collateral becomes the reserve's deficit.
 *
 * @example aaveV33Rule(parameters).admissibleRepay?.(repay, context);
 */
export function aaveV33Rule(p: AaveV3Parameters): LiquidationRule {
  const seize = (repay: number, c: LiquidationContext, out?: FixedBonusLiquidation) =>
    fixedBonusLiquidation(
      repay,
      c.collateral,
      c.collateralPrice,
      c.debtPrice,
      p.liquidationBonus,
      p.protocolFeeShare,
      out,
    );
  const maxRepay = (c: LiquidationContext) => c.debt * aaveV33CloseFactor(c, p.closeFactor, p.fullCloseBelowHealth);
  return {
    name: 'aave-v3.3',
    badDebtBearer: 'insurance-fund',
    maxRepay,
    seize,
    admissibleRepay: (repay, c) => {
      const takesAll = (r: number) => r >= c.debt || seize(r, c).collateralSeized >= c.collateral;
      if (takesAll(repay)) return repay;
      // Largest partial repay leaving ≥ 1,000 USD of debt and of collateral (the seizure includes the fee).
      const byDebt = c.debt - MIN_LEFTOVER_USD / c.debtPrice;
      const byCollateral =
        (c.collateral * c.collateralPrice - MIN_LEFTOVER_USD) / (c.debtPrice * (1 + p.liquidationBonus));
      const partial = Math.min(repay, byDebt, byCollateral);
      if (partial > 0) return partial;
      const full = maxRepay(c);
      return takesAll(full) ? full : 0;
    },
  };
}
