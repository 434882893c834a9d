import { fixedBonusLiquidation } from '../fixed-bonus.js';
import type { LiquidationRule } from './rule.js';

/** Morpho Blue ConstantsLib: MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15, LIQUIDATION_CURSOR = 0.3. */
const MAX_INCENTIVE_FACTOR = 1.15;
const LIQUIDATION_CURSOR = 0.3;

/**
 * Morpho Blue Morpho.liquidate incentive factor: LIF = min(1.15, 1 / (1 − cursor·(1 − LLTV))), cursor 0.3.
 *
 * @example liquidationIncentiveFactor(0.86) // 1/(1 − 0.3·0.14) = 1.0438…
 */
export function liquidationIncentiveFactor(lltv: number): number {
  return Math.min(MAX_INCENTIVE_FACTOR, 1 / (1 - LIQUIDATION_CURSOR * (1 - lltv)));
}

/**
 * Morpho Blue: no close factor (the whole debt may be repaid), seized = repaid·LIF/price, no protocol
 * fee; debt left with no collateral is realised as bad debt and taken from the suppliers.
 *
 * @example morphoBlueRule(0.86).seize(1000, context).collateralSeized; // 1000·LIF/price
 */
export function morphoBlueRule(lltv: number): LiquidationRule {
  const bonus = liquidationIncentiveFactor(lltv) - 1;
  return {
    name: 'morpho-blue',
    badDebtBearer: 'suppliers',
    maxRepay: (c) => c.debt,
    seize: (repay, c, out) => fixedBonusLiquidation(repay, c.collateral, c.collateralPrice, c.debtPrice, bonus, 0, out),
  };
}
