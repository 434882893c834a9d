import type { Venue } from '../../market/venues/venue.js';
import type { LendingProtocol } from '../../protocol/lending/lending-protocol.js';
import type { SalesSink } from '../../protocol/attribution-records.js';

/** What a keeper sees of one protocol's collateral market: where it sells and where sales are recorded. */
export interface CollateralMarket {
  /** Venues trading the protocol's collateral against its debt asset. */
  readonly venues: readonly Venue[];
  /** Where liquidation sales of the collateral are recorded by cascade generation (shared by every protocol on it). */
  readonly sales: SalesSink;
  /** For a CDP whose debt is a traded stablecoin: where keepers buy it to repay (the liquidation buy-back). */
  readonly debtMarket?: DebtMarket;
}

/** A lending protocol and its collateral market: what a liquidator acts on. */
export interface LiquidatorMarket extends CollateralMarket {
  readonly protocol: LendingProtocol;
}

/** Where keepers buy a CDP's stablecoin to repay its debt, with running totals of what they bought. */
export interface DebtMarket {
  readonly venues: readonly Venue[];
  /** Stablecoins bought by keepers to repay debt. */
  bought: number;
  spentUsd: number;
}

/** The part of a keeper's settings its liquidation strategy reads (`KeeperSettings` satisfies it). */
export interface LiquidatorSettings {
  readonly id: string;
  /** USD of debt it can repay (or bid) per block. */
  readonly capitalUsd: number;
  readonly latencyBlocks: number;
  readonly minProfitUsd: number;
  /** English auctions: bid the lot's value, the least accepted, or the least until a rival bids. */
  readonly auctionBidding: 'value' | 'minimum' | 'competitive';
}

/** One keeper's budget for the rest of its transaction in the current block. */
export interface KeeperTurn {
  readonly settings: LiquidatorSettings;
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
 * Books a call that moved no collateral (a bite, a bid, an absorb, an auction kick or redo): its gas and any incentive
 * the protocol paid.
 *
 * @example recordGasOnlyCall(turn, false); // a Flipper bid: gas only
 */
export function recordGasOnlyCall(turn: KeeperTurn, liquidation: boolean, incentiveUsd?: number): void {
  turn.record({
    collateral: 0,
    proceedsUsd: 0,
    costUsd: 0,
    preTradeValueUsd: 0,
    gasUsd: turn.gasUsd,
    incentiveUsd,
    liquidation,
  });
}
