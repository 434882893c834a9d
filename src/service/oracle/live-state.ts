// What the oracle reads of the live book: the subset of LiveBook (src/service/book/live-book.ts) it uses, as a
// structural type, so the analysis can run on any object with these methods (tests use small stand-ins).
import type { Scenario } from '../../scenario/schema.js';
import type { ProtocolSummary } from '../book/live-book.js';

/** One lending protocol in a book summary (the fields the oracle reads). */
export type LiveProtocolSummary = Omit<ProtocolSummary, 'unsafeCollateralUsd'>;

/**
 * The live book as the oracle sees it: the served scenario, the sequence of the last applied update, prices,
 * depths, gas and each lending protocol's accounts and parameters.
 *
 * @example const view: LiveBookView = book; // a LiveBook is one
 */
export interface LiveBookView {
  readonly scenario: Scenario;
  readonly sequence: number;
  protocolIds(): string[];
  price(asset: string): number;
  gasGwei(): number;
  depth(venue: string): { depthUsdPer1Pct?: number; liquidityUsd?: number };
  summary(): { sequence: number; prices: Record<string, number>; gasGwei: number; protocols: LiveProtocolSummary[] };
  /** The accounts, a copy; `withNames` false may leave `account` empty (the book is about to be merged). */
  rows(protocol: string, withNames?: boolean): { account: string[]; collateral: Float64Array; debt: Float64Array };
  setThreshold(protocol: string, liquidationThreshold: number, liquidationBonus?: number): void;
}
