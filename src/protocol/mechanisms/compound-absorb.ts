import type { LendingProtocol } from '../lending/lending-protocol.js';
import type { LendingSpec } from '../../scenario/schema.js';
import { InvariantError } from '../../kernel/errors.js';
import {
  CometMarket,
  isLiquidatable,
  storeFrontDiscount,
  type CometPrices,
} from '../../liquidation/compound-v3/comet.js';
import type { LiquidationMechanism } from './mechanism.js';
import type { SalesSink } from '../attribution-records.js';

type Settings = Extract<LendingSpec['liquidationRule'], { type: 'compound-v3' }>;

/** Protocol-held collateral worth less than this at the oracle price counts as none (float residue of a buy-all). */
const DUST_USD = 1e-6;

/** Collateral absorbed from accounts of one cascade generation and not sold yet (FIFO, for sale attribution). */
interface Lot {
  generation: number;
  units: number;
}

/** Running totals of one Compound v3 market's absorbs and collateral sales, USD unless stated. */
export interface CompoundAbsorbTotals {
  absorbs: number;
  /** Debt taken out of absorbed accounts. */
  debtAbsorbedUsd: number;
  /** Σ collateral·price·liquidationFactor credited to absorbed accounts. */
  creditedUsd: number;
  /** Σ what each absorb took out of Comet's reserves: debt + surplus credit = max(debt, credited). */
  reservesChargedUsd: number;
  /** Σ max(0, debt − credited): debt the credited collateral value did not cover at absorb. */
  shortfallUsd: number;
  /** Σ max(0, credited − debt): base credit owed to absorbed owners. */
  surplusCreditedUsd: number;
  /** Part of the surplus credit paid to owners (out of buyers' payments or, failing those, the fund). */
  surplusPaidUsd: number;
  /** Part of `surplusPaidUsd` the fund paid because the collateral sold for too little. */
  surplusPaidFromFundUsd: number;
  purchases: number;
  /** Collateral units sold to buyers. */
  collateralBought: number;
  /** What buyers paid (Comet's reserves rise by it). */
  paymentsUsd: number;
  /** Part of the payments beyond absorbed debt and owners' surplus, deposited into the fund (penalty income). */
  penaltyIncomeUsd: number;
  /** Absorbed debt still unpaid when the protocol held no collateral any more, written off. */
  writtenOffUsd: number;
}

/** What one `buyCollateral` call gave the buyer: collateral units, and the USD it paid. */
export interface CompoundPurchase {
  readonly bought: number;
  readonly paidUsd: number;
}

/**
 * Compound v3 (Comet) liquidation: `absorb` then `buyCollateral` (compound-finance/comet `Comet.sol`),
 * driven by the tested {@link CometMarket}.
 *
 * **Absorb.** An account may be absorbed ({@link canAbsorb}) within the circuit breaker's per-block
 * seizure allowance (an account whose collateral value exceeds it is not). Comet pays absorbers nothing
 * (it only logs their gas in `LiquidatorPoints` for later reimbursement). An absorb moves all the
 * account's collateral and debt into the protocol (`takeIntoLiquidation`) and credits the account
 * collateral·price·liquidationFactor; a credit above the debt is owed to the owner as base supply.
 *
 * **Buy.** While Comet's reserves are below `targetReserves`, anyone buys protocol-held collateral at
 * price·(1 − storeFrontPriceFactor·(1 − liquidationFactor)) ({@link quoteUnits}, {@link buy}). When and how
 * much keepers buy is their strategy (agents/liquidators/compound-absorb.ts).
 *
 * **Reserves mapping.** Comet's reserves are balance − totalSupply + totalBorrow: an absorb lowers them
 * by debt + surplus credit = max(debt, credited), a purchase raises them by the payment. Our ledger keeps
 * debt conservation and a fund that never goes negative, so the same flows are booked as:
 * - absorb: the debt stays pending (`debtPending()`), the surplus is owed to the owner; the fund
 *   (`protocol.fund`, starting at `insuranceFundUsd`) does not move.
 * - purchase payment P: first repays pending debt (`recordRepayment`), then pays owed surplus to owners,
 *   and the rest is the protocol's income (`fund.deposit(rest)`).
 * - once the protocol holds no collateral: pending debt is written off (`writeOffUsd`: the fund covers it
 *   first, only the rest is uncovered) and owed surplus is paid out of the fund (`fund.withdraw`).
 *
 * So Comet's `getReserves()` = fund − uncovered bad debt − pending debt − owed surplus at every step
 * ({@link reservesUsd}); it is what opens and closes the store front. Reserves take the shortfall, and
 * bad debt appears only when the protocol's collateral has sold for less than the absorbed debt.
 *
 * @example
 * protocol.attach(new CompoundAbsorbLiquidation(protocol, { type: 'compound-v3', liquidationFactor: 0.93,
 *   storeFrontPriceFactor: 0.5, targetReserves: 5e6 }));
 */
