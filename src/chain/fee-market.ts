import type { Transaction, TxKind } from './transaction.js';
import { GasMarket, backgroundTipGwei, type GasMarketConfig } from './gas-market.js';
import { Mempool, type FeeBid, type MempoolConfig, type PendingTx } from './mempool.js';
import { priorityGasAuction } from './pga.js';
import { TxTally, type ChainReport } from './chain-report.js';

/**
 * Settings of a chain's fee market.
 *
 * @example
 * const settings: FeeMarketSettings = { gas: { mode: 'eip1559', gasLimit: 30e6, initialBaseFeeGwei: 20, demand: { baseGas: 14e6 } }, mempool: { ttlBlocks: 50 } };
 */
export interface FeeMarketSettings {
  readonly gas: GasMarketConfig;
  readonly mempool: MempoolConfig;
  /**
   * Blocks a transaction waits before its sender's next submission of the same key re-bids it (a gas escalator:
   * both fee caps up by the replacement bump, within the sender's budget). Default 3, as a Chainlink node's
   * BumpThreshold. A submission of a key pending for fewer blocks is ignored.
   */
  readonly rebidAfterBlocks?: number;
}

/** Fee cap standing for "no budget" (geth needs finite caps), gwei. */
const UNBOUNDED_FEE_GWEI = 1e9;
/** 1 wei in gwei. */
const ONE_WEI_GWEI = 1e-9;

/**
 * The block building of a chain with a fee market: agents' transactions wait in a mempool and compete with
 * exogenous background demand for the block gas limit; a block takes the highest effective tips first; what
 * does not fit waits, is replaced by a fee bump, or is dropped when its time to live runs out. The base fee moves
 * with fullness (EIP-1559) or is absent (first-price). Transactions contesting the same opportunity first play
 * a priority gas auction ({@link priorityGasAuction}).
 *
 * @example
 * const market = new FeeMarket(settings, () => 2000);
 * market.submit(tx, 1);
 * market.runBlock(1, 0.001); // includes, executes and prices block 1
 */
export class FeeMarket {
  readonly gas: GasMarket;
  private readonly pool: Mempool<Transaction>;
  private incoming: Transaction[] = [];
  /** Block of the first submission of each pending key (replacements keep it). */
  private readonly firstSubmitted = new Map<string, number>();
  private readonly tallies = new Map<TxKind, TxTally>();
  /** Paid gas price (base fee + effective tip) of the transaction executing now, gwei. */
  executingPriceGwei = 0;
  /** Clearing price of the last block built: base fee + background tip, gwei. */
  lastGasPriceGwei: number;
  /** Base fee of the last block built, gwei. */
  lastBaseFeeGwei: number;
  private blocks = 0;
  private fullBlocks = 0;
  private baseFeeSum = 0;
  private maxBaseFee = 0;
  private gasPriceSum = 0;
  private maxGasPrice = 0;
  private producerTipsUsd = 0;

  constructor(
    readonly settings: FeeMarketSettings,
    private readonly nativePriceUsd: () => number,
  ) {
    this.gas = new GasMarket(settings.gas);
    this.pool = new Mempool(settings.mempool);
    this.lastBaseFeeGwei = this.gas.baseFeeGwei;
    this.lastGasPriceGwei =
      this.gas.baseFeeGwei + backgroundTipGwei(settings.gas.demand, 0, settings.mempool.backgroundTipGwei ?? 0);
  }

  /**
   * A sender's fee bid for a tip and an optional budget. EIP-1559: max priority fee = tip, max fee = the wallet
   * default 2·base fee + tip, capped by the budget (re-bids may raise it up to the budget). First-price: one gas
   * price, the going price (last block's clearing price) plus the tip, capped by the budget.
   */
  bid(tipGwei: number, maxFeeGwei?: number): FeeBid {
    if (this.settings.gas.mode === 'first-price')
      return { gasPriceGwei: Math.min(maxFeeGwei ?? UNBOUNDED_FEE_GWEI, this.lastGasPriceGwei + tipGwei) };
    const walletDefault = 2 * this.gas.baseFeeGwei + tipGwei;
    return {
      maxFeePerGasGwei: Math.min(walletDefault, maxFeeGwei ?? walletDefault),
      maxPriorityFeePerGasGwei: tipGwei,
    };
  }

