import { LiquidationCounts } from '../liquidation-counts.js';

/**
 * One ADL fill: part of a bankrupt position closed against an opposite-side profitable position at the bankruptcy
 * price.
 *
 * @example const fill: AdlFill = { block: 120, market: 'ETH-PERP', account: 17, counterparty: 402, size: 3.2, price: 1810.5 };
 */
export interface AdlFill {
  block: number;
  market: string;
  /** The liquidated account. */
  account: number;
  /** The profitable account deleveraged against it. */
  counterparty: number;
  /** Base units closed on both sides. */
  size: number;
  /** The liquidated position's bankruptcy price, USD. */
  price: number;
}

/** Liquidations of one market by side. */
export interface MarketLiquidations {
  market: string;
  longCloses: number;
  shortCloses: number;
  /** Notional closed (at fill or transfer prices), USD. */
  longNotionalUsd: number;
  shortNotionalUsd: number;
}

/**
 * What a perpetual exchange went through in a run.
 *
 * @example
 * const p: PerpReport = result.perps![0];
 * console.log(p.insuranceFund.minUsd, p.adl.fills);
 */
export interface PerpReport {
  protocol: string;
  marginMode: 'isolated' | 'cross';
  /** Liquidation events (an account's partial or full close, or a backstop takeover, in one block). */
  liquidations: number;
  accountsLiquidated: number;
  byMarket: MarketLiquidations[];
  insuranceFund: { startUsd: number; minUsd: number; endUsd: number; feesUsd: number; paidUsd: number };
  adl: { fills: number; notionalUsd: number; events: AdlFill[] };
  /** Losses charged to profitable accounts (socialisation, or what ADL and the fund left), USD. */
  socialisedLossUsd: number;
  /** Deficits nobody could absorb (no profitable account left), USD. */
  uncoveredDeficitUsd: number;
  backstop?: { takeovers: number; notionalUsd: number; pnlUsd: number };
  /** Largest |mark − index| / index over blocks and markets. */
  maxMarkIndexDeviation: number;
  /** Blocks from the first liquidation to the first later block with no account under maintenance; null if none. */
  blocksToRecovery: number | null;
  /** Funding paid by longs to shorts (negative: received), USD. */
  fundingPaidByLongsUsd: number;
  /** Margin deposits by traders, and their total, USD. */
  marginDeposits: number;
  marginDepositedUsd: number;
}

/**
 * Running totals behind a {@link PerpReport}.
 *
 * @example const ledger = new PerpLedger(['ETH-PERP']); ledger.closed(0, 1, 5000);
 */
export class PerpLedger extends LiquidationCounts {
  accountsLiquidated = 0;
  readonly byMarket: MarketLiquidations[];
  feesUsd = 0;
  fundPaidUsd = 0;
  fundMinUsd = Number.POSITIVE_INFINITY;
  readonly adlEvents: AdlFill[] = [];
  adlNotionalUsd = 0;
  socialisedLossUsd = 0;
  uncoveredDeficitUsd = 0;
  /** Negative equity of accounts closed out (the perp exchange's bad debt): paid by the fund, socialised or uncovered,
   * USD. */
  deficitUsd = 0;
  /** Price impact and fees of liquidation orders: units at the venue's mid before each fill − proceeds (sells), cost −
   * units at mid (buys), USD. */
  slippageUsd = 0;
  takeovers = 0;
  takeoverNotionalUsd = 0;
  maxMarkIndexDeviation = 0;
  firstLiquidationBlock: number | null = null;
  recoveredBlock: number | null = null;
  fundingPaidByLongsUsd = 0;
  marginDeposits = 0;
  marginDepositedUsd = 0;
  /** Per block, cleared by the recorder: notional liquidated and ADL notional, USD. */
  blockLiquidatedUsd = 0;
  blockAdlUsd = 0;

  constructor(markets: readonly string[]) {
    super();
    this.byMarket = markets.map((market) => ({
      market,
      longCloses: 0,
      shortCloses: 0,
      longNotionalUsd: 0,
      shortNotionalUsd: 0,
    }));
  }

  /** Books a close of `notionalUsd` of a position on `side` (+1 long) in market `m`. */
  closed(m: number, side: number, notionalUsd: number): void {
    const row = this.byMarket[m];
    if (side > 0) {
      row.longCloses += 1;
      row.longNotionalUsd += notionalUsd;
    } else {
      row.shortCloses += 1;
      row.shortNotionalUsd += notionalUsd;
    }
    this.blockLiquidatedUsd += notionalUsd;
  }

  /** Notes the block's state after liquidations: whether any account was still under maintenance at the scan. */
  endBlock(block: number, liquidatedThisBlock: boolean, unsafeAtScan: number): void {
    if (liquidatedThisBlock && this.firstLiquidationBlock === null) this.firstLiquidationBlock = block;
    if (
      this.firstLiquidationBlock !== null &&
      this.recoveredBlock === null &&
      unsafeAtScan === 0 &&
      block > this.firstLiquidationBlock
    )
      this.recoveredBlock = block;
  }
}
