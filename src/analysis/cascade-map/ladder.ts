/**
 * One protocol's accounts sorted once by liquidation price, highest first, with prefix sums of
 * collateral and debt: the volume liquidations would take at any price is then a few binary
 * searches (banded rules) or one pass over the liquidatable prefix (any other instant rule).
 */
import type { LiquidationRule } from '../../liquidation/rules/rule.js';
import type { SeizureBands } from './bands.js';
import { seizeUntilSafe, type SeizureAccount } from './seizure.js';
import type { Work } from './keeper-queue.js';

/**
 * What liquidating every account to safety at one price takes.
 *
 * @example
 * const v: LiquidationVolume = { seizedUnits: 10, soldUnits: 9.9, accounts: 4, emptiedAccounts: 1 };
 */
export interface LiquidationVolume {
  seizedUnits: number;
  soldUnits: number;
  /** Accounts liquidatable at the price. */
  accounts: number;
  /** Of these, accounts whose collateral runs out. */
  emptiedAccounts: number;
}

/**
 * Accounts liquidated for the first time at the same price that still owe debt afterwards, held as one
 * aggregate account: health = P·collateralThreshold / (debt·debtPrice).
 *
 * @example
 * const cohort: Cohort = { collateral: 90, debt: 80_000, collateralThreshold: 74.25, accounts: 12 };
 */
export interface Cohort {
  /** Collateral left, units. */
  collateral: number;
  /** Debt left, debt units. */
  debt: number;
  /** Σ collateral left × each account's liquidation threshold, units. */
  collateralThreshold: number;
  accounts: number;
}

/**
 * What first liquidating a group of accounts takes, and what they keep.
 *
 * @example
 * const first: FirstLiquidations = { work: { units: 12, repaidUsd: 2e4, accounts: 3 }, left: undefined };
 */
export interface FirstLiquidations {
  work: Work;
  /** The accounts still in debt afterwards (partly liquidated), if any. */
  left: Cohort | undefined;
}

/**
 * The accounts of one protocol with debt, by liquidation price (collateral units, debt units).
 *
 * @example
 * const book: LadderBook = { liquidationPrice: [1900, 1500], collateral: [1, 2], debt: [1567.5, 2475], debtPrice: 1 };
 */
export interface LadderBook {
  liquidationPrice: ArrayLike<number>;
  collateral: ArrayLike<number>;
  debt: ArrayLike<number>;
  debtPrice: number;
}

/**
 * How the ladder turns accounts into volume: closed-form health bands, or the protocol's rule
 * called per account (with each account's threshold as a function of its debt).
 *
 * @example
 * const how: LadderSeizure = { kind: 'bands', bands: wholeCollateralBands(), threshold: 0.825 };
 */
export type LadderSeizure =
  | { kind: 'bands'; bands: SeizureBands; /** The liquidation threshold every account shares. */ threshold: number }
  | {
      kind: 'rule';
      rule: LiquidationRule;
      threshold: (account: number, debt: number) => number;
      volatilityAnnual: number;
    };

/**
 * A protocol's liquidation ladder: the liquidation volume at any oracle price, from the book as it is
 * (the book is copied, so the world may move on).
 *
 * @example
 * const ladder = new LiquidationLadder(book, { kind: 'bands', bands: wholeCollateralBands(), threshold: 0.825 });
 * ladder.volumeAt(1800).seizedUnits; // all collateral of accounts with liquidation price > 1800
 */
export class LiquidationLadder {
  /** Liquidation prices, descending (ties: lower account index first). */
  readonly prices: Float64Array;
  /** Account indices in that order. */
  readonly order: Int32Array;
  private readonly collateral: Float64Array;
  private readonly debt: Float64Array;
  /** prefix[k] = Σ over the first k accounts. */
  private readonly collateralPrefix: Float64Array;
  private readonly debtPrefix: Float64Array;
  /** Prefix sums of debt × liquidation price (for rules whose bonus is 1/health); 0 for accounts without collateral. */
  private readonly debtPricePrefix: Float64Array;
  readonly debtPrice: number;

