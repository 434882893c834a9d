import type { Oracle } from '../../oracle/oracle.js';
import type { StalenessGuard } from '../../oracle/staleness.js';
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import type { CircuitBreaker } from '../../liquidation/circuit-breaker.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import type { LiquidationContext, LiquidationRule } from '../../liquidation/rules/rule.js';
import type { LiquidationMechanism } from '../mechanisms/mechanism.js';
import type { RealizedVolatility } from '../../liquidation/realized-volatility.js';
import type { ThresholdScale } from '../../liquidation/risk-oracle/threshold-scale.js';
import { type CascadeClassifier, type InsuranceDrawRunEvent, type SalesByGeneration } from '../attribution-records.js';
import { InvariantError } from '../../kernel/errors.js';
import type { AccountBook } from './account-book.js';
import { AccountWatch } from './account-watch.js';
import { healthFactor, priceAtHealth } from '../../liquidation/health.js';
import { tieredThreshold } from './threshold-tiers.js';
import { openBorrowPosition, topUpFromReserve } from './borrower-actions.js';
import { chargeBadDebt } from './bad-debt.js';
import { applyLiquidation, takeAccountIntoLiquidation } from './seizure.js';
import { LendingLedger } from './ledger.js';
import type { MarginEngine } from '../engine.js';
import type { WatchedProtocol } from './watched-protocol.js';

import type { LendingParts, LendingSettings, ScanMode } from './lending-settings.js';

export type { LendingParts, LendingSettings, ScanMode } from './lending-settings.js';

/**
 * A lending protocol: accounts, health checks against its oracle, liquidation by a pluggable
 * repay-for-collateral rule, bad-debt write-off borne by the insurance fund or the suppliers.
 * It sees prices only through `oracle`.
 *
 * @example
 * protocol.refresh(block);
 * for (const i of protocol.liquidatable) protocol.liquidate(i, protocol.book.debt[i]);
 */
export class LendingProtocol implements MarginEngine, WatchedProtocol {
  /** Margin-engine family. */
  readonly kind = 'lending' as const;
  readonly ledger: LendingLedger;
  readonly classifier: CascadeClassifier;
  /** The accounts that need attention at the current price, and the index that finds them. */
  private readonly watch: AccountWatch;
  /** Changes of accounts' debt or collateral so far, through this protocol's methods or {@link markBookWritten}. */
  bookWrites = 0;
  /** Oracle answer used for this block's checks. */
  price = Number.NaN;
  block = 0;
  /** Seconds since block 0 at this block's checks. */
  timeSeconds = 0;
  /** Every charge of bad debt to the insurance fund, in order (the run's `insurance-draw` events). */
  readonly fundDraws: InsuranceDrawRunEvent[] = [];
  /** What keepers can do with unsafe accounts; set by {@link attach} before the first block. */
  mechanism!: LiquidationMechanism;

  readonly book: AccountBook;
  readonly oracle: Oracle;
  readonly staleness?: StalenessGuard;
  /** True in a block where the oracle's answer is stale and the policy freezes liquidations. */
  staleFrozen = false;
  /** Constant USD price of the debt asset. */
  readonly debtPrice: number;
  readonly fund: InsuranceFund;
  /** Realised volatility of the oracle price, read by volatility-scaled rules. */
  readonly volatility: RealizedVolatility;
  readonly breaker: CircuitBreaker;
  readonly dynamicThreshold?: ThresholdScale;
  private readonly sales: SalesByGeneration;

  constructor(
    readonly settings: LendingSettings,
    parts: LendingParts,
    scan: ScanMode = 'index',
  ) {
    ({
      book: this.book,
      oracle: this.oracle,
      staleness: this.staleness,
      debtPrice: this.debtPrice,
      fund: this.fund,
      sales: this.sales,
      volatility: this.volatility,
      breaker: this.breaker,
      dynamicThreshold: this.dynamicThreshold,
    } = parts);
    const { attribution } = parts;
    this.ledger = new LendingLedger(attribution.causes());
    this.classifier = attribution.classifier();
    this.watch = new AccountWatch(this, scan);
  }

