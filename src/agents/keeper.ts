import type { Chain, Transaction } from '../chain/chain.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import type { CollateralMarket, KeeperOutcome, KeeperTurn } from '../liquidation/mechanisms/mechanism.js';
import { liquidateCrossAccounts, type CrossKeeperMarket } from './cross-liquidator.js';

/** A keeper's settings; see `keepers[]` in docs/scenario.md. */
export interface KeeperSettings {
  id: string;
  /** USD of debt it can repay (or bid) per block (inventory recycled by selling every block). */
  capitalUsd: number;
  gasUnits: number;
  latencyBlocks: number;
  minProfitUsd: number;
  priorityFeeGwei: number;
  maxLiquidationsPerBlock: number;
  /** English auctions: bid what the lot is worth to the keeper ('value') or the least the auction accepts ('minimum'). */
  auctionBidding: 'value' | 'minimum';
}

/** A {@link KeeperTurn} whose gas cost the keeper may reset each block. */
type MutableKeeperTurn = { -readonly [K in keyof KeeperTurn]: KeeperTurn[K] };

/** What a keeper needs to see of one protocol: the protocol and its collateral market. */
export interface KeeperMarket extends CollateralMarket {
  protocol: LendingProtocol;
}

/**
 * A liquidator. Each block it sends one transaction; within it, each protocol's liquidation
 * mechanism decides what the keeper does there (an instant liquidation, an auction kick, take or
 * bid, a purchase of absorbed collateral), within the keeper's capital, call limit, latency and
 * minimum profit. Whatever collateral it gets it sells at once on the venue that pays the most:
 * that sale is the feedback.
 *
 * @example
 * const keeper = new Keeper(settings, chain, [{ protocol, venues: [cex, pool], sales }]);
 * keeper.submit(); // runs when the chain executes the block's transactions
 */
export class Keeper {
  liquidations = 0;
  profitUsd = 0;
  gasUsd = 0;
  proceedsUsd = 0;
  /** Collateral received, valued at the oracle price, minus what its sale fetched. */
  slippageUsd = 0;
  /** Collateral units received from liquidations (all sold at once). */
  collateralReceived = 0;
  /** Incentives received from protocols, USD. */
  incentivesUsd = 0;
  /** Collateral units received from cross-asset pools, by asset symbol (kept out of `collateralReceived`). */
  readonly crossCollateralReceived = new Map<string, number>();

  constructor(
    readonly settings: KeeperSettings,
    private readonly chain: Chain,
    private readonly markets: readonly KeeperMarket[],
    /** Cross-asset pools, liquidated after the lending markets. */
    private readonly crossMarkets: readonly CrossKeeperMarket[] = [],
  ) {
    this.turn = { settings, gasUsd: 0, capitalLeft: 0, actionsLeft: 0, record: this.record };
    this.transaction = { sender: settings.id, priorityFeeGwei: settings.priorityFeeGwei, execute: this.act };
  }

  /**
   * This keeper's turn, allocated once and reset at the start of every `act`. Reuse cannot change a result:
   * every field is rewritten before any mechanism reads it, no mechanism keeps the turn past its `act` call
   * (they read and decrement its fields only), and a keeper's transactions run one at a time.
   */
  private readonly turn: MutableKeeperTurn;
  /**
   * This keeper's transaction, allocated once: the chain only queues it until the block's `executePending`,
   * reads `sender`/`priorityFeeGwei` (fixed settings) to order it, and calls `execute`, as it did with a fresh one.
   */
  private readonly transaction: Transaction;

  /** Sends this block's liquidation transaction. */
  submit(): void {
    this.chain.submit(this.transaction);
  }

  private readonly act = (): void => {
    const { turn, settings } = this;
    turn.gasUsd = this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
    turn.capitalLeft = settings.capitalUsd;
    turn.actionsLeft = settings.maxLiquidationsPerBlock;
    for (const market of this.markets) {
      if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
      if (market.protocol.liquidationsAllowed()) market.protocol.mechanism.act(turn, market);
    }
    for (const market of this.crossMarkets) {
      if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
      liquidateCrossAccounts(turn, market, this.recordCross);
    }
  };

  /** Books a call on a cross-asset pool: its collateral by asset symbol, everything else like any call. */
  private readonly recordCross = (asset: string, outcome: KeeperOutcome): void => {
    this.crossCollateralReceived.set(asset, (this.crossCollateralReceived.get(asset) ?? 0) + outcome.collateral);
    this.record({ ...outcome, collateral: 0 });
  };

  private readonly record = (outcome: KeeperOutcome): void => {
    if (outcome.liquidation) this.liquidations += 1;
    this.collateralReceived += outcome.collateral;
    this.gasUsd += outcome.gasUsd;
    this.proceedsUsd += outcome.proceedsUsd;
    this.incentivesUsd += outcome.incentiveUsd ?? 0;
    this.profitUsd += outcome.proceedsUsd + (outcome.incentiveUsd ?? 0) - outcome.costUsd - outcome.gasUsd;
    this.slippageUsd += outcome.oracleValueUsd - outcome.proceedsUsd;
  };
}