export class CompoundAbsorbLiquidation implements LiquidationMechanism {
  readonly name = 'compound-v3';
  readonly badDebtBearer = 'insurance-fund' as const;
  readonly totals: CompoundAbsorbTotals = {
    absorbs: 0,
    debtAbsorbedUsd: 0,
    creditedUsd: 0,
    reservesChargedUsd: 0,
    shortfallUsd: 0,
    surplusCreditedUsd: 0,
    surplusPaidUsd: 0,
    surplusPaidFromFundUsd: 0,
    purchases: 0,
    collateralBought: 0,
    paymentsUsd: 0,
    penaltyIncomeUsd: 0,
    writtenOffUsd: 0,
  };
  /** Comet's reserves (base units) and its holding of absorbed collateral. */
  private readonly comet: CometMarket;
  private readonly asset: string;
  /** Comet's liquidateCollateralFactor: the protocol's lowest threshold, so Comet agrees with the monitor. */
  private readonly liquidateCollateralFactor: number;
  private pendingDebt = 0;
  private owedSurplusUsd = 0;
  private readonly lots: Lot[] = [];

  constructor(
    readonly protocol: LendingProtocol,
    private readonly settings: Settings,
  ) {
    const { collateral, liquidationThreshold, thresholdTiers } = protocol.settings;
    this.asset = collateral;
    this.liquidateCollateralFactor = Math.min(
      liquidationThreshold,
      ...thresholdTiers.map((t) => t.liquidationThreshold),
    );
    const config = {
      storeFrontPriceFactor: settings.storeFrontPriceFactor,
      targetReserves: settings.targetReserves / protocol.debtPrice,
      assets: {
        [collateral]: {
          liquidateCollateralFactor: this.liquidateCollateralFactor,
          liquidationFactor: settings.liquidationFactor,
        },
      },
    };
    this.comet = new CometMarket(config, protocol.fund.balanceUsd() / protocol.debtPrice);
  }

  /** Comet has no clock: nothing happens between keepers' calls. */
  onBlock(): void {}

  collateralPending(): number {
    return this.comet.collateralReserves(this.asset);
  }

  debtPending(): number {
    return this.pendingDebt;
  }

  /** Comet's `getReserves()`, USD: fund − uncovered bad debt − pending absorbed debt − owed surplus. */
  reservesUsd(): number {
    return this.comet.reserves * this.protocol.debtPrice;
  }

  /** Whether `buyCollateral` is open: Comet's reserves below target (or negative). */
  isForSale(): boolean {
    return this.comet.isForSale();
  }

  /** Surplus credit owed to absorbed owners and not paid yet, USD. */
  surplusOwedUsd(): number {
    return this.owedSurplusUsd;
  }

  /** Store-front price of one collateral unit now, USD: price·(1 − storeFrontPriceFactor·(1 − liquidationFactor)). */
  storeFrontPriceUsd(): number {
    // Comet quoteCollateral: the asset price less the store-front discount.
    return (
      this.protocol.price *
      (1 - storeFrontDiscount(this.settings.storeFrontPriceFactor, this.settings.liquidationFactor))
    );
  }

  /**
   * Whether `absorb` may take liquidatable `account` now: within the circuit breaker's allowance, and liquidatable
   * for Comet too.
   */
  canAbsorb(account: number): boolean {
    const { protocol } = this;
    const { book } = protocol;
    if (book.collateral[account] * protocol.price > protocol.breaker.allowanceUsd()) return false;
    // Comet.absorb reverts NotLiquidatable unless debt·basePrice > collateral·price·liquidateCollateralFactor.
    const collateral = [
      {
        amount: book.collateral[account],
        price: protocol.price,
        liquidateCollateralFactor: this.liquidateCollateralFactor,
      },
    ];
    return isLiquidatable(-book.debt[account], protocol.debtPrice, collateral);
  }

  /** Comet `absorb` on `account`: its collateral and debt move into the protocol; the absorber earns nothing. */
  absorb(account: number): void {
    const { protocol, totals } = this;
    const { book, debtPrice } = protocol;
    const collateral = book.collateral[account];
    const debt = book.debt[account];
    const result = this.comet.absorb(-debt, { [this.asset]: collateral }, this.prices());
    const generation = protocol.takeIntoLiquidation(account, collateral, debt);
    if (collateral > 0) this.lots.push({ generation, units: collateral });
    this.pendingDebt += debt;
    // Comet absorbInternal: a credit above the debt stays with the owner as base supply, paid by reserves.
    this.owedSurplusUsd += result.supplyCredited * debtPrice;
    protocol.returnToOwner(0, result.supplyCredited * debtPrice);
    totals.absorbs += 1;
    totals.debtAbsorbedUsd += debt * debtPrice;
    totals.creditedUsd += result.credited * debtPrice;
    totals.reservesChargedUsd += result.basePaidOut * debtPrice;
    totals.shortfallUsd += result.shortfall * debtPrice;
    totals.surplusCreditedUsd += result.supplyCredited * debtPrice;
    this.settleIfEmpty();
  }

  /** Collateral units `buyCollateral` sells now: what the protocol holds while reserves are below target, else 0. */
  collateralForSale(): number {
    const held = this.comet.collateralReserves(this.asset);
    return held > 0 && this.comet.isForSale() ? held : 0;
  }