  /** Accounts liquidatable at the current oracle price, largest debt first (ties: lower index first). */
  get liquidatable(): readonly number[] {
    return this.watch.liquidatable;
  }

  /**
   * Σ debt (debt units) of the listed liquidatable accounts, added in list order, known without reading them when
   * nothing has been written since the list was built; else undefined (see `AccountWatch.listedDebt`).
   */
  listedDebt(): number | undefined {
    return this.watch.listedDebt();
  }

  /** Accounts whose owners want to top up this block, in the same order. */
  get wantsTopUp(): readonly number[] {
    return this.watch.wantsTopUp;
  }

  /** Times the liquidatable and top-up lists were rebuilt (a relist that keeps them does not count). */
  get listRebuilds(): number {
    return this.watch.rebuilds;
  }

  get id(): string {
    return this.settings.id;
  }

  /** Sets the liquidation mechanism (it needs the protocol to exist first). */
  attach(mechanism: LiquidationMechanism): void {
    this.mechanism = mechanism;
    this.breaker.measureInLiquidation(() => mechanism.collateralPending() * this.price);
  }

  /** Builds the trigger index from the initial book. */
  start(): void {
    this.price = this.oracle.price;
    this.watch.start();
  }

  /** Recomputes every account's trigger price; call after changing many accounts at once (Liquity redistribution). */
  reindex(): void {
    this.watch.reindex();
  }

  /** Liquidation threshold of account `i`: the base one, or its size tier's, times the dynamic scale. */
  thresholdOf(i: number): number {
    const { settings } = this;
    const scale = this.dynamicThreshold?.scale ?? 1;
    if (settings.thresholdTiers.length === 0) return settings.liquidationThreshold * scale;
    return (
      tieredThreshold(this.book.debt[i] * this.debtPrice, settings.liquidationThreshold, settings.thresholdTiers) *
      scale
    );
  }

  /**
   * The threshold every account has now ({@link thresholdOf} of any account) when there are no size tiers; undefined
   * with tiers. Lets a loop over the book read it once.
   */
  uniformThreshold(): number | undefined {
    const { settings } = this;
    const scale = this.dynamicThreshold?.scale ?? 1;
    return settings.thresholdTiers.length === 0 ? settings.liquidationThreshold * scale : undefined;
  }

  /** Health factor of account `i` at the current oracle price. */
  health(i: number): number {
    return this.healthAt(i, this.thresholdOf(i));
  }

  /** {@link health} of account `i` given its threshold (a loop over the book reads {@link uniformThreshold} once). */
  healthAt(i: number, threshold: number): number {
    const { book } = this;
    return healthFactor(book.collateral[i], this.price, threshold, book.debt[i], this.debtPrice);
  }

  /** Collateral price at which account `i` becomes liquidatable. */
  liquidationPrice(i: number): number {
    const { book } = this;
    return priceAtHealth(1, book.debt[i], this.debtPrice, book.collateral[i], this.thresholdOf(i));
  }

  /** Whether account `i` is liquidatable at the current oracle price. */
  isLiquidatable(i: number): boolean {
    return this.isLiquidatableAt(i, this.thresholdOf(i));
  }

  /** {@link isLiquidatable} given account `i`'s threshold (a loop over the book reads {@link uniformThreshold}
   * once). */
  isLiquidatableAt(i: number, threshold: number): boolean {
    const { book } = this;
    return (
      book.debt[i] > 0 && priceAtHealth(1, book.debt[i], this.debtPrice, book.collateral[i], threshold) > this.price
    );
  }

  /** Step 5 of the block: reads the oracle and lists liquidatable accounts and owners who want to top up. */
  refresh(block: number, timeSeconds = 0): void {
    this.block = block;
    this.timeSeconds = timeSeconds;
    this.price = this.checkedPrice(timeSeconds);
    this.volatility.observe(this.price);
    // A threshold change moves every trigger price: rebuild the index, then pop as usual.
    if (
      this.dynamicThreshold?.update(block, this.volatility.annual(), this.price, timeSeconds) &&
      this.watch.scan === 'index'
    )
      this.reindex();
    this.breaker.observe(block, this.price);
    this.classifier.observe(this.price, this.oracle.fundamentalAtRead, this.sales);
    this.watch.relist();
  }

