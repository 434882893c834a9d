import type { GenerationSales } from '../../analysis/cascade-generations.js';
import { CauseTally } from '../../analysis/cause-tally.js';

/**
 * Running totals of one lending protocol; the source of its liquidation and loss metrics.
 *
 * @example
 * protocol.ledger.badDebtUsd; // bad debt written off so far
 */
export class LendingLedger {
  liquidations = 0;
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
  /** Collateral units handed back to account owners (auction leftovers, absorption surplus). */
  collateralReturned = 0;
  /** Collateral units handed to Stability Pool depositors by offsets (Liquity), whether they sell or hold it. */
  collateralToStabilityPool = 0;
  /** Collateral units added back to accounts by redistribution of a liquidated account (Liquity). */
  collateralRedistributed = 0;
  /** Debt units added to accounts by redistribution of a liquidated account (Liquity). */
  debtRedistributed = 0;
  /** Incentives the protocol paid keepers for starting or restarting liquidations (Maker tip and chip, Liquity gas compensation), USD. */
  keeperIncentivesUsd = 0;
  debtRepaidUsd = 0;
  /** Collected beyond the debt repaid, USD: seized value at the oracle − debt repaid (instant), auction proceeds − debt (auctions). */
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
  /** Debt units cancelled and collateral units paid out by stablecoin redemptions against the book (Liquity redeemCollateral). */
  redeemedDebt = 0;
  redeemedCollateral = 0;
  readonly liquidationsByGeneration: number[] = [];

  // Per-block accumulators, cleared by the recorder after each block.
  blockLiquidations = 0;
  readonly blockLiquidatedUsdByGeneration: number[] = [];

  /** Records one liquidation of a generation-`generation` account. */
  countLiquidation(generation: number, seizedUsd: number, sales?: GenerationSales): void {
    this.causes.record(generation, seizedUsd, sales);
    this.liquidations += 1;
    this.blockLiquidations += 1;
    while (this.liquidationsByGeneration.length <= generation) this.liquidationsByGeneration.push(0);
    while (this.blockLiquidatedUsdByGeneration.length <= generation) this.blockLiquidatedUsdByGeneration.push(0);
    this.liquidationsByGeneration[generation] += 1;
    this.blockLiquidatedUsdByGeneration[generation] += seizedUsd;
  }

  /** Liquidations by cause, for the contagion report. */
  readonly causes = new CauseTally();

  /** Clears the per-block accumulators. */
  clearBlock(): void {
    this.blockLiquidations = 0;
    this.blockLiquidatedUsdByGeneration.fill(0);
  }
}
