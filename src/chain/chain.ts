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

  /** Includes every queued transaction, highest priority fee first (stable), and runs them in that order. */
  executePending(): void {
    const ordered = this.pending
      .map((tx, order) => ({ tx, order }))
      .sort((a, b) => b.tx.priorityFeeGwei - a.tx.priorityFeeGwei || a.order - b.order);
    this.pending = [];
    for (const { tx } of ordered) tx.execute();
  }
}
