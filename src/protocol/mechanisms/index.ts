import type { LendingSpec } from '../../scenario/schema.js';
import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { BadDebtBearer } from '../../liquidation/rules/rule.js';
import { liquidationRuleFor } from '../../liquidation/rules/index.js';
import { InvariantError } from '../../kernel/errors.js';
import { InstantLiquidation } from './instant.js';
import { MakerClipLiquidation } from './maker-clip.js';
import { MakerFlipLiquidation } from './maker-flip.js';
import { CompoundAbsorbLiquidation } from './compound-absorb.js';
import { LiquityStabilityPoolLiquidation, LIQUITY_LIQUIDATION_THRESHOLD } from './liquity-pool.js';
import type { LiquidationMechanism } from './mechanism.js';

export type { LiquidationMechanism } from './mechanism.js';

/**
 * The registry: the liquidation mechanism a lending protocol's scenario entry asks for, bound to
 * the protocol.
 *
 * @example protocol.attach(mechanismFor(spec, protocol));
 */
export function mechanismFor(spec: LendingSpec, protocol: LendingProtocol): LiquidationMechanism {
  const rule = spec.liquidationRule;
  switch (rule.type) {
    case 'maker-clip':
      return new MakerClipLiquidation(protocol, rule);
    case 'maker-flip':
      return new MakerFlipLiquidation(protocol, rule);
    case 'compound-v3':
      return new CompoundAbsorbLiquidation(protocol, rule);
    case 'liquity-v1':
      return new LiquityStabilityPoolLiquidation(protocol, rule);
    default: {
      const instant = liquidationRuleFor(spec);
      if (!instant) throw new InvariantError(`no liquidation mechanism for rule type ${rule.type}`);
      return new InstantLiquidation(protocol, instant);
    }
  }
}

/** The liquidation threshold the protocol checks accounts against (Liquity's is fixed by its MCR). */
export function monitorThreshold(spec: LendingSpec): number {
  return spec.liquidationRule.type === 'liquity-v1' ? LIQUITY_LIQUIDATION_THRESHOLD : spec.liquidationThreshold;
}

/** Who bears debt left once an account's collateral is gone, by mechanism. */
export function badDebtBearerFor(spec: LendingSpec): BadDebtBearer {
  const rule = liquidationRuleFor(spec);
  if (rule) return rule.badDebtBearer;
  // Liquity redistributes to the other troves; Maker's surplus buffer and Comet's reserves pay first.
  return spec.liquidationRule.type === 'liquity-v1' ? 'suppliers' : 'insurance-fund';
}