  /** Step 5, after {@link refresh}: the mechanism's time-driven work (auction ends, resets). */
  step(): void {
    this.mechanism.onBlock();
  }

  /** Re-reads the oracle mid-block (as a contract would, e.g. after a pool push) and relists; no per-block observers.
   * */
  rescan(timeSeconds: number): void {
    this.price = this.checkedPrice(timeSeconds);
    this.watch.relist();
  }

  /**
   * The oracle's answer through the staleness guard, if any: fresh, it is used; stale under `last-good`, the last
   * fresh answer is; stale under `freeze`, the answer is still used for health (so the book stays priced) but
   * {@link liquidationsAllowed} is false this block.
   */
  private checkedPrice(timeSeconds: number): number {
    const answer = this.oracle.price;
    if (!this.staleness) return answer;
    // Chainlink consumers (Euler v2, Liquity v1): stale when block.timestamp − updatedAt > max age.
    const guarded = this.staleness.read({ price: answer, updatedAt: this.oracle.updatedAt }, timeSeconds);
    this.staleFrozen = !guarded.liquidationsAllowed;
    return guarded.liquidationsAllowed ? guarded.usablePrice : answer;
  }

  /** What the rule needs to know of account `i` now. */
  context(i: number): LiquidationContext {
    return this.fillContext(i, {
      health: 0,
      debt: 0,
      collateral: 0,
      collateralPrice: 0,
      debtPrice: 0,
      volatilityAnnual: 0,
    });
  }

  /**
   * The context {@link plan} prices with, refilled on every call instead of allocated: rules read a context
   * only while they run (none keeps it), and nothing here reenters `plan`, so the numbers they see are the same.
   */
  private readonly planContext: LiquidationContext = {
    health: 0,
    debt: 0,
    collateral: 0,
    collateralPrice: 0,
    debtPrice: 0,
    volatilityAnnual: 0,
  };

  /** Writes account `i`'s {@link context} into `out` and returns it. */
  private fillContext(i: number, out: LiquidationContext): LiquidationContext {
    const { book } = this;
    out.health = this.health(i);
    out.debt = book.debt[i];
    out.collateral = book.collateral[i];
    out.collateralPrice = this.price;
    out.debtPrice = this.debtPrice;
    out.volatilityAnnual = this.volatility.annual();
    return out;
  }

  /** Whether liquidations are allowed now (no circuit-breaker pause, no stale oracle answer under the freeze policy).
   * */
  liquidationsAllowed(): boolean {
    return !this.staleFrozen && !this.breaker.paused(this.block);
  }

  /** Most debt one liquidation call may repay on account `i` now: the rule's limit, within this block's seizure cap. */
  maxRepay(i: number): number {
    return this.maxRepayIn(this.context(i));
  }

  private maxRepayIn(context: LiquidationContext): number {
    const byRule = this.instantRule().maxRepay(context);
    const allowance = this.breaker.allowanceUsd();
    if (allowance === Number.POSITIVE_INFINITY || byRule <= 0) return byRule;
    // Seized value is proportional to the repay, so scale the rule's full plan down to the allowance.
    const full = this.instantRule().seize(byRule, context);
    const seizedPerRepaid = (full.collateralSeized * this.price) / full.debtRepaid;
    return Math.min(byRule, allowance / seizedPerRepaid);
  }

  /**
   * The repay cap of the last {@link plan} (the rule's limit within the seizure allowance): that plan is the same for
   * every `repay` at or above it, since the requested repay enters only through min(repay, cap).
   */
  lastPlanCap = Number.NaN;

