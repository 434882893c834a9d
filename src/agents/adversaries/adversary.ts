/**
 * Adversaries: agents with their own capital that attack the system (oracle manipulation with flash loans,
 * cascade hunting, pump-and-borrow). Like every agent they act only through transactions on the chain and
 * trades on venues; each keeps its own PnL, reported at the end of the run.
 */

/**
 * What an attack did and what it earned, USD at the fundamental price when booked. Never NaN or Infinity.
 *
 * @example
 * const r: AdversaryReport = attacker.report();
 * console.log(r.profitUsd > 0 ? 'paid off' : 'lost money');
 */
export interface AdversaryReport {
  readonly id: string;
  /** Scenario type of the adversary (e.g. `flash-loan`). */
  readonly type: string;
  /** Own capital the attack needed (margin, funds spent and not borrowed), USD. */
  readonly capitalUsd: number;
  /** Largest amount borrowed at once (flash loan, borrowed asset for a short), USD. */
  readonly borrowedUsd: number;
  /** Everything the attack brought in, USD. */
  readonly revenueUsd: number;
  /** Everything it paid: trading losses and fees, loan fees and interest, gas, USD. */
  readonly costUsd: number;
  /** revenueUsd − costUsd. */
  readonly profitUsd: number;
  /** What the attacked protocols lost because of it: bad debt written off, unbacked loans, USD. */
  readonly protocolLossUsd: number;
  /** What borrowers lost in the liquidations it caused or made (their liquidation penalties), USD. */
  readonly borrowerLossUsd: number;
  /** Block the attack's first transaction executed in; null if it never did. */
  readonly executedBlock: number | null;
  /** Numbers particular to the adversary type, named in its documentation. */
  readonly details: Readonly<Record<string, number>>;
}

/**
 * An attacker in the world. At step 6 of every block it may submit transactions to the chain; it books its
 * own PnL and reports it after the run.
 *
 * @example
 * world.adversaries.push(attacker);
 * for (let b = 0; b < world.blocks; b++) stepBlock(world);
 * attacker.report().profitUsd;
 */
export interface Adversary {
  readonly id: string;
  /** Step 6 of the block: submit this block's transactions, if any. */
  submit(): void;
  /** The attack's outcome so far. */
  report(): AdversaryReport;
  /** Collateral units it received from liquidations it made (0 for adversaries that do not liquidate); the conservation
   * check counts it. */
  collateralFromLiquidations(): number;
}
