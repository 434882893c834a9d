import type { LendingSpec } from '../../scenario/schema.js';
import type { LiquidationRule } from './rule.js';
import { aaveV3Rule } from './aave-v3.js';
import { aaveV33Rule } from './aave-v33.js';
import { morphoBlueRule } from './morpho-blue.js';
import { eulerV2Rule } from './euler-v2.js';
import { volatilityBonusRule } from './volatility-bonus.js';

export type { LiquidationContext, LiquidationRule, BadDebtBearer } from './rule.js';

/**
 * The registry of instant rules: the repay-for-collateral rule a lending protocol's scenario entry
 * asks for, or undefined when its mechanism is an auction, absorption or a stability pool.
 *
 * @example liquidationRuleFor(scenario.protocols[0])?.name; // 'aave-v3'
 */
export function liquidationRuleFor(spec: LendingSpec): LiquidationRule | undefined {
  const rule = spec.liquidationRule;
  switch (rule.type) {
    case 'aave-v3':
      return aaveV3Rule(spec);
    case 'aave-v3.3':
      return aaveV33Rule(spec);
    case 'morpho-blue':
      return morphoBlueRule(spec.liquidationThreshold);
    case 'euler-v2':
      return eulerV2Rule(rule.maxDiscount);
    case 'volatility-bonus':
      return volatilityBonusRule({ ...spec, ...rule });
    default:
      return undefined;
  }
}

/** Volatility the protocol's estimate starts from and its half-life, blocks. */
export function volatilitySettingsFor(spec: LendingSpec): { initialAnnual: number; halfLifeBlocks: number } {
  const rule = spec.liquidationRule;
  if (rule.type === 'volatility-bonus')
    return { initialAnnual: rule.referenceVolatilityAnnual, halfLifeBlocks: rule.halfLifeBlocks };
  const dynamic = spec.dynamicThreshold ?? spec.riskOracle;
  return dynamic
    ? { initialAnnual: dynamic.referenceVolatilityAnnual, halfLifeBlocks: dynamic.halfLifeBlocks }
    : { initialAnnual: 0, halfLifeBlocks: 300 };
}
