import type { Chain, Transaction } from '../chain/chain.js';
import { liquidatorFor, type KeeperOutcome, type KeeperTurn, type Liquidator } from './liquidators/index.js';
import { liquidateCrossAccounts, type CrossKeeperMarket } from './cross-liquidator.js';
import type { EngineMarket, KeeperMarket } from './keeper-market.js';
import { crossWork, expectedWork } from './keeper-fees.js';
import { BundleSimulation } from './bundle-simulation.js';
import type { OevAuction } from '../liquidation/oev-auction.js';
import type { KeeperSettings } from './keeper-settings.js';

export type { KeeperSettings } from './keeper-settings.js';
export type { EngineMarket, KeeperMarket } from './keeper-market.js';

/** A {@link KeeperTurn} whose gas cost the keeper may reset each block. */
type MutableKeeperTurn = { -readonly [K in keyof KeeperTurn]: KeeperTurn[K] };

/**
 * A liquidator. Each block it sends one transaction; within it, it visits its engines in the world's engine order
 * (lending protocols, then cross-asset pools), each while the engine allows liquidations. Its strategy for the
 * engine's mechanism ({@link liquidatorFor}, one per engine, kept for the run; `liquidateCrossAccounts` on a pool)
 * chooses what to do there
 * (an instant liquidation, an auction kick, take or bid, a purchase of absorbed collateral) within the keeper's
 * capital, call limit, latency and minimum profit; the mechanism only prices and executes the calls. Whatever
 * collateral it gets it sells at once on the venue that pays the most: that sale is the feedback.
 *
 * @example
 * const keeper = new Keeper(settings, chain, [{ protocol, venues: [cex, pool], sales }]);
 * keeper.submit(); // runs when the chain executes the block's transactions
 */
