import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { LiquidationRule } from '../../liquidation/rules/rule.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import type { LiquidationMechanism } from './mechanism.js';

/**
 * Instant repay-for-collateral liquidation (Aave v3 `liquidationCall`, Morpho Blue `liquidate`,
 * Euler v2 `liquidate`): one call repays `repay` debt-asset units of an unsafe account and hands the
 * liquidator collateral at the rule's bonus. Nothing is in progress between calls. The mechanism
 * quotes and executes calls with the protocol's rule ({@link LendingProtocol.plan}); which accounts a
 * keeper liquidates and for how much is its strategy (`agents/liquidators/instant.ts`).
 *
 * @example
 * protocol.attach(new InstantLiquidation(protocol, aaveV3Rule(spec)));
 * mechanism.quote(account, 1000, scratch).liquidatorReceives; // collateral the liquidator would get
 */
export class InstantLiquidation implements LiquidationMechanism {
  readonly name: string;
  readonly badDebtBearer;

  constructor(
    readonly protocol: LendingProtocol,
    rule: LiquidationRule,
  ) {
    this.name = rule.name;
    this.badDebtBearer = rule.badDebtBearer;
  }

  onBlock(): void {}

  collateralPending(): number {
    return 0;
  }

  debtPending(): number {
    return 0;
  }

  /**
   * What repaying `repay` debt-asset units of `account` would do, written into `out` (debt repaid, collateral
   * seized, protocol fee, collateral to the liquidator), with the rule's close factor, bonus and the seizure
   * allowance; changes nothing.
   */
  quote(account: number, repay: number, out: FixedBonusLiquidation): FixedBonusLiquidation {
    return this.protocol.plan(account, repay, out);
  }

  /** Executes the call {@link quote} describes: the account repays, the liquidator receives its collateral. */
  liquidate(account: number, repay: number): FixedBonusLiquidation {
    return this.protocol.liquidate(account, repay);
  }
}