  /** Gas price, gwei, that a transaction with this tip and budget would pay if included in the next block. */
  quoteGwei(tipGwei: number, maxFeeGwei?: number): number {
    const bid = this.bid(tipGwei, maxFeeGwei);
    if ('gasPriceGwei' in bid) return bid.gasPriceGwei;
    return Math.min(bid.maxFeePerGasGwei, this.gas.baseFeeGwei + bid.maxPriorityFeePerGasGwei);
  }

  /** Whether a transaction with this key waits in the mempool. */
  isPending(key: string): boolean {
    return this.pool.has(key);
  }

  /** Queues a transaction submitted in the current block; it enters the mempool when the block is built. */
  submit(tx: Transaction): void {
    this.incoming.push(tx);
  }

  /**
   * Builds `block`: contested transactions play their priority gas auction, every submission enters the mempool,
   * the block is filled (agents and background demand, `blockReturn` being the native asset's return over the
   * block), its transactions run in order, and the base fee moves for the next block.
   */
  runBlock(block: number, blockReturn: number): void {
    const incoming = this.settleContests(this.incoming);
    this.incoming = [];
    for (const tx of incoming) this.enter(tx, block);
    const { gas } = this;
    const baseFee = gas.baseFeeGwei;
    const bgTip = backgroundTipGwei(this.settings.gas.demand, block, this.settings.mempool.backgroundTipGwei ?? 0);
    const built = this.pool.buildBlock(block, baseFee, gas.gasLimit, gas.backgroundGas(block, blockReturn), bgTip);
    for (const tx of built.dropped) {
      this.tally(tx.payload).dropped += 1;
      this.firstSubmitted.delete(tx.key);
    }
    const gweiToUsd = 1e-9 * this.nativePriceUsd();
    let gasUsed = built.backgroundGasUsed;
    for (const { tx, effectiveTipGwei } of built.included) {
      this.executingPriceGwei = baseFee + effectiveTipGwei;
      const used = tx.payload.execute() ?? tx.gasUnits;
      gasUsed += used;
      const tally = this.tally(tx.payload);
      const delay = block - (this.firstSubmitted.get(tx.key) ?? block);
      this.firstSubmitted.delete(tx.key);
      tally.included += 1;
      tally.delaySum += delay;
      tally.maxDelayBlocks = Math.max(tally.maxDelayBlocks, delay);
      tally.gasUsed += used;
      tally.tipsUsd += used * effectiveTipGwei * gweiToUsd;
      tally.burnedUsd += used * baseFee * gweiToUsd;
      this.producerTipsUsd += used * effectiveTipGwei * gweiToUsd;
    }
    // Full when the builder had no room left (gas limits as declared; what the transactions then used may be less).
    this.recordBlock(baseFee, baseFee + bgTip, built.gasUsed >= gas.gasLimit);
    gas.advance(Math.min(gasUsed, gas.gasLimit));
  }

  /** Statistics of the run so far; `oracleAgeSeconds` is filled by the caller, who sees the oracles. */
  report(): ChainReport {
    const n = Math.max(1, this.blocks);
    const transactions: ChainReport['transactions'] = {};
    for (const [kind, tally] of [...this.tallies].sort((a, b) => a[0].localeCompare(b[0])))
      transactions[kind] = tally.stats();
    return {
      mode: this.settings.gas.mode,
      meanBaseFeeGwei: this.baseFeeSum / n,
      maxBaseFeeGwei: this.maxBaseFee,
      meanGasPriceGwei: this.gasPriceSum / n,
      maxGasPriceGwei: this.maxGasPrice,
      fullBlockShare: this.fullBlocks / n,
      transactions,
      producerTipsUsd: this.producerTipsUsd,
      oracleAgeSeconds: {},
    };
  }

