import { fixedBonusLiquidation } from '../fixed-bonus.js';
import type { LiquidationRule } from './rule.js';

/**
 * Euler v2 (euler-vault-kit Liquidation.calculateMaxLiquidation) discount factor: the account's
 * liquidation health score, floored at 1 − maxDiscount. The liquidator gets repaid/discountFactor of value.
 *
 * @example eulerDiscountFactor(0.93, 0.15) // 0.93 (a 7% discount)
 */
export function eulerDiscountFactor(health: number, maxDiscount: number): number {
  return Math.max(health, 1 - maxDiscount);
}

/**
 * Euler v2: the discount grows with how unhealthy the account is, capped at `maxDiscount`; the whole
 * liability may be repaid; yield = repay/discountFactor in value, and when that exceeds the collateral the
 * repay shrinks to collateral·discountFactor. No protocol fee. Debt left with no collateral is socialised
 * to the vault's suppliers.
 *
 * @example eulerV2Rule(0.15).seize(1000, { ...context, health: 0.93 }).collateralSeized; // 1000/0.93/price
 */
export function eulerV2Rule(maxDiscount: number): LiquidationRule {
  return {
    name: 'euler-v2',
    badDebtBearer: 'suppliers',
    maxRepay: (c) => c.debt,
    seize: (repay, c, out) =>
      fixedBonusLiquidation(
        repay,
        c.collateral,
        c.collateralPrice,
        c.debtPrice,
        1 / eulerDiscountFactor(c.health, maxDiscount) - 1,
        0,
        out,
      ),
  };
}
