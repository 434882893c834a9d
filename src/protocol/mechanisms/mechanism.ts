import type { Venue } from '../../market/venues/venue.js';
import type { GenerationSales } from '../../attribution/cascade-generations.js';
import type { KeeperSettings } from '../../agents/keeper.js';
import type { BadDebtBearer } from '../../liquidation/rules/rule.js';

/** What a keeper sees of one protocol's collateral market: where it sells and where sales are recorded. */
export interface CollateralMarket {
  /** Venues trading the protocol's collateral against its debt asset. */
  readonly venues: readonly Venue[];
  /** Liquidation sales of the collateral by cascade generation (shared by every protocol on it). */
  readonly sales: GenerationSales;
  /** For a CDP whose debt is a traded stablecoin: where keepers buy it to repay (the liquidation buy-back). */
  readonly debtMarket?: DebtMarket;
}

/** Where keepers buy a CDP's stablecoin to repay its debt, with running totals of what they bought. */
export interface DebtMarket {
  readonly venues: readonly Venue[];
  /** Stablecoins bought by keepers to repay debt. */
  bought: number;
  spentUsd: number;
}

/** One keeper's budget for the rest of its transaction in the current block. */
export interface KeeperTurn {
  readonly settings: KeeperSettings;
  /** USD gas cost of one call at the keeper's priority fee. */
  readonly gasUsd: number;
  /** USD the keeper may still spend this block (capital recycles every block: what it buys it sells at once). */
  capitalLeft: number;
  /** Calls the keeper may still make this block. */
  actionsLeft: number;
  /** Books one call: its gas, the collateral it brought in, what that sold for and what it cost. */
  record(outcome: KeeperOutcome): void;
}

/** What one keeper call produced, in USD and collateral units. */
export interface KeeperOutcome {
  /** Collateral units the keeper received (and sold). */
  collateral: number;
  /** USD its sale fetched. */
  proceedsUsd: number;
  /** USD the keeper paid the protocol for it (debt repaid, auction bid). */
  costUsd: number;
  /** The collateral at the sale venue's mid just before the sale, USD (the yardstick of slippage: ≥ proceeds). */
  preTradeValueUsd: number;
  /** USD of gas paid. */
  gasUsd: number;
  /** USD the protocol paid the keeper as an incentive (Maker tip + chip·tab, Liquity gas compensation in stablecoin).
   * */
  incentiveUsd?: number;
  /** Counted as a liquidation by the keeper (false for calls that only start auctions or bid). */
  liquidation: boolean;
}

/**
 * How a lending protocol turns unsafe accounts into repaid debt: an instant repay-for-collateral
 * call (Aave, Morpho, Euler), Dutch (Maker Clipper) or English (Maker Flipper) auctions, absorption
 * into the protocol (Compound v3), or a stability pool (Liquity). The protocol finds unsafe accounts;
 * the mechanism decides what keepers can do with them and holds whatever is in progress.
 *
 * @example
 * protocol.mechanism.onBlock();           // step 5: time-driven state (auction ends, resets)
 * protocol.mechanism.act(turn, market);   // step 6: one keeper's calls on this protocol
 */
export interface LiquidationMechanism {
  /** Registry name, the scenario's `liquidationRule.type`. */
  readonly name: string;
  /** Who bears debt left once an account's collateral is gone. */
  readonly badDebtBearer: BadDebtBearer;
  /** Time-driven changes at the protocol-check step of each block, before keepers act. */
  onBlock(): void;
  /** One keeper's calls on this protocol within its transaction. */
  act(turn: KeeperTurn, market: CollateralMarket): void;
  /** Collateral units taken from accounts and not yet handed on (auction lots, protocol-held collateral). */
  collateralPending(): number;
  /** Debt-asset units taken from accounts and not yet repaid or written off (auction debt). */
  debtPending(): number;
}
