/**
 * A transaction as agents submit it to a chain (chain.ts), and the kinds the fee statistics count.
 * Its own module so that the chain, its fee market and the fee report (chain-report.ts) all import it without a cycle.
 */
/** What a transaction is for, in the chain's fee statistics. */
export type TxKind = 'liquidation' | 'oracle' | 'top-up' | 'arbitrage' | 'attack';

/** A transaction submitted by an agent; it runs when the chain includes it. */
export interface Transaction {
  /** Who sent it (agent id), for ordering ties and reports. */
  readonly sender: string;
  /**
   * Tip per gas unit, gwei; blocks include higher tips first. Under a first-price fee market it is bid on top of
   * the going gas price (see `Chain.bid` in chain.ts).
   */
  readonly priorityFeeGwei: number;
  /** Fee market only: gas limit of the transaction, the block space it takes (default 0). */
  readonly gasUnits?: number;
  /** Fee market only: the most the sender pays per gas, base fee included, gwei (its gas budget; default unbounded). */
  readonly maxFeeGwei?: number;
  /** Fee market only: replacement slot; a new transaction with the same key replaces a pending one only with a 10% bump
   * (default: sender). */
  readonly key?: string;
  /** Fee market only: what it is for, in the chain's statistics (default 'liquidation'). */
  readonly kind?: TxKind;
  /** Fee market only: a priority gas auction group and the most tip worth paying; see src/chain/pga.ts. */
  readonly contest?: { readonly group: string; readonly maxTipGwei: number };
  /**
   * Runs against the state left by every transaction ordered before it in the block. Under a fee market it may
   * return the gas it used (default: `gasUnits`), which is what it pays for.
   */
  execute(): number | void;
}
