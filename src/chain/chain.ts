import type { Clock } from '../kernel/clock.js';

/** A transaction submitted by an agent; it runs when the chain includes it. */
export interface Transaction {
  /** Who sent it (agent id), for ordering ties and reports. */
  readonly sender: string;
  /** Tip per gas unit, gwei; blocks include higher tips first. */
  readonly priorityFeeGwei: number;
  /** Runs against the state left by every transaction ordered before it in the block. */
  execute(): void;
}

/**
 * One chain: a block clock, a gas price, and the ordering of agents' transactions in a block
 * (highest priority fee first; ties keep submission order). This release has no block gas limit,
 * so every submitted transaction is included in the block it was submitted in.
 *
 * @example
 * chain.submit({ sender: 'keeper-1', priorityFeeGwei: 2, execute: () => {} });
 * chain.executePending();
 */
export class Chain {
  private pending: Transaction[] = [];
  /** An emptied queue kept for reuse, so that a block allocates no array (undefined while lent out). */
  private spare: Transaction[] | undefined = [];

  constructor(
    readonly clock: Clock,
    /** Base fee plus typical tip paid by every transaction, gwei. */
    readonly gasPriceGwei: number,
    /** USD price of the asset gas is paid in, read when a cost is computed. */
    private readonly nativePriceUsd: () => number,
  ) {}

  /** USD cost of `gasUnits` at the chain's gas price plus `priorityFeeGwei` (1 gwei = 1e-9 native units). */
  gasCostUsd(gasUnits: number, priorityFeeGwei: number): number {
    return gasUnits * (this.gasPriceGwei + priorityFeeGwei) * 1e-9 * this.nativePriceUsd();
  }

  /** Queues a transaction for the current block. */
  submit(tx: Transaction): void {
    this.pending.push(tx);
  }

  /**
   * Includes every queued transaction, highest priority fee first (stable), and runs them in that order.
   * Transactions submitted while these run wait for the next call.
   */
  executePending(): void {
    const ordered = this.pending;
    this.pending = this.spare ?? [];
    this.spare = undefined;
    byPriorityFee(ordered);
    for (let k = 0; k < ordered.length; k++) ordered[k].execute();
    ordered.length = 0;
    this.spare = ordered;
  }
}

/** Above this many transactions in a block, sorting falls back to Array.prototype.sort (insertion sort is quadratic). */
const INSERTION_SORT_LIMIT = 32;

/**
 * Sorts in place by priority fee, highest first; equal fees keep submission order. Insertion sort: a block
 * holds a handful of transactions. It moves a transaction only past strictly lower fees, so it is stable and
 * gives the order of the comparator (b.fee − a.fee || a.index − b.index) for the finite fees scenarios allow.
 */
function byPriorityFee(txs: Transaction[]): void {
  if (txs.length > INSERTION_SORT_LIMIT) {
    // Many transactions: the library sort with the index as tie-break, as before.
    const sorted = txs.map((tx, index) => ({ tx, index })).sort((a, b) => b.tx.priorityFeeGwei - a.tx.priorityFeeGwei || a.index - b.index);
    for (let k = 0; k < sorted.length; k++) txs[k] = sorted[k].tx;
    return;
  }
  for (let k = 1; k < txs.length; k++) {
    const tx = txs[k];
    let j = k - 1;
    while (j >= 0 && txs[j].priorityFeeGwei < tx.priorityFeeGwei) {
      txs[j + 1] = txs[j];
      j--;
    }
    txs[j + 1] = tx;
  }
}
