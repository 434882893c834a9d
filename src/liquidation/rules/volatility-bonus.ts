import { fixedBonusLiquidation } from '../fixed-bonus.js';
import { closeFactor } from '../health.js';
import type { LiquidationRule } from './rule.js';
import type { AaveV3Parameters } from './aave-v3.js';

/** Bounds and scale of a volatility-scaled bonus; see `liquidationRule` in docs/scenario.md. */
export interface VolatilityBonusParameters extends AaveV3Parameters {
  minBonus: number;
  maxBonus: number;
  /** Volatility at which the bonus equals `liquidationBonus`. */
  referenceVolatilityAnnual: number;
}

/**
 * Bonus proportional to realised volatility, clamped: bonus = clamp(base·σ/σ_ref, min, max).
 *
 * @example volatilityScaledBonus(0.05, 1.6, 0.8, 0.02, 0.15) // 0.1
 */
export function volatilityScaledBonus(
  base: number,
  volatility: number,
  reference: number,
  min: number,
  max: number,
): number {
  return Math.min(max, Math.max(min, (base * volatility) / reference));
}

/**
 * Aave v3's rule with a dynamic bonus (one way to damp the loop): the bonus follows the oracle's
 * realised volatility, so calm markets pay less and keepers still come when moves are violent.
 *
 * @example volatilityBonusRule({ ...aave, minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 });
 */
export function volatilityBonusRule(p: VolatilityBonusParameters): LiquidationRule {
  return {
    name: 'volatility-bonus',
    badDebtBearer: 'insurance-fund',
    readsVolatility: true,
    maxRepay: (c) => c.debt * closeFactor(c.health, p.closeFactor, p.fullCloseBelowHealth),
    seize: (repay, c, out) => {
      const bonus = volatilityScaledBonus(
        p.liquidationBonus,
        c.volatilityAnnual,
        p.referenceVolatilityAnnual,
        p.minBonus,
        p.maxBonus,
      );
      return fixedBonusLiquidation(repay, c.collateral, c.collateralPrice, c.debtPrice, bonus, p.protocolFeeShare, out);
    },
  };
}
