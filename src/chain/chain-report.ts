import type { TxKind } from './transaction.js';
import type { FeeMode } from './gas-market.js';

/**
 * Transactions of one kind over a run, under a fee market. Delays count blocks from a transaction's first
 * submission (replacements keep it) to its inclusion.
 *
 * @example
 * const t: TxKindStats = report.transactions.oracle;
 * console.log(`${t.included} included, mean delay ${t.meanDelayBlocks} blocks`);
 */
export interface TxKindStats {
  submitted: number;
  /** Submissions that replaced a pending one of the same key (a fee bump). */
  replaced: number;
  /** Submissions refused because they did not bump the pending one's fee by the replacement rule. */
  underpriced: number;
  included: number;
  /** Dropped from the mempool when their time to live ran out. */
  dropped: number;
  meanDelayBlocks: number;
  maxDelayBlocks: number;
  /** Gas they used. */
  gasUsed: number;
  /** Tips paid to the block producer, USD. */
  tipsUsd: number;
  /** Base fee burned, USD. */
  burnedUsd: number;
}

/**
 * Fee-market statistics of a run: what blocks cost and who waited. USD at the native asset's fundamental price
 * in each block.
 *
 * @example
 * const chain: ChainReport = result.chain!;
 * chain.maxGasPriceGwei; // peak clearing price
 */
export interface ChainReport {
  mode: FeeMode;
  /** Mean and peak base fee, gwei (0 under first-price pricing). */
  meanBaseFeeGwei: number;
  maxBaseFeeGwei: number;
  /** Clearing gas price of a block (base fee + the background's tip), mean and peak, gwei. */
  meanGasPriceGwei: number;
  maxGasPriceGwei: number;
  /** Share of blocks the builder filled to the gas limit (gas limits as declared). */
  fullBlockShare: number;
  /** Agents' transactions by kind (kinds that never submitted are omitted). */
  transactions: Partial<Record<TxKind, TxKindStats>>;
  /** Tips agents paid the block producer, USD. */
  producerTipsUsd: number;
  /** Oracles: seconds between the block's time and the reading behind the visible answer, mean and peak, by oracle id.
   * */
  oracleAgeSeconds: Record<string, { mean: number; max: number }>;
  /** Oracle-extractable-value auctions, by protocol (present when a protocol holds them). */
  oev?: { protocol: string; auctions: number; recapturedUsd: number; operatorUsd: number }[];
}

/**
 * Running totals of one kind of transaction, turned into {@link TxKindStats} at the end.
 *
 * @example
 * const tally = new TxTally(); tally.submitted += 1; tally.stats();
 */
export class TxTally {
  submitted = 0;
  replaced = 0;
  underpriced = 0;
  included = 0;
  dropped = 0;
  delaySum = 0;
  maxDelayBlocks = 0;
  gasUsed = 0;
  tipsUsd = 0;
  burnedUsd = 0;

  /** The totals as reported. */
  stats(): TxKindStats {
    const { submitted, replaced, underpriced, included, dropped, maxDelayBlocks, gasUsed, tipsUsd, burnedUsd } = this;
    return {
      submitted,
      replaced,
      underpriced,
      included,
      dropped,
      meanDelayBlocks: included > 0 ? this.delaySum / included : 0,
      maxDelayBlocks,
      gasUsed,
      tipsUsd,
      burnedUsd,
    };
  }
}