  /** Number of transactions waiting. */
  get pendingCount(): number {
    return this.pool.size;
  }

  private enter(tx: Transaction, block: number): void {
    const key = tx.key ?? tx.sender;
    let fees: FeeBid | undefined = this.bid(tx.priorityFeeGwei, tx.maxFeeGwei);
    const waiting = this.pool.get(key);
    if (waiting) {
      if (block - waiting.submitBlock < (this.settings.rebidAfterBlocks ?? 3)) return;
      fees = this.escalated(waiting, fees, tx.maxFeeGwei);
      if (!fees) return;
    }
    const result = this.pool.submit({
      key,
      sender: tx.sender,
      gasUnits: tx.gasUnits ?? 0,
      fees,
      submitBlock: block,
      payload: tx,
    });
    const tally = this.tally(tx);
    tally.submitted += 1;
    if (result.status === 'replaced') tally.replaced += 1;
    else if (result.status === 'underpriced') tally.underpriced += 1;
    if (!this.firstSubmitted.has(key)) this.firstSubmitted.set(key, block);
  }

  /**
   * A re-bid for a stuck transaction: each cap the larger of the fresh bid's and the old one's raised by the
   * replacement bump (plus 1 wei, so integer rounding cannot leave it short), within the budget; undefined when
   * the budget does not allow the bump (the transaction waits as it is).
   */
  private escalated(waiting: PendingTx<Transaction>, fresh: FeeBid, budgetGwei?: number): FeeBid | undefined {
    const factor = 1 + (this.settings.mempool.priceBumpPercent ?? 10) / 100;
    const raise = (old: number, now: number) => Math.max(now, old * factor + ONE_WEI_GWEI);
    const cap = budgetGwei ?? UNBOUNDED_FEE_GWEI;
    if ('gasPriceGwei' in fresh) {
      const price = raise(waiting.maxFeeGwei, fresh.gasPriceGwei);
      return price <= cap ? { gasPriceGwei: price } : undefined;
    }
    const maxFee = raise(waiting.maxFeeGwei, fresh.maxFeePerGasGwei);
    const tip = raise(waiting.maxTipGwei, fresh.maxPriorityFeePerGasGwei);
    return maxFee <= cap && tip <= maxFee ? { maxFeePerGasGwei: maxFee, maxPriorityFeePerGasGwei: tip } : undefined;
  }

  /** Replaces the tips of contested transactions by the outcome of their group's priority gas auction. */
  private settleContests(txs: Transaction[]): Transaction[] {
    const groups = new Map<string, number[]>();
    txs.forEach((tx, k) => {
      if (tx.contest) groups.set(tx.contest.group, [...(groups.get(tx.contest.group) ?? []), k]);
    });
    if (groups.size === 0) return txs;
    const settled = [...txs];
    const bump = this.settings.mempool.priceBumpPercent ?? 10;
    for (const members of groups.values()) {
      const tips = priorityGasAuction(
        members.map((k) => ({ tipGwei: txs[k].priorityFeeGwei, maxTipGwei: txs[k].contest?.maxTipGwei ?? 0 })),
        bump,
      );
      members.forEach((k, m) => (settled[k] = { ...txs[k], priorityFeeGwei: tips[m], execute: txs[k].execute }));
    }
    return settled;
  }

  private tally(tx: Transaction): TxTally {
    const kind = tx.kind ?? 'liquidation';
    let tally = this.tallies.get(kind);
    if (!tally) this.tallies.set(kind, (tally = new TxTally()));
    return tally;
  }

  private recordBlock(baseFee: number, gasPrice: number, full: boolean): void {
    this.blocks += 1;
    if (full) this.fullBlocks += 1;
    this.baseFeeSum += baseFee;
    this.maxBaseFee = Math.max(this.maxBaseFee, baseFee);
    this.gasPriceSum += gasPrice;
    this.maxGasPrice = Math.max(this.maxGasPrice, gasPrice);
    this.lastBaseFeeGwei = baseFee;
    this.lastGasPriceGwei = gasPrice;
  }
}