  /**
   * What repaying `repay` on account `i` would change hands, without changing state. With `out`, a rule that
   * supports it writes the plan there (same numbers) instead of allocating; use the returned object.
   */
  plan(i: number, repay: number, out?: FixedBonusLiquidation): FixedBonusLiquidation {
    const rule = this.instantRule();
    const context = this.fillContext(i, this.planContext);
    const max = this.maxRepayIn(context);
    this.lastPlanCap = max;
    const capped = Math.min(repay, max);
    return rule.seize(
      rule.admissibleRepay ? Math.min(rule.admissibleRepay(capped, context), max) : capped,
      context,
      out,
    );
  }

  /**
   * A liquidation call on account `i` repaying up to `debtToCover` (capped by the rule). When the collateral runs out,
   * the rest of the debt is written off once, borne by the fund first (Aave v3.3) or the suppliers (Morpho, Euler).
   */
  liquidate(i: number, debtToCover: number): FixedBonusLiquidation {
    if (!this.isLiquidatable(i)) throw new InvariantError(`account ${i} of ${this.id} is not liquidatable`);
    if (!this.liquidationsAllowed())
      throw new InvariantError(`liquidations of ${this.id} are paused in block ${this.block}`);
    const result = this.plan(i, debtToCover);
    applyLiquidation(this, this.sales, i, result);
    return result;
  }

  private instantRule(): LiquidationRule {
    const { rule } = this.settings;
    if (!rule)
      throw new InvariantError(`${this.id} has no instant liquidation rule (its mechanism is ${this.mechanism.name})`);
    return rule;
  }

  /** Records `badDebtUsd` of debt that will never be repaid, charging whoever the settings name. */
  writeOffUsd(badDebtUsd: number): void {
    chargeBadDebt(this, badDebtUsd);
  }

  /**
   * Takes `collateral` units and `debt` units out of account `i` into the mechanism (an auction lot,
   * the protocol's own balance): counted as one liquidation of the account's generation, and
   * against the circuit breaker's seizure cap. The borrower's penalty is booked now as collateral
   * value − debt; what comes back later ({@link returnToOwner}) is deducted from it. Returns the
   * account's cascade generation.
   */
  takeIntoLiquidation(i: number, collateral: number, debt: number): number {
    return takeAccountIntoLiquidation(this, this.sales, i, collateral, debt);
  }

  /**
   * Books value handed back to the owner of a liquidated account: `collateral` units (auction leftovers, Liquity's
   * surplus) and `valueUsd`, their value at the oracle price when they were taken, or a surplus credited in the
   * debt asset (Compound v3). It lowers the borrowers' penalty by as much.
   */
  returnToOwner(collateral: number, valueUsd: number): void {
    const { ledger } = this;
    ledger.collateralReturned += collateral;
    ledger.collateralReturnedUsd += valueUsd;
    ledger.penaltiesUsd -= valueUsd;
  }

  /** Books `usd` of liquidation income kept by the protocol (Maker's chop), paying `feesToInsurance` of it into the
   * fund. */
  collectFee(usd: number): void {
    if (!(usd > 0)) return;
    this.ledger.protocolFeesUsd += usd;
    this.fund.deposit(usd * this.settings.feesToInsurance);
  }

  /** Counts a change of accounts' debt or collateral made outside this protocol's methods (redemptions, a mirrored
   * trove book): of account `i`, or of any account when none is named. */
  markBookWritten(i?: number): void {
    this.bookWrites += 1;
    if (i === undefined) this.book.noteWriteAll();
    else this.book.noteWrite(i);
  }

  /** Books `debt` units of debt taken into liquidation as repaid out of the mechanism (auction proceeds, stability
   * pool). */
  recordRepayment(debt: number): void {
    this.ledger.debtRepaidUsd += debt * this.debtPrice;
  }

  /** Adds up to `amount` collateral from the owner's reserve to account `i`; returns what was added. */
  topUp(i: number, amount: number): number {
    return topUpFromReserve(this, i, amount);
  }

  /**
   * Deposits `collateral` into account `i` and borrows `debt`; refused (false) if health would fall below 1 at the
   * oracle price (this model's borrow limit is the threshold). For adversaries, in the slots past the population.
   */
  openPosition(i: number, collateral: number, debt: number): boolean {
    return openBorrowPosition(this, i, collateral, debt);
  }
}
