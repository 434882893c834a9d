/**
 * Accounts after their first liquidation. A close factor leaves a partly liquidated account in debt and
 * safe again (Aave v3: a 50% repay at health just under 1 lifts it to about (1 − c·β)/(1 − c) ≈ 1.13), so in
 * a gradual fall it is liquidated again, in part, each time the price falls that much further, not closed
 * in full as its block-0 state would be at the final price. The accounts first liquidated at one oracle
 * price are followed as one aggregate account (a cohort), liquidated by the same rule whenever the oracle
 * price falls below its liquidation price.
 */
import { seizeUntilSafe } from './seizure.js';
import type { Work } from './keeper-queue.js';
import { countAboveIn, type Cohort, type LadderSeizure, type LiquidationLadder } from './ladder.js';

/**
 * What liquidating a cohort takes, and the cohort afterwards (undefined when it no longer owes anything).
 *
 * @example
 * const step: CohortStep = { work: { units: 4, repaidUsd: 7000, accounts: 2 }, left: undefined };
 */
export interface CohortStep {
  work: Work;
  left: Cohort | undefined;
}

/**
 * The price below which `cohort` is liquidatable: debt·debtPrice / Σ collateral × threshold.
 *
 * @example
 * cohortLiquidationPrice({ collateral: 1, debt: 1500, collateralThreshold: 0.825, accounts: 1 }, 1); // 1818.18…
 */
export function cohortLiquidationPrice(cohort: Cohort, debtPrice: number): number {
  return (cohort.debt * debtPrice) / cohort.collateralThreshold;
}

/**
 * Liquidates `cohort` at oracle price `price` until safe or empty, with the ladder's rule: the health bands
 * applied to the aggregate health, or the protocol's rule applied to its average account and scaled up.
 *
 * @example
 * // One account, 1 ETH against 1,650 USDC at 1,990 (health 0.995), Aave v3 bands: half the debt for 825·1.05/1990 ETH.
 * liquidateCohort({ collateral: 1, debt: 1650, collateralThreshold: 0.825, accounts: 1 }, seizure, 1, 1990).work.repaidUsd; // 825
 */
export function liquidateCohort(cohort: Cohort, seizure: LadderSeizure, debtPrice: number, price: number): CohortStep {
  const none: CohortStep = { work: { units: 0, repaidUsd: 0, accounts: 0 }, left: cohort };
  // Aave v3 GenericLogic: health = collateral·price·LT / (debt·debtPrice), liquidatable below 1.
  const health = (price * cohort.collateralThreshold) / (cohort.debt * debtPrice);
  if (!(health < 1)) return none;
  const work: Work = { units: 0, repaidUsd: 0, accounts: cohort.accounts };
  if (seizure.kind === 'rule') {
    const n = cohort.accounts;
    const threshold = cohort.collateralThreshold / cohort.collateral;
    const s = seizeUntilSafe(
      seizure.rule,
      {
        collateral: cohort.collateral / n,
        debt: cohort.debt / n,
        debtPrice,
        threshold: () => threshold,
        volatilityAnnual: seizure.volatilityAnnual,
      },
      price,
    );
    work.units = s.sold * n;
    work.repaidUsd = s.repaid * n * debtPrice;
    const alive = s.collateralLeft > 0 && s.debtLeft > 0;
    return {
      work,
      left: alive
        ? {
            collateral: s.collateralLeft * n,
            debt: s.debtLeft * n,
            collateralThreshold: s.collateralLeft * n * threshold,
            accounts: n,
          }
        : undefined,
    };
  }
  const b = seizure.bands;
  if (health < b.emptiedBelow) {
    work.units = cohort.collateral * b.soldShare;
    work.repaidUsd = (cohort.collateral * price) / b.seizedPerRepaid;
    return { work, left: undefined };
  }
  const band = b.bands.find((x) => health >= x.lower && health < x.upper);
  if (!band) return none;
  const repaid = band.debtShare * cohort.debt;
  // Fixed bonus: repaid value × (1 + b) / P; Euler: repaid value / (P·h).
  const seized = band.inverseHealth
    ? (repaid * debtPrice) / (price * health)
    : (repaid * debtPrice * b.seizedPerRepaid) / price;
  work.units = Math.min(seized, cohort.collateral) * b.soldShare;
  work.repaidUsd = repaid * debtPrice;
  const collateral = cohort.collateral - seized;
  if (band.debtShare >= 1 || !(collateral > 0)) return { work, left: undefined };
  return {
    work,
    left: {
      collateral,
      debt: cohort.debt - repaid,
      collateralThreshold: collateral * seizure.threshold,
      accounts: cohort.accounts,
    },
  };
}

/** What a block without a new low adds: nothing (shared, never written). */
const NO_WORK: Readonly<Work> = Object.freeze({ units: 0, repaidUsd: 0, accounts: 0 });

/**
 * One protocol's accounts as the oracle price falls: accounts liquidated for the first time come from the
 * ladder; those liquidated before are followed as cohorts, kept by liquidation price, highest first.
 *
 * @example
 * const book = new LiquidationBook(ladder);
 * book.fallTo(1950).units; // what first liquidations and re-liquidations down to 1,950 sell
 */
export class LiquidationBook {
  /** Lowest oracle price already liquidated at (the ladder's accounts above it have had their first liquidation). */
  private lowest = Number.POSITIVE_INFINITY;
  /** Live cohorts and their liquidation prices, both in descending order of price. */
  private cohorts: Cohort[] = [];
  private prices: number[] = [];
  /** Index in the ladder of the first account whose liquidation price is at or below `lowest`. */
  private next = 0;

  constructor(private readonly ladder: LiquidationLadder) {}

  /** Liquidates everything a fall of the oracle price to `price` makes liquidatable (nothing unless it is a new low).
   * */
  fallTo(price: number): Readonly<Work> {
    if (!(price < this.lowest)) return NO_WORK;
    const { ladder } = this;
    // Most new lows reach no new account and no cohort: the next account down the ladder and the highest cohort
    // both sit at or below the price. The ladder is sorted, so the next account is the first below `lowest`.
    while (this.next < ladder.size && ladder.prices[this.next] > this.lowest) this.next++;
    const reachesAccount = this.next < ladder.size && ladder.prices[this.next] > price;
    if (!reachesAccount && !(this.prices.length > 0 && this.prices[0] > price)) {
      this.lowest = price;
      return NO_WORK;
    }
    const first = ladder.firstLiquidations(price, this.lowest);
    const work = first.work;
    // Only a prefix of the cohorts (those whose liquidation price is above `price`) is liquidatable.
    let liquidatable = 0;
    while (liquidatable < this.prices.length && this.prices[liquidatable] > price) liquidatable++;
    const again = this.cohorts.splice(0, liquidatable);
    this.prices.splice(0, liquidatable);
    for (const cohort of again) {
      const step = liquidateCohort(cohort, ladder.seizure, ladder.debtPrice, price);
      work.units += step.work.units;
      work.repaidUsd += step.work.repaidUsd;
      work.accounts += step.work.accounts;
      if (step.left) this.insert(step.left);
    }
    if (first.left) this.insert(first.left);
    this.lowest = price;
    return work;
  }

  /** Adds a cohort at its place by liquidation price (descending). */
  private insert(cohort: Cohort): void {
    const price = cohortLiquidationPrice(cohort, this.ladder.debtPrice);
    const lo = countAboveIn(this.prices, price);
    this.cohorts.splice(lo, 0, cohort);
    this.prices.splice(lo, 0, price);
  }
}