  /** Collateral units paying `payUsd` at the store front buys (Comet quoteCollateral), at most `held`. */
  quoteUnits(payUsd: number, held: number): number {
    return Math.min(held, this.comet.quoteCollateral(this.asset, payUsd / this.protocol.debtPrice, this.prices()));
  }

  /**
   * Comet `buyCollateral` for about `payUsd` (never more than the `held` collateral for sale): the payment repays
   * absorbed debt first, then owners' surplus, the rest is penalty income. The buyer reports the resale with {@link
   * recordResale}.
   */
  buy(payUsd: number, held: number): CompoundPurchase {
    const { base, units } = this.affordable(payUsd / this.protocol.debtPrice, held);
    const bought = this.comet.buyCollateral(this.asset, base, units, this.prices()).collateralOut;
    const paidUsd = base * this.protocol.debtPrice;
    this.protocol.ledger.collateralToLiquidators += bought;
    this.applyPayment(paidUsd);
    this.totals.purchases += 1;
    this.totals.collateralBought += bought;
    return { bought, paidUsd };
  }

  /**
   * Records the resale of `units` bought collateral for `proceedsUsd` against the generations of the absorbed lots it
   * came from, oldest first; then settles the books if no collateral is left.
   */
  recordResale(sales: SalesSink, units: number, proceedsUsd: number): void {
    this.attributeSale(sales, units, proceedsUsd);
    this.settleIfEmpty();
  }

  /** `base` (≤ the asked amount) whose quote does not exceed `held` (a buy-all can overshoot by rounding), and its
   * quote. */
  private affordable(asked: number, held: number): { base: number; units: number } {
    let base = asked;
    let units = this.comet.quoteCollateral(this.asset, base, this.prices());
    if (units > held) base *= held / units;
    for (let step = 0; step < 8; step++) {
      units = this.comet.quoteCollateral(this.asset, base, this.prices());
      if (units <= held) return { base, units };
      base *= 1 - Number.EPSILON;
    }
    throw new InvariantError(`${this.protocol.id}: no payment buys at most ${held} collateral`);
  }

  /** Splits a buyer's payment: pending debt first, then owners' surplus, the rest is penalty income for the fund. */
  private applyPayment(paidUsd: number): void {
    const { protocol, totals } = this;
    const pendingUsd = this.pendingDebt * protocol.debtPrice;
    const repaysAll = paidUsd >= pendingUsd;
    const debtUsd = repaysAll ? pendingUsd : paidUsd;
    const repaid = repaysAll ? this.pendingDebt : paidUsd / protocol.debtPrice;
    const toOwners = Math.min(paidUsd - debtUsd, this.owedSurplusUsd);
    const excessUsd = Math.max(0, paidUsd - debtUsd - toOwners);
    this.pendingDebt = repaysAll ? 0 : Math.max(0, this.pendingDebt - repaid);
    this.owedSurplusUsd -= toOwners;
    protocol.recordRepayment(repaid);
    // Comet buyCollateral: reserves rise by the whole payment; what no claim takes is the protocol's income.
    protocol.fund.deposit(excessUsd);
    protocol.ledger.protocolFeesUsd += excessUsd;
    totals.paymentsUsd += paidUsd;
    totals.surplusPaidUsd += toOwners;
    totals.penaltyIncomeUsd += excessUsd;
  }

  /** Once no collateral is left to sell: writes off unpaid absorbed debt (fund first), pays owed surplus out of the
   * fund. */
  private settleIfEmpty(): void {
    const { protocol, totals } = this;
    if (this.comet.collateralReserves(this.asset) * protocol.price > DUST_USD) return;
    this.lots.length = 0;
    if (this.pendingDebt > 0) {
      const badDebtUsd = this.pendingDebt * protocol.debtPrice;
      this.pendingDebt = 0;
      protocol.writeOffUsd(badDebtUsd);
      totals.writtenOffUsd += badDebtUsd;
    }
    if (this.owedSurplusUsd > 0) {
      // Comet: the owner's supply was paid out of reserves at absorb; here the fund settles what sales did not.
      const paid = protocol.fund.withdraw(this.owedSurplusUsd);
      this.owedSurplusUsd -= paid;
      totals.surplusPaidUsd += paid;
      totals.surplusPaidFromFundUsd += paid;
    }
  }

  /** Records the sale's proceeds against the generations of the lots it came from, oldest first. */
  private attributeSale(sales: SalesSink, units: number, proceedsUsd: number): void {
    let left = units;
    let generation = 0;
    while (left > 0 && this.lots.length > 0) {
      const lot = this.lots[0];
      generation = lot.generation;
      const take = Math.min(lot.units, left);
      sales.record(generation, (proceedsUsd * take) / units, this.protocol.id);
      lot.units -= take;
      left -= take;
      if (lot.units <= 0) this.lots.shift();
    }
    // Rounding residue beyond the recorded lots goes to the last generation seen.
    if (left > 0) sales.record(generation, (proceedsUsd * left) / units, this.protocol.id);
  }

  private prices(): CometPrices {
    return { base: this.protocol.debtPrice, assets: { [this.asset]: this.protocol.price } };
  }
}
