import { fixedBonusLiquidation } from '../fixed-bonus.js';
import { closeFactor } from '../health.js';
import type { LiquidationContext, LiquidationRule } from './rule.js';

/** Parameters of the Aave v3 rule; see `protocols[]` in docs/scenario.md. */
export interface AaveV3Parameters {
  liquidationBonus: number;
  closeFactor: number;
  fullCloseBelowHealth: number;
  protocolFeeShare: number;
}

/**
 * Aave v3 LiquidationLogic.executeLiquidationCall: repay up to closeFactor·debt (all of it at or below
 * health 0.95) for collateral worth repay·(1 + bonus), less the protocol's share of the bonus; bad debt
 * goes to the reserve (insurance) fund.
 *
 * @example
 * const rule = aaveV3Rule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0.1 });
 */
export function aaveV3Rule(parameters: AaveV3Parameters): LiquidationRule {
  return {
    name: 'aave-v3',
    badDebtBearer: 'insurance-fund',
    maxRepay: (c: LiquidationContext) =>
      c.debt * closeFactor(c.health, parameters.closeFactor, parameters.fullCloseBelowHealth),
    seize: (repay, c, out) =>
      fixedBonusLiquidation(
        repay,
        c.collateral,
        c.collateralPrice,
        c.debtPrice,
        parameters.liquidationBonus,
        parameters.protocolFeeShare,
        out,
      ),
  };
}
