// What the account watch reads of its lending protocol (LendingProtocol implements it), apart from
// lending-protocol.ts so the two do not import each other.
import type { ThresholdScale } from '../../liquidation/risk-oracle/threshold-scale.js';
import type { CascadeClassifier } from '../attribution-records.js';
import type { AccountBook } from './account-book.js';
import type { LendingSettings } from './lending-settings.js';

/** A lending protocol as its {@link AccountWatch} sees it. */
export interface WatchedProtocol {
  readonly settings: LendingSettings;
  readonly book: AccountBook;
  readonly classifier: CascadeClassifier;
  readonly dynamicThreshold?: ThresholdScale;
  /** Oracle answer used for this block's checks. */
  readonly price: number;
  readonly debtPrice: number;
  readonly block: number;
  /** Changes of accounts' debt or collateral so far through the protocol's methods (or counted as such). */
  readonly bookWrites: number;
  /** Liquidation threshold of account `i`. */
  thresholdOf(i: number): number;
  /** Collateral price at which account `i` becomes liquidatable. */
  liquidationPrice(i: number): number;
  /** Whether account `i` is liquidatable at the current oracle price. */
  isLiquidatable(i: number): boolean;
}
