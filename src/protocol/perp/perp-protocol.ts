import type { PerpSpec } from '../../scenario/schema-perp.js';
import { InsuranceFund } from '../../liquidation/insurance-fund.js';
import { PerpBook } from './perp-book.js';
import type { PerpMarket } from './perp-market.js';
import { PerpLedger, type PerpReport } from './perp-ledger.js';
import { fundingPaymentUsd } from './funding.js';
import { PerpLiquidator } from './perp-liquidator.js';
import { traderAccounts } from './perp-population.js';
import { generatedOf } from '../../scenario/schema-books.js';
import type { MarginEngine } from '../engine.js';
import type { PerpExchange } from './perp-exchange.js';
import type { AttributionFactory, LiquidationCauses } from '../attribution-records.js';

/** The keepers' list of a perp engine (never written). */
const NO_ACCOUNTS: readonly number[] = [];

/**
 * A perpetual-futures exchange (a protocol beside lending): trader accounts, markets with mark and index prices,
 * isolated or cross margining, funding, and a liquidation engine with its loss waterfall (account margin →
 * insurance fund → ADL or socialisation), optionally with a backstop vault ({@link PerpLiquidator}). Two extra
 * accounts follow the traders: the venues' market makers (`maker`, the other side of every position at block 0 and
 * of every liquidation fill; never liquidated) and the backstop vault (`vault`).
 *
 * @example
 * perp.refresh(block, timeSeconds); // prices, funding
 * perp.liquidate(block);            // the engine closes accounts under maintenance
 */
export class PerpProtocol implements MarginEngine, PerpExchange {
  /** Margin-engine family. */
  readonly kind = 'perp' as const;
  readonly book: PerpBook;
  readonly fund: InsuranceFund;
  readonly ledger: PerpLedger;
  /** Liquidations by cause, for the contagion report. */
  readonly causes: LiquidationCauses;
  /** Account index of the market makers and of the backstop vault. */
  readonly maker: number;
  readonly vault: number;
  /** Traders under `addMargin.belowMarginRatio` with a reserve, found by the last scan. */
  readonly wantsMargin: number[] = [];
  private readonly liquidator: PerpLiquidator;
  private readonly fundAtStart: number;
  private readonly vaultCapital: number;
  block = 0;
  timeSeconds = 0;
  /** Traders under maintenance at the last scan (before its liquidations). */
  unsafeAtScan = 0;

  constructor(
    readonly spec: PerpSpec,
    readonly markets: readonly PerpMarket[],
    /** Makes the exchange's cause tally (src/attribution's, handed down by whoever builds the world). */
    attribution: AttributionFactory,
    /** Trader accounts; default: those of the generated population (a book read from a file gives its own count). */
    accounts?: number,
  ) {
    this.causes = attribution.causes();
    const traders = accounts ?? traderAccounts(generatedOf(spec.traders)?.count ?? 0, markets.length, spec.marginMode);
    this.traders = traders;
    this.book = new PerpBook(traders + 2, markets.length);
    this.maker = traders;
    this.vault = traders + 1;
    this.vaultCapital = spec.liquidation.backstop?.capitalUsd ?? 0;
    this.book.collateral[this.vault] = this.vaultCapital;
    this.fund = new InsuranceFund(spec.insuranceFundUsd);
    this.fundAtStart = spec.insuranceFundUsd;
    this.ledger = new PerpLedger(markets.map((m) => m.id));
    this.liquidator = new PerpLiquidator(this);
  }

  get id(): string {
    return this.spec.id;
  }

  /** Number of trader accounts (the maker and the vault come after them). */
  readonly traders: number;

  /**
   * Account equity at the mark prices: collateral + Σ (quote flow + size · mark), USD. The makers' capital is added
   * here rather than held in their collateral, so that transfers to and from them keep full float precision.
   */
  equity(account: number): number {
    return this.ownValue(account) + (account === this.maker ? this.spec.makerCapitalUsd : 0);
  }

