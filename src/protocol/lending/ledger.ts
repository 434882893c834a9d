import type { LiquidationCauses, SalesByGeneration } from '../attribution-records.js';
import { LiquidationCounts } from '../liquidation-counts.js';

/**
 * Running totals of one lending protocol; the source of its liquidation and loss metrics.
 *
 * @example
 * protocol.ledger.badDebtUsd; // bad debt written off so far
 */
export class LendingLedger extends LiquidationCounts {
  constructor(
    /** Liquidations by cause, for the contagion report. */
    readonly causes: LiquidationCauses,
  ) {
    super();
  }

  accountsLiquidated = 0;
  /** Collateral units seized (protocol fee included). */
  collateralSeized = 0;
  /** Collateral seized valued at the oracle price at seizure, USD. */
  collateralSeizedUsd = 0;
  /** Collateral units handed to liquidators. */
  collateralToLiquidators = 0;
  /** Collateral units kept as protocol fee. */
  protocolFeeCollateral = 0;
  protocolFeesUsd = 0;
  /** Collateral units handed back to account owners (auction leftovers, Liquity's surplus above 110%). */
  collateralReturned = 0;
  /**
   * Value handed back to account owners, USD: returned collateral at the oracle price when it was taken from the
   * account, and surplus credited in the debt asset (Compound v3's absorb credit).
   */
  collateralReturnedUsd = 0;
  /** Collateral units handed to Stability Pool depositors by offsets (Liquity), whether they sell or hold it. */
  collateralToStabilityPool = 0;
  /** Collateral units added back to accounts by redistribution of a liquidated account (Liquity). */
  collateralRedistributed = 0;
  /** Debt units added to accounts by redistribution of a liquidated account (Liquity). */
  debtRedistributed = 0;
  /** Incentives the protocol paid keepers for starting or restarting liquidations (Maker tip and chip, Liquity gas
   * compensation), USD. */
  keeperIncentivesUsd = 0;
  debtRepaidUsd = 0;
  /**
   * What borrowers lost to liquidation, USD: collateral taken from their accounts (at the oracle when taken) − value
   * handed back to them − debt taken off their accounts (repaid, redistributed, written off or still in liquidation).
   * The same rule for every mechanism; booked as each part happens, so a running auction counts its whole lot as
   * taken until its leftovers come back. An account liquidated underwater contributes a negative amount (its
   * written-off debt exceeded its collateral).
   */
  penaltiesUsd = 0;
  badDebtUsd = 0;
  /** Part of badDebtUsd taken from suppliers (Morpho Blue, Euler v2) rather than the insurance fund. */
  socialisedBadDebtUsd = 0;
  topUps = 0;
  /** Collateral units added by top-ups. */
  topUpCollateral = 0;
  topUpCollateralUsd = 0;
  /** Collateral units deposited and debt units borrowed through openPosition (adversaries). */
  openedCollateral = 0;
  openedDebt = 0;
  /** Debt units cancelled and collateral units paid out by stablecoin redemptions against the book (Liquity
   * redeemCollateral). */
  redeemedDebt = 0;
  redeemedCollateral = 0;

  /** Records one liquidation of a generation-`generation` account. */
  countLiquidation(generation: number, seizedUsd: number, sales?: SalesByGeneration): void {
    this.causes.record(generation, seizedUsd, sales);
    this.countByGeneration(generation, seizedUsd);
  }
}