export class Keeper {
  liquidations = 0;
  /** Calls made, liquidations or not (kicks, bids, absorbs): what its per-block call limit counts. */
  calls = 0;
  profitUsd = 0;
  gasUsd = 0;
  proceedsUsd = 0;
  /** Slippage of its sales: collateral sold, valued at the sale venue's mid just before each sale, minus proceeds (≥
   * 0). */
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
    /** The engines it liquidates on, in the world's engine order. */
    private readonly markets: readonly EngineMarket[],
    /** USD price of the native asset (gas), for converting an opportunity into a tip. */
    private readonly nativePriceUsd: () => number = () => 0,
  ) {
    this.lendingMarkets = markets.filter((m): m is KeeperMarket => m.kind !== 'cross-lending');
    this.crossMarkets = markets.filter((m): m is CrossKeeperMarket => m.kind === 'cross-lending');
    this.liquidators = markets.map((market) =>
      market.kind === 'cross-lending'
        ? { act: (turn: KeeperTurn) => liquidateCrossAccounts(turn, market, this.recordCross) }
        : liquidatorFor(market),
    );
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

  /** The lending and the cross-asset entries of `markets`, for the fee-market dry run of {@link submit}. */
  private readonly lendingMarkets: readonly KeeperMarket[];
  private readonly crossMarkets: readonly CrossKeeperMarket[];
  /** Its strategy on each engine, in `markets` order, kept for the run (with its caches). */
  private readonly liquidators: readonly Liquidator[];

  /** Paid for the right to liquidate in oracle-extractable-value auctions, USD (counted in `profitUsd`). */
  oevPaidUsd = 0;
  /** Calls the transaction in flight has gas for (fee market). */
  private callsPerTransaction = 0;
  /** Whether the transaction in flight was sent only for protocols that auction the right to liquidate. */
  private onlyOevWork = false;

  /**
   * The most liquidation calls one transaction of this keeper may make in a block: `maxLiquidationsPerBlock`, and
   * under a fee market no more than its gas cap allows (⌊maxTxGas / gasUnits⌋, at least one).
   *
   * @example keeper.callAllowance() // 20
   */
  callAllowance(): number {
    const { settings } = this;
    if (!this.chain.feeMarket) return settings.maxLiquidationsPerBlock;
    // Under a fee market, gas for as many calls as the transaction's gas cap allows.
    return Math.min(
      settings.maxLiquidationsPerBlock,
      Math.max(1, Math.floor((settings.maxTxGas ?? 5_000_000) / Math.max(1, settings.gasUnits))),
    );
  }

  /**
   * Sends this block's liquidation transaction. Under a fee market only when there is work, with gas for it, at
   * its tip and budget. The keeper first simulates its transaction ({@link expectedWork} on one {@link
   * BundleSimulation}):
   * a 'pga' keeper contests the block's instant liquidations in a priority gas auction up to what its simulated
   * calls yield, and every keeper bids, in the OEV auction of each protocol that holds one, what its simulated calls
   * there yield less their gas and its minimum profit on each.
   */
  submit(): void {
    const market = this.chain.feeMarket;
    if (!market) {
      this.chain.submit(this.transaction);
      return;
    }
    const { settings } = this;
    const maxCalls = this.callAllowance();
    const callGasUsd = this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei, settings.maxFeeGwei);
    const block = this.chain.clock.block;
    let raceCalls = crossWork(this.crossMarkets);
    let oevCalls = 0;
    let raceValueUsd = 0;
    // One dry run of the whole transaction: markets in the order `act` visits them, sharing capital, calls and venues.
    const bundle = new BundleSimulation(settings.capitalUsd, maxCalls);
    for (const m of this.lendingMarkets) {
      const work = expectedWork(m, bundle, callGasUsd, settings.minProfitUsd, settings.latencyBlocks);
      if (m.oev) {
        // What the calls yield in sequence, less their gas and the keeper's minimum profit on each.
        m.oev.bid(block, settings.id, work.valueUsd - work.calls * (callGasUsd + settings.minProfitUsd));
        oevCalls += work.calls;
      } else {
        raceCalls += work.calls;
        raceValueUsd += work.valueUsd;
      }
    }
    const calls = Math.min(raceCalls + oevCalls, maxCalls);
    if (calls === 0) return;
    this.onlyOevWork = raceCalls === 0;
    const gasUnits = settings.gasUnits * calls;
    this.callsPerTransaction = calls;
    // The tip at which the race's value is all spent on gas: value / gas − the price before tip.
    const maxTipGwei = raceValueUsd / (gasUnits * 1e-9 * this.nativePriceUsd()) - market.quoteGwei(0);
    const contested =
      settings.gasBidding === 'pga' && Number.isFinite(maxTipGwei) && maxTipGwei > settings.priorityFeeGwei;
    this.chain.submit({
      ...this.transaction,
      key: settings.id,
      kind: 'liquidation',
      gasUnits,
      maxFeeGwei: settings.maxFeeGwei,
      contest: contested ? { group: 'liquidation', maxTipGwei } : undefined,
      execute: this.actWithGasLimit,
    });
  }

  /** Under a fee market: the calls the transaction has gas for; a transaction that does nothing burns its revert gas.
   * */
  private readonly actWithGasLimit = (): number => {
    const { settings } = this;
    const calls = Math.min(settings.maxLiquidationsPerBlock, this.callsPerTransaction);
    this.act(calls);
    const made = calls - Math.max(0, this.turn.actionsLeft);
    if (made > 0) return made * settings.gasUnits;
    // A bundle for OEV auctions only: the auction forwards the winner's alone, so a loser's never lands.
    if (this.onlyOevWork) return 0;
    const revertGas = settings.revertGasUnits ?? 30_000;
    const revertUsd = this.chain.gasCostUsd(revertGas, settings.priorityFeeGwei);
    this.gasUsd += revertUsd;
    this.profitUsd -= revertUsd;
    return revertGas;
  };

  private readonly act = (calls = this.settings.maxLiquidationsPerBlock): void => {
    const { turn, settings } = this;
    turn.gasUsd = this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
    turn.capitalLeft = settings.capitalUsd;
    turn.actionsLeft = calls;
    const block = this.chain.clock.block;
    const { markets } = this;
    // One loop over the engines, in the world's engine order (lending protocols, then cross-asset pools).
    for (let m = 0; m < markets.length; m++) {
      const market = markets[m];
      if (turn.actionsLeft <= 0 || turn.capitalLeft <= 0) return;
      if (market.kind !== 'cross-lending' && market.oev && !this.holdsOevRight(market.oev, block)) continue;
      if (market.protocol.liquidationsAllowed()) this.liquidators[m].act(turn);
    }
  };

  /** Whether this keeper won the block's OEV auction; the winner pays for it here, as its transaction lands. */
  private holdsOevRight(oev: OevAuction, block: number): boolean {
    if (oev.winner(block) !== this.settings.id) return false;
    const paid = oev.pay(block, this.settings.id);
    this.oevPaidUsd += paid;
    this.profitUsd -= paid;
    return true;
  }

  /** Books a call on a cross-asset pool: its collateral by asset symbol, everything else like any call. */
  private readonly recordCross = (asset: string, outcome: KeeperOutcome): void => {
    this.crossCollateralReceived.set(asset, (this.crossCollateralReceived.get(asset) ?? 0) + outcome.collateral);
    this.record({ ...outcome, collateral: 0 });
  };

  private readonly record = (outcome: KeeperOutcome): void => {
    this.calls += 1;
    if (outcome.liquidation) this.liquidations += 1;
    this.collateralReceived += outcome.collateral;
    this.gasUsd += outcome.gasUsd;
    this.proceedsUsd += outcome.proceedsUsd;
    this.incentivesUsd += outcome.incentiveUsd ?? 0;
    this.profitUsd += outcome.proceedsUsd + (outcome.incentiveUsd ?? 0) - outcome.costUsd - outcome.gasUsd;
    this.slippageUsd += outcome.preTradeValueUsd - outcome.proceedsUsd;
  };
}