  /** Collateral + Σ (quote flow + size · mark) of the account, USD (its equity, without the makers' capital). */
  private ownValue(account: number): number {
    const { book } = this;
    let equity = book.collateral[account];
    for (let m = 0; m < this.markets.length; m++) {
      const k = book.at(account, m);
      if (book.size[k] !== 0 || book.quoteFlow[k] !== 0)
        equity += book.quoteFlow[k] + book.size[k] * this.markets[m].mark;
    }
    return equity;
  }

  /** Maintenance margin of the account at the mark prices: Σ over its positions of the market's requirement, USD. */
  maintenance(account: number): number {
    const { book } = this;
    let required = 0;
    for (let m = 0; m < this.markets.length; m++) {
      const size = book.size[book.at(account, m)];
      if (size !== 0) required += this.markets[m].maintenanceUsd(Math.abs(size) * this.markets[m].mark);
    }
    return required;
  }

  /**
   * Cascade generation of `account`, under maintenance now, read on its largest long position: the mark p* at which
   * its equity would meet maintenance with every other price held, E + s·(p − mark) = M·p/mark, so
   * p* = (s·mark − E)/(s − M/mark), classified like a lending account's liquidation price. Returns the generation and
   * that position's market; generation 0 and no market for an account with no long (a short fails on a rise).
   */
  generationOf(account: number, equity: number, maintenance: number): { generation: number; market?: PerpMarket } {
    let largest: PerpMarket | undefined;
    let size = 0;
    for (const market of this.markets) {
      const s = this.book.size[this.book.at(account, market.position)];
      if (s > 0 && s * market.mark > size * (largest?.mark ?? 0)) {
        largest = market;
        size = s;
      }
    }
    if (!largest || !largest.sales) return { generation: 0 };
    const denominator = size - maintenance / largest.mark;
    const trigger = denominator > 0 ? (size * largest.mark - equity) / denominator : Number.POSITIVE_INFINITY;
    return { generation: largest.classifier.generationOf(trigger), market: largest };
  }

  /** Whether the account holds any position. */
  hasPosition(account: number): boolean {
    for (let m = 0; m < this.markets.length; m++) if (this.book.size[this.book.at(account, m)] !== 0) return true;
    return false;
  }

  /** Step 5: reads mark and index prices and settles funding for markets whose interval ended. */
  refresh(block: number, timeSeconds: number): void {
    this.block = block;
    this.timeSeconds = timeSeconds;
    for (const market of this.markets) {
      market.readPrices();
      market.observeCascade();
      if (market.index > 0)
        this.ledger.maxMarkIndexDeviation = Math.max(
          this.ledger.maxMarkIndexDeviation,
          Math.abs(market.mark - market.index) / market.index,
        );
      const rate = market.funding(timeSeconds);
      if (rate !== null && rate !== 0) this.settleFunding(market, rate);
    }
  }

  /** Step 5, after refresh: the engine liquidates ({@link liquidate}). */
  step(block: number): void {
    this.liquidate(block);
  }

  /** Keepers never liquidate here: the engine closes accounts itself at step 5. */
  liquidationsAllowed(): boolean {
    return false;
  }

  /** None: the engine closes accounts itself at step 5. */
  get liquidatable(): readonly number[] {
    return NO_ACCOUNTS;
  }

  /** Step 5, after refresh: closes every trader under maintenance, then notes the book's state. */
  liquidate(block: number): void {
    const before = this.ledger.liquidations;
    const addMargin = this.spec.traders.addMargin;
    this.wantsMargin.length = 0;
    let unsafe = 0;
    for (let a = 0; a < this.traders; a++) {
      if (!this.hasPosition(a)) continue;
      const equity = this.equity(a);
      const maintenance = this.maintenance(a);
      if (equity < maintenance) {
        unsafe += 1;
        this.liquidator.liquidateAccount(a, equity, maintenance);
      } else if (addMargin && this.book.reserve[a] > 0 && equity < addMargin.belowMarginRatio * maintenance) {
        this.wantsMargin.push(a);
      }
    }
    this.unsafeAtScan = unsafe;
    this.ledger.fundMinUsd = Math.min(this.ledger.fundMinUsd, this.fund.balanceUsd());
    this.ledger.endBlock(block, this.ledger.liquidations > before, unsafe);
  }

