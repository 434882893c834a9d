// What the liquidation engine of a perpetual exchange reads and writes of it (PerpProtocol implements it), apart from
// perp-protocol.ts so the engine and the exchange do not import each other.
import type { PerpSpec } from '../../scenario/schema-perp.js';
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import type { LiquidationCauses } from '../attribution-records.js';
import type { PerpBook } from './perp-book.js';
import type { PerpLedger } from './perp-ledger.js';
import type { PerpMarket } from './perp-market.js';

/** A perpetual exchange as its liquidation engine ({@link PerpLiquidator}) sees it. */
export interface PerpExchange {
  readonly id: string;
  readonly spec: PerpSpec;
  readonly book: PerpBook;
  readonly fund: InsuranceFund;
  readonly ledger: PerpLedger;
  /** Liquidations by cause, for the contagion report. */
  readonly causes: LiquidationCauses;
  readonly markets: readonly PerpMarket[];
  /** Account index of the market makers and of the backstop vault. */
  readonly maker: number;
  readonly vault: number;
  readonly block: number;
  /** Account equity at the mark prices, USD. */
  equity(account: number): number;
  /** Whether the account holds any position. */
  hasPosition(account: number): boolean;
  /** Cascade generation of an account under maintenance, and the market it was read on. */
  generationOf(account: number, equity: number, maintenance: number): { generation: number; market?: PerpMarket };
}
