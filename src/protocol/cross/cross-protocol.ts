// An Aave v3 pool with several reserves, running in the world: oracle prices, unsafe accounts, liquidations, deficits.
import type { Oracle } from '../../oracle/oracle.js';
import type { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { type AttributionFactory, type CascadeClassifier, type SalesByGeneration } from '../attribution-records.js';
import { InvariantError } from '../../kernel/errors.js';
import { LendingLedger } from '../lending/ledger.js';
import { healthFactorOf, totalDebtUsd, type CrossAccountBook } from './cross-account.js';
import { liquidationCall, type CrossLiquidationQuote, type CrossVariant } from './cross-liquidation.js';
import { bookUnits, CrossAssetTotals, type BookUnits } from './cross-ledger.js';
import type { MarginEngine } from '../engine.js';

/** Identity and rules of a cross-asset pool. */
export interface CrossLendingSettings {
  id: string;
  /** Which Aave LiquidationLogic the pool follows. */
  variant: CrossVariant;
  /** Asset symbol of each reserve (index = asset of the book). */
  symbols: readonly string[];
}

/** The stateful pieces a cross-asset pool works with, one entry per reserve where indexed. */
export interface CrossLendingParts {
  /** Accounts and the reserves' configuration; prices must already be the oracles' first answers. */
  book: CrossAccountBook;
  /** Oracle of each reserve; undefined for a constant-priced asset (its book price never changes). */
  oracles: readonly (Oracle | undefined)[];
  /** Liquidation sales of each reserve's asset by cascade generation (world.assets[].sales). */
  sales: readonly SalesByGeneration[];
  /** Pays v3.3 deficits. */
  fund: InsuranceFund;
  /** Makes the pool's classifiers and cause tally (src/attribution's, handed down by whoever builds the world). */
  attribution: AttributionFactory;
}

/** Size of the pool's book in USD at the oracle prices. */
export interface CrossBookSize {
  /** Accounts with debt. */
  accounts: number;
  /** Σ collateral·price over reserves with liquidationThreshold > 0, USD. */
  collateralUsd: number;
  /** Σ debt·price, USD. */
  debtUsd: number;
}

/**
 * An Aave v3 pool whose accounts hold several collateral and several debt assets (the pure engine of
 * src/protocol/cross run in the world). Each block it reads every reserve's oracle, lists the accounts with
 * health factor < 1 (largest USD debt first), and executes the liquidationCalls keepers choose; v3.3 deficits
 * are written off as bad debt, paid by the insurance fund first. It sees prices only through its oracles.
 *
 * Finding unsafe accounts is a plain scan of every account (O(accounts·assets)), skipped when no oracle price
 * changed since the last block: then only the listed accounts can have changed (by liquidations), so they are
 * rechecked and nobody else.
 *
 * @example
 * protocol.refresh(block, timeSeconds);
 * for (const i of protocol.liquidatable) protocol.liquidate(i, 0, 2, 5_000);
 */
export class CrossLendingProtocol implements MarginEngine {
  /** Margin-engine family. */
  readonly kind = 'cross-lending' as const;
  /** USD totals: liquidations, seized and repaid value, penalties, fees, bad debt, liquidations by generation. */
  readonly ledger: LendingLedger;
  /** Unit totals per asset. */
  readonly totals: CrossAssetTotals;
  /** Accounts with health factor < 1 at this block's oracle prices, largest USD debt first (ties: lower index). */
  readonly liquidatable: number[] = [];
  /** Block since which each account has been liquidatable, -1 when it is not. */
  readonly unsafeSince: Int32Array;
  /** Cascade generation of each liquidatable account, -1 when it is not liquidatable. */
  readonly generation: Int32Array;
  /** Reserve whose price classified each liquidatable account's generation (its largest collateral), -1 if none. */
  private readonly causeAsset: Int32Array;
  /** Full scans of the book so far (blocks in which some oracle price changed, plus the first). */
  fullScans = 0;
  block = 0;
  /** Seconds since block 0 at this block's checks. */
  timeSeconds = 0;

  readonly book: CrossAccountBook;
  readonly fund: InsuranceFund;
  private readonly oracles: readonly (Oracle | undefined)[];
  private readonly sales: readonly SalesByGeneration[];
  private readonly classifiers: readonly (CascadeClassifier | undefined)[];
  private readonly everLiquidated: Uint8Array;
  private readonly debtUsd: Float64Array;
  private initialUnits: BookUnits | undefined;
  private initialSize: CrossBookSize | undefined;
  private scanPending = true;

  constructor(
    readonly settings: CrossLendingSettings,
    parts: CrossLendingParts,
  ) {
    const { attribution } = parts;
    this.ledger = new LendingLedger(attribution.causes());
    ({ book: this.book, oracles: this.oracles, sales: this.sales, fund: this.fund } = parts);
    const { assets, accounts } = this.book;
    if (settings.symbols.length !== assets || this.oracles.length !== assets || this.sales.length !== assets) {
      throw new RangeError(`${settings.id}: one symbol, oracle slot and sales record per reserve`);
    }
    this.totals = new CrossAssetTotals(assets);
    this.classifiers = this.oracles.map((oracle) => (oracle ? attribution.classifier() : undefined));
    this.unsafeSince = new Int32Array(accounts).fill(-1);
    this.generation = new Int32Array(accounts).fill(-1);
    this.causeAsset = new Int32Array(accounts).fill(-1);
    this.everLiquidated = new Uint8Array(accounts);
    this.debtUsd = new Float64Array(accounts);
  }

  get id(): string {
    return this.settings.id;
  }

  get variant(): CrossVariant {
    return this.settings.variant;
  }

  /** Records the book at block 0 (units per asset and USD size) for the invariants and metrics. */
  start(): void {
    this.initialUnits = bookUnits(this.book);
    this.initialSize = this.size();
  }

  /** Units per asset summed over accounts at block 0. */
  get initial(): BookUnits {
    if (!this.initialUnits) throw new InvariantError(`${this.id} was not started`);
    return this.initialUnits;
  }

  /** The book's USD size at block 0. */
  get initialBook(): CrossBookSize {
    if (!this.initialSize) throw new InvariantError(`${this.id} was not started`);
    return this.initialSize;
  }

  /** The book's USD size now, at the current oracle prices. */
  size(): CrossBookSize {
    const { book } = this;
    const size = { accounts: 0, collateralUsd: 0, debtUsd: 0 };
    for (let account = 0; account < book.accounts; account++) {
      const debtUsd = totalDebtUsd(book, account);
      if (!(debtUsd > 0)) continue;
      size.accounts += 1;
      size.debtUsd += debtUsd;
      for (let asset = 0; asset < book.assets; asset++) {
        if (book.reserves[asset].liquidationThreshold > 0)
          size.collateralUsd += book.collateral[book.slot(account, asset)] * book.prices[asset];
      }
    }
    return size;
  }

  /**
   * The asset and oracle that stand for the pool in run-level price metrics: the first reserve with an
   * oracle (in reserve order), else the first reserve (its asset then has no oracle: id '').
   */
  headline(): { asset: string; oracleId: string } {
    const asset = Math.max(
      0,
      this.oracles.findIndex((oracle) => oracle !== undefined),
    );
    return { asset: this.settings.symbols[asset], oracleId: this.oracles[asset]?.id ?? '' };
  }

  /** Step 5, after {@link refresh}: nothing time-driven in a cross-asset pool. */
  step(): void {}

  /** Always: a cross-asset pool has no circuit breaker or staleness freeze. */
  liquidationsAllowed(): boolean {
    return true;
  }

  /** Step 5 of the block: reads every oracle and lists the liquidatable accounts. */
  refresh(block: number, timeSeconds = 0): void {
    this.block = block;
    this.timeSeconds = timeSeconds;
    let moved = this.scanPending;
    this.scanPending = false;
    this.oracles.forEach((oracle, asset) => {
      if (!oracle) return;
      if (oracle.price !== this.book.prices[asset]) {
        this.book.setPrice(asset, oracle.price);
        moved = true;
      }
      this.classifiers[asset]?.observe(oracle.price, oracle.fundamentalAtRead, this.sales[asset]);
    });
    const candidates = moved ? undefined : [...this.liquidatable];
    this.liquidatable.length = 0;
    if (candidates) {
      for (const account of candidates) this.classify(account);
    } else {
      this.fullScans += 1;
      for (let account = 0; account < this.book.accounts; account++) this.classify(account);
    }
    this.liquidatable.sort(this.byDebtDescending);
  }

  /**
   * Aave v3 Pool.liquidationCall(collateralAsset, debtAsset, account, debtToCover) at this block's oracle
   * prices: moves the balances (see liquidationCall), books the USD ledger and the unit totals, and writes any
   * v3.3 deficit off as bad debt charged to the insurance fund. Throws when Aave would revert.
   */
  liquidate(account: number, collateralAsset: number, debtAsset: number, debtToCover: number): CrossLiquidationQuote {
    const { book, ledger, totals } = this;
    const result = liquidationCall(book, account, collateralAsset, debtAsset, debtToCover, this.variant);
    if (!result.ok)
      throw new InvariantError(`liquidationCall on account ${account} of ${this.id} reverted: ${result.reason}`);
    const seizedUsd = result.collateralSeized * book.prices[collateralAsset];
    const repaidUsd = result.debtRepaid * book.prices[debtAsset];
    if (this.everLiquidated[account] === 0) {
      this.everLiquidated[account] = 1;
      ledger.accountsLiquidated += 1;
      totals.firstLiquidationsByCollateral[collateralAsset] += 1;
    }
    // Attributed through the sales of the asset that classified the account's generation (contagion between protocols).
    const cause = this.causeAsset[account];
    ledger.countLiquidation(
      Math.max(0, this.generation[account]),
      seizedUsd,
      cause >= 0 ? this.sales[cause] : undefined,
    );
    ledger.collateralSeizedUsd += seizedUsd;
    ledger.debtRepaidUsd += repaidUsd;
    // Penalty = seized value beyond the debt taken off (bonus incl. the treasury's share; less a v3.3 deficit), at the
    // oracle.
    ledger.penaltiesUsd += seizedUsd - repaidUsd - result.deficitUsd;
    ledger.protocolFeesUsd += result.protocolFee * book.prices[collateralAsset];
    totals.collateralSeized[collateralAsset] += result.collateralSeized;
    totals.collateralToLiquidators[collateralAsset] += result.liquidatorReceives;
    totals.protocolFeeCollateral[collateralAsset] += result.protocolFee;
    totals.debtRepaid[debtAsset] += result.debtRepaid;
    totals.liquidationsByCollateral[collateralAsset] += 1;
    totals.liquidationsByDebt[debtAsset] += 1;
    if (result.deficitUsd > 0) {
      // Aave v3.3 _burnBadDebt: the debt left without collateral becomes the reserves' deficit.
      result.deficit.forEach((units, asset) => (totals.debtWrittenOff[asset] += units));
      ledger.badDebtUsd += result.deficitUsd;
      this.fund.coverBadDebt(result.deficitUsd);
    }
    return result;
  }

  /** Largest USD debt first, then lowest account index. */
  private readonly byDebtDescending = (a: number, b: number): number => this.debtUsd[b] - this.debtUsd[a] || a - b;

  /** Lists `account` when its health factor is below 1, stamping when it became so and its generation. */
  private classify(account: number): void {
    if (!(healthFactorOf(this.book, account) < 1)) {
      this.unsafeSince[account] = -1;
      this.generation[account] = -1;
      return;
    }
    if (this.unsafeSince[account] < 0) {
      this.unsafeSince[account] = this.block;
      this.generation[account] = this.generationOf(account);
    }
    this.debtUsd[account] = totalDebtUsd(this.book, account);
    this.liquidatable.push(account);
  }

  /**
   * Cascade generation of a newly liquidatable account, read on its largest collateral c (by value): the
   * price p* of c at which the account's health factor is 1 with every other price held, classified by the
   * generation classifier of c's oracle. From HF = A/D: p* = p_c + (D − A)/(units_c·LT_c). A constant-priced
   * collateral has no cascade: generation 0.
   */
  private generationOf(account: number): number {
    const { book } = this;
    let dominant = -1;
    let dominantUsd = 0;
    let thresholdUsd = 0;
    for (let asset = 0; asset < book.assets; asset++) {
      const usd = book.collateral[book.slot(account, asset)] * book.prices[asset];
      const threshold = book.reserves[asset].liquidationThreshold;
      thresholdUsd += usd * threshold;
      if (threshold > 0 && usd > dominantUsd) {
        dominant = asset;
        dominantUsd = usd;
      }
    }
    const classifier = dominant >= 0 ? this.classifiers[dominant] : undefined;
    this.causeAsset[account] = classifier ? dominant : -1;
    if (!classifier) return 0;
    const units = book.collateral[book.slot(account, dominant)];
    const liquidationPrice =
      book.prices[dominant] +
      (totalDebtUsd(book, account) - thresholdUsd) / (units * book.reserves[dominant].liquidationThreshold);
    return classifier.generationOf(liquidationPrice);
  }
}