  /** A trader adds up to `usd` of its reserve as collateral; returns what it added. */
  addMargin(account: number, usd: number): number {
    const added = Math.min(usd, this.book.reserve[account]);
    if (!(added > 0)) return 0;
    this.book.reserve[account] -= added;
    this.book.collateral[account] += added;
    this.ledger.marginDeposits += 1;
    this.ledger.marginDepositedUsd += added;
    return added;
  }

  /**
   * The traders' book now: traders holding a position, their equity (margin and PnL) and the notional of their
   * positions at the mark (longs and shorts added), USD.
   */
  bookSize(): { traders: number; equityUsd: number; notionalUsd: number } {
    const size = { traders: 0, equityUsd: 0, notionalUsd: 0 };
    for (let a = 0; a < this.traders; a++) {
      if (!this.hasPosition(a)) continue;
      size.traders += 1;
      size.equityUsd += this.equity(a);
      for (const market of this.markets)
        size.notionalUsd += Math.abs(this.book.size[this.book.at(a, market.position)]) * market.mark;
    }
    return size;
  }

  /** Each trader with a position: equity / maintenance margin at the mark (liquidated below 1), written to `visit`. */
  forEachMarginRatio(visit: (ratio: number) => void): void {
    for (let a = 0; a < this.traders; a++) {
      if (!this.hasPosition(a)) continue;
      const maintenance = this.maintenance(a);
      if (maintenance > 0) visit(this.equity(a) / maintenance);
    }
  }

  /**
   * Σ equity over every account + reserves + the insurance fund, leaving out the makers' capital (a constant that
   * would dwarf the rest), USD: changes only by rounding, since every flow is a transfer.
   */
  totalValueUsd(): number {
    let total = this.fund.balanceUsd();
    for (let a = 0; a < this.book.count; a++) total += this.ownValue(a) + this.book.reserve[a];
    return total;
  }

  /** The run's report. */
  report(): PerpReport {
    const { ledger } = this;
    const backstop = this.spec.liquidation.backstop;
    return {
      protocol: this.id,
      marginMode: this.spec.marginMode,
      liquidations: ledger.liquidations,
      accountsLiquidated: ledger.accountsLiquidated,
      byMarket: ledger.byMarket.map((row) => ({ ...row })),
      insuranceFund: {
        startUsd: this.fundAtStart,
        minUsd: Math.min(this.fundAtStart, ledger.fundMinUsd),
        endUsd: this.fund.balanceUsd(),
        feesUsd: ledger.feesUsd,
        paidUsd: ledger.fundPaidUsd,
      },
      adl: { fills: ledger.adlEvents.length, notionalUsd: ledger.adlNotionalUsd, events: ledger.adlEvents },
      socialisedLossUsd: ledger.socialisedLossUsd,
      uncoveredDeficitUsd: ledger.uncoveredDeficitUsd,
      ...(backstop
        ? {
            backstop: {
              takeovers: ledger.takeovers,
              notionalUsd: ledger.takeoverNotionalUsd,
              pnlUsd: this.equity(this.vault) - this.vaultCapital,
            },
          }
        : {}),
      maxMarkIndexDeviation: ledger.maxMarkIndexDeviation,
      blocksToRecovery:
        ledger.firstLiquidationBlock !== null && ledger.recoveredBlock !== null
          ? ledger.recoveredBlock - ledger.firstLiquidationBlock
          : null,
      fundingPaidByLongsUsd: ledger.fundingPaidByLongsUsd,
      marginDeposits: ledger.marginDeposits,
      marginDepositedUsd: ledger.marginDepositedUsd,
    };
  }

  /** Every position pays size · mark · rate (longs pay shorts when the rate is positive); Σ size = 0, so Σ payments =
   * 0. */
  private settleFunding(market: PerpMarket, rate: number): void {
    const { book } = this;
    for (let a = 0; a < book.count; a++) {
      const size = book.size[book.at(a, market.position)];
      if (size === 0) continue;
      const pays = fundingPaymentUsd(size, market.mark, rate);
      book.collateral[a] -= pays;
      if (size > 0) this.ledger.fundingPaidByLongsUsd += pays;
    }
  }
}
