/**
 * One protocol's accounts sorted once by liquidation price, highest first, with prefix sums of
 * collateral and debt: the volume liquidations would take at any price is then a few binary
 * searches (banded rules) or one pass over the liquidatable prefix (any other instant rule).
 */
import type { LiquidationRule } from '../../liquidation/rules/rule.js';
import type { SeizureBands } from './bands.js';
import { seizeUntilSafe, type SeizureAccount } from './seizure.js';

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
 * const how: LadderSeizure = { kind: 'bands', bands: wholeCollateralBands() };
 */
export type LadderSeizure =
  | { kind: 'bands'; bands: SeizureBands }
  | { kind: 'rule'; rule: LiquidationRule; threshold: (account: number, debt: number) => number; volatilityAnnual: number };

/**
 * A protocol's liquidation ladder: the liquidation volume at any oracle price, from the book as it is
 * (the book is copied, so the world may move on).
 *
 * @example
 * const ladder = new LiquidationLadder(book, { kind: 'bands', bands: wholeCollateralBands() });
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
    private readonly seizure: LadderSeizure,
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
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.prices[mid] > price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** What liquidating every account to safety (or emptiness) at oracle price `price` would take. */
  volumeAt(price: number): LiquidationVolume {
    return this.seizure.kind === 'bands' ? this.bandedVolume(price, this.seizure.bands) : this.ruleVolume(price, this.seizure);
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
      if (band.inverseHealth) repaidDebtTimesPrice += band.debtShare * (this.debtPricePrefix[to] - this.debtPricePrefix[from]);
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
    const account: SeizureAccount = { collateral: 0, debt: 0, debtPrice: this.debtPrice, threshold: (debt) => s.threshold(index, debt), volatilityAnnual: s.volatilityAnnual };
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
