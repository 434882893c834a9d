import type { LendingProtocol } from './lending-protocol.js';
import type { AccountBook } from './account-book.js';

/** Settings of Liquity v1-style redemptions of a CDP's stablecoin. */
export interface RedemptionSettings {
  /** REDEMPTION_FEE_FLOOR, a fraction (Liquity v1: 0.005). */
  feeFloor: number;
  /** BETA: the redeemed share of supply is divided by it before it is added to the base rate (Liquity v1: 2). */
  beta: number;
  /** Half-life of the base rate's decay, seconds (Liquity v1: 12 hours, MINUTE_DECAY_FACTOR = 0.5^(1/720)). */
  halfLifeSeconds: number;
}

/** What one redemption did, in debt units (stablecoins) and collateral units. */
export interface RedemptionOutcome {
  /** Stablecoins burnt against troves. */
  debtRedeemed: number;
  /** Collateral taken from troves (debtRedeemed / price). */
  collateralDrawn: number;
  /** Part of it kept as the redemption fee (paid to stakers in Liquity: it leaves the system). */
  feeCollateral: number;
  /** Fee rate charged, as a fraction of the collateral drawn. */
  feeRate: number;
}

/**
 * Stablecoin redemptions against a CDP's book (Liquity v1 `TroveManager.redeemCollateral`): stablecoins are burnt
 * for collateral worth their face value at the oracle price, taken from the least-collateralised accounts that are
 * still safe, for a fee. The fee rate is REDEMPTION_FEE_FLOOR + baseRate, where each redemption first decays the base
 * rate (12-hour half-life) and then adds (redeemed / supply) / BETA to it. Redemptions are refused while the system
 * is below its minimum collateral ratio (Liquity's `_requireTCRoverMCR`), here while Σ collateral·price·LT < Σ debt.
 * Simplification: a trove may be left with any debt (no minimum net debt, no partial-redemption hint).
 *
 * @example
 * const redemptions = new Redemptions(cdp, { feeFloor: 0.005, beta: 2, halfLifeSeconds: 43_200 });
 * redemptions.redeem(10_000, timeSeconds); // burns 10,000 stablecoins, returns the collateral paid out
 */
export class Redemptions {
  /** Liquity's baseRate, as of {@link lastFeeOperationSeconds}. */
  baseRate = 0;
  private lastFeeOperationSeconds = 0;

  constructor(
    private readonly protocol: LendingProtocol,
    readonly settings: RedemptionSettings,
  ) {}

  /** Base rate decayed to `timeSeconds` (Liquity `_calcDecayedBaseRate`, continuous here rather than per whole minute).
   * */
  decayedBaseRate(timeSeconds: number): number {
    const elapsed = Math.max(0, timeSeconds - this.lastFeeOperationSeconds);
    return this.baseRate * Math.pow(0.5, elapsed / this.settings.halfLifeSeconds);
  }

  /** Fee rate a redemption of `units` stablecoins out of a supply of `supply` would pay now (`_getRedemptionRate` after
   * `_updateBaseRateFromRedemption`). */
  feeRateFor(units: number, supply: number, timeSeconds: number): number {
    const base = Math.min(1, this.decayedBaseRate(timeSeconds) + units / supply / this.settings.beta);
    return Math.min(1, this.settings.feeFloor + base);
  }

  /** Whether redemptions are allowed: the system's collateral covers its debt at the liquidation threshold (TCR ≥ MCR).
   * */
  allowed(): boolean {
    const { book } = this.protocol;
    let weighted = 0;
    let debt = 0;
    for (let i = 0; i < book.count; i++) {
      weighted += book.collateral[i] * this.protocol.price * this.protocol.thresholdOf(i);
      debt += book.debt[i] * this.protocol.debtPrice;
    }
    return debt > 0 && weighted >= debt;
  }

  /** Total stablecoin supply: the debt in the book. */
  supply(): number {
    return totalDebt(this.protocol.book);
  }

  /**
   * Burns up to `units` stablecoins against the safe accounts with the lowest collateral ratio first; returns what was
   * redeemed (less than `units` when the safe accounts' debt runs out; nothing when {@link allowed} is false).
   */
  redeem(units: number, timeSeconds: number): RedemptionOutcome {
    const { protocol } = this;
    const { book, ledger } = protocol;
    const none = { debtRedeemed: 0, collateralDrawn: 0, feeCollateral: 0, feeRate: 0 };
    if (!(units > 0) || !this.allowed()) return none;
    const supply = this.supply();
    // Liquity walks SortedTroves from the lowest ICR upward, skipping troves below MCR (health below 1 here).
    const order: number[] = [];
    for (let i = 0; i < book.count; i++) if (book.debt[i] > 0 && protocol.health(i) >= 1) order.push(i);
    const ratio = (i: number) => book.collateral[i] / book.debt[i];
    order.sort((a, b) => ratio(a) - ratio(b) || a - b);
    let left = units;
    let drawn = 0;
    for (const i of order) {
      if (left <= 0) break;
      const debt = Math.min(left, book.debt[i]);
      const collateral = Math.min(book.collateral[i], (debt * protocol.debtPrice) / protocol.price);
      book.debt[i] -= debt;
      book.collateral[i] -= collateral;
      protocol.markBookWritten(i);
      left -= debt;
      drawn += collateral;
    }
    const redeemed = units - left;
    if (redeemed <= 0) return none;
    // _updateBaseRateFromRedemption: decay, then add the redeemed share of supply over BETA; capped at 100%.
    this.baseRate = Math.min(1, this.decayedBaseRate(timeSeconds) + redeemed / supply / this.settings.beta);
    this.lastFeeOperationSeconds = timeSeconds;
    const feeRate = Math.min(1, this.settings.feeFloor + this.baseRate);
    ledger.redeemedDebt += redeemed;
    ledger.redeemedCollateral += drawn;
    protocol.reindex();
    return { debtRedeemed: redeemed, collateralDrawn: drawn, feeCollateral: drawn * feeRate, feeRate };
  }
}

/** Σ debt of a book, in debt units (a CDP's stablecoin supply). */
export function totalDebt(book: AccountBook): number {
  let debt = 0;
  for (let i = 0; i < book.count; i++) debt += book.debt[i];
  return debt;
}
