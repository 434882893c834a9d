import type { BadDebtBearer } from '../../liquidation/rules/rule.js';

/**
 * How a lending protocol turns unsafe accounts into repaid debt: an instant repay-for-collateral
 * call (Aave, Morpho, Euler), Dutch (Maker Clipper) or English (Maker Flipper) auctions, absorption
 * into the protocol (Compound v3), or a stability pool (Liquity). The protocol finds unsafe accounts;
 * the mechanism states what each call a liquidator may make costs and yields (with production
 * arithmetic), executes it, and holds whatever is in progress. Which calls to make, and what to do
 * with the collateral, is the liquidator's strategy (`src/agents/liquidators/`).
 *
 * @example
 * protocol.mechanism.onBlock();   // step 5: time-driven state (auction ends, resets)
 * liquidatorFor(market).act(turn); // step 6: one keeper's calls on this protocol (agents/liquidators)
 */
export interface LiquidationMechanism {
  /** Registry name, the scenario's `liquidationRule.type`. */
  readonly name: string;
  /** Who bears debt left once an account's collateral is gone. */
  readonly badDebtBearer: BadDebtBearer;
  /** Time-driven changes at the protocol-check step of each block, before keepers act. */
  onBlock(): void;
  /** Collateral units taken from accounts and not yet handed on (auction lots, protocol-held collateral). */
  collateralPending(): number;
  /** Debt-asset units taken from accounts and not yet repaid or written off (auction debt). */
  debtPending(): number;
}
