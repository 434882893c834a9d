// A keeper's settings, apart from keeper.ts so the modules the keeper uses can name them without importing it.

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
  /** English auctions: bid what the lot is worth ('value'), the least the auction accepts ('minimum'), or the least
   * until a rival bids, then the value ('competitive'). */
  auctionBidding: 'value' | 'minimum' | 'competitive';
  /** Fee market: gas budget, most paid per gas (base fee included), gwei (default: no cap). */
  maxFeeGwei?: number;
  /** Fee market: a fixed tip, or a priority gas auction against other 'pga' keepers (default 'fixed'). */
  gasBidding?: 'fixed' | 'pga';
  /** Fee market: gas burnt by a transaction that lands with nothing left to do (default 30,000). */
  revertGasUnits?: number;
  /** Fee market: gas cap of one transaction; it holds as many calls as fit (default 5,000,000). */
  maxTxGas?: number;
  /** Sells on the best venue (default) or split across venues ('split'; the world hands it routed markets). */
  routing?: 'best-venue' | 'split';
}
