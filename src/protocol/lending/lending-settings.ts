import type { Oracle } from '../../oracle/oracle.js';
import type { StalenessGuard } from '../../oracle/staleness.js';
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import type { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { BadDebtBearer, LiquidationRule } from '../../liquidation/rules/rule.js';
import type { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import type { ThresholdScale } from '../../liquidation/risk-oracle/threshold-scale.js';
import type { AttributionFactory, SalesByGeneration } from '../attribution-records.js';
import type { AccountBook } from './account-book.js';
import type { ThresholdTier } from './threshold-tiers.js';

/** Parameters of an Aave-like lending market with one collateral and one debt asset. */
export interface LendingSettings {
  id: string;
  collateral: string;
  debt: string;
  liquidationThreshold: number;
  /** Lower thresholds for larger positions, ascending by `aboveDebtUsd` (empty: one threshold for all). */
  thresholdTiers: readonly ThresholdTier[];
  /** For instant liquidations: how much may be repaid and what collateral it buys (Aave v3, Morpho Blue, Euler v2, …).
   * */
  rule?: LiquidationRule;
  /** Who bears debt left once an account's collateral is gone. */
  badDebtBearer: BadDebtBearer;
  /** Share of protocol fees paid into the insurance fund. */
  feesToInsurance: number;
  /** Health factor under which owners with a reserve top up (1 when no one tops up). */
  topUpBelowHealth: number;
}

/** The stateful pieces a lending protocol works with. */
export interface LendingParts {
  book: AccountBook;
  oracle: Oracle;
  /** Freshness check on the oracle's answer and what to do when it is stale; none: every answer is used. */
  staleness?: StalenessGuard;
  /** Constant USD price of the debt asset. */
  debtPrice: number;
  fund: InsuranceFund;
  /** Liquidation sales of the collateral asset by cascade generation (shared by every protocol on it). */
  sales: SalesByGeneration;
  volatility: RealizedVolatility;
  breaker: CircuitBreaker;
  /** Threshold scale moved during the run (volatility rule or risk oracle); thresholds are fixed when absent. */
  dynamicThreshold?: ThresholdScale;
  /** Makes the protocol's classifier and cause tally (src/attribution's, handed down by whoever builds the world). */
  attribution: AttributionFactory;
}

/** How unsafe accounts are found each block: the trigger-price index, or a scan of every account. */
export type ScanMode = 'index' | 'naive';
