import type { Clock } from '../kernel/clock.js';
import type { FeeMarket } from './fee-market.js';
import type { Transaction } from './transaction.js';

export type { Transaction, TxKind } from './transaction.js';

/**
 * One chain: a block clock, gas pricing, and the ordering of agents' transactions in a block.
 * Without a fee market, every transaction submitted in a block is included in it, highest priority fee first
 * (ties keep submission order), at a fixed gas price plus its tip. With one ({@link FeeMarket}), transactions
 * wait in a mempool and compete for the block gas limit with background demand, at a moving base fee.
 *
 * @example
 * chain.submit({ sender: 'keeper-1', priorityFeeGwei: 2, execute: () => {} });
 * chain.executePending();
 */
export class Chain {
  private pending = new TxQueue();
  /** An emptied queue kept for reuse, so that a block allocates no array (undefined while lent out). */
  private spare: TxQueue | undefined = new TxQueue();
  /** Native price at the end of the last block, for the return that drives volatility-linked demand. */
  private lastNativePrice: number;

  constructor(
    readonly clock: Clock,
    /** Without a fee market: base fee plus typical tip paid by every transaction, gwei. */
    readonly gasPriceGwei: number,
    /** USD price of the asset gas is paid in, read when a cost is computed. */
    private readonly nativePriceUsd: () => number,
    /** The fee market, if the scenario has one. */
    readonly feeMarket?: FeeMarket,
  ) {
    this.lastNativePrice = nativePriceUsd();
  }

  /**
   * USD cost of `gasUnits`. Without a fee market: at the chain's gas price plus `priorityFeeGwei`. With one:
   * inside a transaction, at the price that transaction pays; outside, at what a transaction with this tip and
   * `maxFeeGwei` would pay in the next block.
   */
  gasCostUsd(gasUnits: number, priorityFeeGwei: number, maxFeeGwei?: number): number {
    return gasUnits * this.gasPriceFor(priorityFeeGwei, maxFeeGwei) * 1e-9 * this.nativePriceUsd();
  }

  /** The gas price, gwei, behind {@link gasCostUsd}. */
  private gasPriceFor(priorityFeeGwei: number, maxFeeGwei?: number): number {
    const market = this.feeMarket;
    if (!market) return this.gasPriceGwei + priorityFeeGwei;
    return this.executing ? market.executingPriceGwei : market.quoteGwei(priorityFeeGwei, maxFeeGwei);
  }

  /** True while a transaction runs. */
  private executing = false;

  /** Queues a transaction for the current block (with a fee market: for the mempool). */
  submit(tx: Transaction): void {
    if (this.feeMarket) this.feeMarket.submit(tx);
    else this.pending.push(tx);
  }

  /**
   * Builds the block. Without a fee market: includes every queued transaction, highest priority fee first
   * (stable), and runs them in that order; transactions submitted while these run wait for the next call.
   * With one: see {@link FeeMarket.runBlock}.
   */
  executePending(): void {
    this.executing = true;
    if (this.feeMarket) {
      const price = this.nativePriceUsd();
      this.feeMarket.runBlock(this.clock.block, Math.log(price / this.lastNativePrice));
      this.lastNativePrice = price;
      this.executing = false;
      return;
    }
    const ordered = this.pending;
    this.pending = this.spare ?? new TxQueue();
    this.spare = undefined;
    byPriorityFee(ordered.items, ordered.size);
    for (let k = 0; k < ordered.size; k++) ordered.items[k].execute();
    ordered.clear();
    this.spare = ordered;
    this.executing = false;
  }
}

/**
 * One block's queue of transactions, in submission order. It keeps its array between blocks: truncating an array to
 * length 0 releases its storage, and refilling it every block would allocate.
 */
class TxQueue {
  /** The first `size` entries are the queue; those past it are stale, kept only until overwritten. */
  readonly items: Transaction[] = [];
  size = 0;

  push(tx: Transaction): void {
    this.items[this.size++] = tx;
  }

  clear(): void {
    this.size = 0;
  }
}

/** Above this many transactions in a block, sorting falls back to Array.prototype.sort (insertion sort is quadratic).
 * */
const INSERTION_SORT_LIMIT = 32;

/**
 * Sorts in place by priority fee, highest first; equal fees keep submission order. Insertion sort: a block
 * holds a handful of transactions. It moves a transaction only past strictly lower fees, so it is stable and
 * gives the order of the comparator (b.fee − a.fee || a.index − b.index) for the finite fees scenarios allow.
 */
function byPriorityFee(txs: Transaction[], count: number): void {
  if (count > INSERTION_SORT_LIMIT) {
    // Many transactions: the library sort with the index as tie-break, as before.
    const sorted = txs
      .slice(0, count)
      .map((tx, index) => ({ tx, index }))
      .sort((a, b) => b.tx.priorityFeeGwei - a.tx.priorityFeeGwei || a.index - b.index);
    for (let k = 0; k < sorted.length; k++) txs[k] = sorted[k].tx;
    return;
  }
  for (let k = 1; k < count; k++) {
    const tx = txs[k];
    let j = k - 1;
    while (j >= 0 && txs[j].priorityFeeGwei < tx.priorityFeeGwei) {
      txs[j + 1] = txs[j];
      j--;
    }
    txs[j + 1] = tx;
  }
}