  constructor(
    book: LadderBook,
    /** How accounts turn into volume. */
    readonly seizure: LadderSeizure,
  ) {
    const indices: number[] = [];
    for (let i = 0; i < book.debt.length; i++) if (book.debt[i] > 0) indices.push(i);
    const price = book.liquidationPrice;
    // Descending, ties by index; written with comparisons so that +Infinity (debt, no collateral) sorts first.
    indices.sort((a, b) => (price[a] > price[b] ? -1 : price[a] < price[b] ? 1 : a - b));
    const n = indices.length;
    this.order = Int32Array.from(indices);
    this.prices = Float64Array.from(indices, (i) => book.liquidationPrice[i]);
    this.collateral = Float64Array.from(indices, (i) => book.collateral[i]);
    this.debt = Float64Array.from(indices, (i) => book.debt[i]);
    this.collateralPrefix = new Float64Array(n + 1);
    this.debtPrefix = new Float64Array(n + 1);
    this.debtPricePrefix = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      this.collateralPrefix[k + 1] = this.collateralPrefix[k] + this.collateral[k];
      this.debtPrefix[k + 1] = this.debtPrefix[k] + this.debt[k];
      // An account without collateral (L = +∞) is always emptied, never in a band: keep the sums finite.
      const weighted = Number.isFinite(this.prices[k]) ? this.debt[k] * this.prices[k] : 0;
      this.debtPricePrefix[k + 1] = this.debtPricePrefix[k] + weighted;
    }
    this.debtPrice = book.debtPrice;
  }

  /** Accounts with debt. */
  get size(): number {
    return this.prices.length;
  }

  /** Total collateral of the accounts with debt, units. */
  get totalCollateral(): number {
    return this.collateralPrefix[this.size];
  }

  /** Total debt of the accounts with debt, debt units. */
  get totalDebt(): number {
    return this.debtPrefix[this.size];
  }

  /** Number of accounts whose liquidation price is above `price` (binary search). */
  countAbove(price: number): number {
    return countAboveIn(this.prices, price);
  }

  /** What liquidating every account to safety (or emptiness) at oracle price `price` would take. */
  volumeAt(price: number): LiquidationVolume {
    return this.seizure.kind === 'bands'
      ? this.bandedVolume(price, this.seizure.bands)
      : this.ruleVolume(price, this.seizure);
  }

  /**
   * Liquidates, at oracle price `price`, the accounts whose liquidation price lies in (price, above] (those
   * above `above` were liquidated earlier and are followed as cohorts): each until safe or empty, as
   * {@link volumeAt} does. Returns the work and the aggregate of the accounts left in debt.
   */
  firstLiquidations(price: number, above: number): FirstLiquidations {
    const start = this.countAbove(above);
    const end = this.countAbove(price);
    const work: Work = { units: 0, repaidUsd: 0, accounts: Math.max(0, end - start) };
    if (end <= start) return { work, left: undefined };
    const left: Cohort = { collateral: 0, debt: 0, collateralThreshold: 0, accounts: 0 };
    if (this.seizure.kind === 'bands') this.bandedFirst(price, start, end, this.seizure, work, left);
    else this.ruleFirst(price, start, end, this.seizure, work, left);
    return { work, left: left.accounts > 0 && left.debt > 0 && left.collateral > 0 ? left : undefined };
  }

  private bandedFirst(
    price: number,
    start: number,
    end: number,
    s: Extract<LadderSeizure, { kind: 'bands' }>,
    work: Work,
    left: Cohort,
  ): void {
    const b = s.bands;
    const clamp = (k: number) => Math.min(end, Math.max(start, k));
    const emptied = clamp(this.countAbove(price / b.emptiedBelow));
    const emptiedCollateral = this.collateralPrefix[emptied] - this.collateralPrefix[start];
    work.units += emptiedCollateral * b.soldShare;
    // An emptied account repays what its whole collateral buys at the rule's price: C·P/(1 + b).
    work.repaidUsd += (emptiedCollateral * price) / b.seizedPerRepaid;
    for (const band of b.bands) {
      const from = clamp(this.countAbove(price / band.lower));
      const to = clamp(this.countAbove(price / band.upper));
      if (to <= from) continue;
      const debt = this.debtPrefix[to] - this.debtPrefix[from];
      const repaid = band.debtShare * debt;
      // Fixed bonus: repaid·debtPrice·(1 + b)/P; Euler's 1/h = L/P: repaid·debtPrice·L/P².
      const seized = band.inverseHealth
        ? (band.debtShare * (this.debtPricePrefix[to] - this.debtPricePrefix[from]) * this.debtPrice) / (price * price)
        : (repaid * this.debtPrice * b.seizedPerRepaid) / price;
      work.units += seized * b.soldShare;
      work.repaidUsd += repaid * this.debtPrice;
      if (band.debtShare >= 1) continue;
      const collateral = this.collateralPrefix[to] - this.collateralPrefix[from] - seized;
      left.collateral += collateral;
      left.debt += debt - repaid;
      left.collateralThreshold += collateral * s.threshold;
      left.accounts += to - from;
    }
  }

  private ruleFirst(
    price: number,
    start: number,
    end: number,
    s: Extract<LadderSeizure, { kind: 'rule' }>,
    work: Work,
    left: Cohort,
  ): void {
    let index = 0;
    const account: SeizureAccount = {
      collateral: 0,
      debt: 0,
      debtPrice: this.debtPrice,
      threshold: (debt) => s.threshold(index, debt),
      volatilityAnnual: s.volatilityAnnual,
    };
    for (let k = start; k < end; k++) {
      index = this.order[k];
      account.collateral = this.collateral[k];
      account.debt = this.debt[k];
      const seizure = seizeUntilSafe(s.rule, account, price);
      work.units += seizure.sold;
      work.repaidUsd += seizure.repaid * this.debtPrice;
      if (!(seizure.collateralLeft > 0 && seizure.debtLeft > 0)) continue;
      left.collateral += seizure.collateralLeft;
      left.debt += seizure.debtLeft;
      left.collateralThreshold += seizure.collateralLeft * s.threshold(index, seizure.debtLeft);
      left.accounts += 1;
    }
  }

  private bandedVolume(price: number, b: SeizureBands): LiquidationVolume {
    const accounts = this.countAbove(price);
    // Health h = P/L, so h < x ⟺ L > P/x: each band edge is one binary search.
    const emptied = this.countAbove(price / b.emptiedBelow);
    let repaidDebt = 0;
    let repaidDebtTimesPrice = 0;
    for (const band of b.bands) {
      const from = this.countAbove(price / band.lower);
      const to = this.countAbove(price / band.upper);
      if (band.inverseHealth)
        repaidDebtTimesPrice += band.debtShare * (this.debtPricePrefix[to] - this.debtPricePrefix[from]);
      else repaidDebt += band.debtShare * (this.debtPrefix[to] - this.debtPrefix[from]);
    }
    // Fixed bonus: collateral seized = repaid·debtPrice·(1 + b)/P; bonus 1/h = L/P: repaid·debtPrice·L/P².
    const fixed = (repaidDebt * this.debtPrice * b.seizedPerRepaid) / price;
    const byHealth = (repaidDebtTimesPrice * this.debtPrice) / (price * price);
    const seizedUnits = this.collateralPrefix[emptied] + fixed + byHealth;
    return { seizedUnits, soldUnits: seizedUnits * b.soldShare, accounts, emptiedAccounts: emptied };
  }

  private ruleVolume(price: number, s: Extract<LadderSeizure, { kind: 'rule' }>): LiquidationVolume {
    const accounts = this.countAbove(price);
    const volume: LiquidationVolume = { seizedUnits: 0, soldUnits: 0, accounts, emptiedAccounts: 0 };
    let index = 0;
    // One account record reused for every account (this pass allocates nothing per account but the rule's results).
    const account: SeizureAccount = {
      collateral: 0,
      debt: 0,
      debtPrice: this.debtPrice,
      threshold: (debt) => s.threshold(index, debt),
      volatilityAnnual: s.volatilityAnnual,
    };
    for (let k = 0; k < accounts; k++) {
      index = this.order[k];
      account.collateral = this.collateral[k];
      account.debt = this.debt[k];
      const seizure = seizeUntilSafe(s.rule, account, price);
      volume.seizedUnits += seizure.seized;
      volume.soldUnits += seizure.sold;
      if (seizure.emptied) volume.emptiedAccounts += 1;
    }
    return volume;
  }
}

/**
 * Sum of the volumes of several ladders (protocols on the same collateral) at one price.
 *
 * @example
 * totalVolumeAt([ladderA, ladderB], 1800).soldUnits;
 */
export function totalVolumeAt(ladders: readonly LiquidationLadder[], price: number): LiquidationVolume {
  const total: LiquidationVolume = { seizedUnits: 0, soldUnits: 0, accounts: 0, emptiedAccounts: 0 };
  for (const ladder of ladders) {
    const v = ladder.volumeAt(price);
    total.seizedUnits += v.seizedUnits;
    total.soldUnits += v.soldUnits;
    total.accounts += v.accounts;
    total.emptiedAccounts += v.emptiedAccounts;
  }
  return total;
}

/**
 * How many of `prices`, sorted in descending order, are above `price` (binary search): where `price` would go.
 *
 * @example countAboveIn([5, 4, 2], 3); // 2
 */
export function countAboveIn(prices: ArrayLike<number>, price: number): number {
  let lo = 0;
  let hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prices[mid] > price) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
