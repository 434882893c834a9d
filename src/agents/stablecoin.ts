import type { Chain } from '../chain/chain.js';
import type { SalesByGeneration } from '../protocol/attribution-records.js';
import type { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { Redemptions, totalDebt, type RedemptionSettings } from '../protocol/lending/redemption.js';
import type { Venue } from '../market/venues/venue.js';
import type { DebtMarket } from './liquidators/turn.js';
import { bestSaleVenue } from '../market/best-sale.js';
import { maximiseConcave } from '../kernel/maximise.js';

/** Holders who sell the stablecoin when its issuer looks undercollateralised (a run). */
export interface HolderSettings {
  /** System collateral ratio (Σ collateral·price / Σ debt) below which holders start to sell. */
  exitBelowCollateralRatio: number;
  /** Ratio at or below which they sell at the full rate (also: any bad debt of the issuer). */
  fullExitAtCollateralRatio: number;
  /** Full-rate selling, percent of the initial supply per hour. */
  exitPctPerHour: number;
  /** Most they ever sell, percent of the initial supply. */
  maxExitPct: number;
}

/** Redemption arbitrageurs: buy the stablecoin below par, redeem it for collateral, sell the collateral. */
export interface RedeemerSettings extends RedemptionSettings {
  capitalUsd: number;
  gasUnits: number;
  priorityFeeGwei: number;
  minProfitUsd: number;
}

/** A CDP stablecoin's market: the pool it trades in, its issuer, its holders and its redeemers. */
export interface StablecoinSettings {
  asset: string;
  issuer: string;
  holders?: HolderSettings;
  redemption?: RedeemerSettings;
}

/** What happened to one stablecoin over a run. */
export interface StablecoinReport {
  asset: string;
  issuer: string;
  /** Lowest and highest pool price seen at the end of a block, USD. */
  minPrice: number;
  maxPrice: number;
  /** Stablecoins sold by holders (units ≈ USD at par) and what they fetched. */
  heldSold: number;
  heldSoldProceedsUsd: number;
  /** Stablecoins bought by keepers to repay the issuer's debt. */
  boughtBackByKeepers: number;
  /** Redemptions: calls, stablecoins burnt, collateral paid out (after fee), fee rate of the last one. */
  redemptions: number;
  redeemed: number;
  redeemedCollateral: number;
  lastFeeRate: number;
  /** Blocks that ended below par − fee floor while redemptions were refused (system below its minimum ratio). */
  blocksStalled: number;
}

/**
 * The endogenous price of a CDP stablecoin in its pool. Each block, after the transactions: holders sell into the pool
 * in proportion to how far the issuer's collateral ratio has fallen (the run); redeemers buy below par and redeem for
 * collateral at face value (Liquity v1), which holds the price near 1 − fee until the issuer falls below its minimum
 * ratio and redemptions stall. Keepers of the issuer buy it back to repay debt (see {@link DebtMarket}), lifting it.
 * Holder and redemption sales are recorded as sales of the issuer (generation 0) for contagion attribution.
 *
 * @example
 * const usdx = new StablecoinMarket(settings, cdp, pool, ethVenues, { stable, collateral }, chain);
 * usdx.act(timeSeconds, 12); // step 7b of the block
 */
export class StablecoinMarket {
  readonly debtMarket: DebtMarket;
  private readonly redemptions?: Redemptions;
  private readonly initialSupply: number;
  private readonly report: StablecoinReport;

  constructor(
    readonly settings: StablecoinSettings,
    private readonly issuer: LendingProtocol,
    private readonly pool: Venue,
    private readonly collateralVenues: readonly Venue[],
    private readonly sales: { stable: SalesByGeneration; collateral: SalesByGeneration },
    private readonly chain: Chain,
  ) {
    this.debtMarket = { venues: [pool], bought: 0, spentUsd: 0 };
    if (settings.redemption) this.redemptions = new Redemptions(issuer, settings.redemption);
    this.initialSupply = totalDebt(issuer.book);
    const mid = pool.mid();
    this.report = {
      asset: settings.asset,
      issuer: issuer.id,
      minPrice: mid,
      maxPrice: mid,
      heldSold: 0,
      heldSoldProceedsUsd: 0,
      boughtBackByKeepers: 0,
      redemptions: 0,
      redeemed: 0,
      redeemedCollateral: 0,
      lastFeeRate: 0,
      blocksStalled: 0,
    };
  }

  /** Holders' exits, then redemptions, for one block of `dtSeconds` ending at `timeSeconds`. */
  act(timeSeconds: number, dtSeconds: number): void {
    if (this.settings.holders) this.exit(this.settings.holders, dtSeconds);
    if (this.settings.redemption && this.redemptions)
      this.redeem(this.settings.redemption, this.redemptions, timeSeconds);
    const mid = this.pool.mid();
    this.report.minPrice = Math.min(this.report.minPrice, mid);
    this.report.maxPrice = Math.max(this.report.maxPrice, mid);
  }

  /** Holders sell exitPctPerHour·intensity of the initial supply per hour, intensity = clamp((start − CR)/(start −
   * full), 0, 1). */
  private exit(holders: HolderSettings, dtSeconds: number): void {
    const ratio = collateralRatio(this.issuer);
    const start = holders.exitBelowCollateralRatio;
    const full = holders.fullExitAtCollateralRatio;
    const intensity =
      this.issuer.ledger.badDebtUsd > 0 ? 1 : Math.min(1, Math.max(0, (start - ratio) / (start - full)));
    if (intensity <= 0) return;
    const left = (holders.maxExitPct / 100) * this.initialSupply - this.report.heldSold;
    const units = Math.min(left, (holders.exitPctPerHour / 100) * this.initialSupply * (dtSeconds / 3600) * intensity);
    if (!(units > 0)) return;
    const proceeds = this.pool.sell(units);
    this.report.heldSold += units;
    this.report.heldSoldProceedsUsd += proceeds;
    this.sales.stable.record(0, proceeds, this.issuer.id);
  }

  /** One redemption of the size that maximises the redeemer's profit, when it pays. */
  private redeem(settings: RedeemerSettings, redemptions: Redemptions, timeSeconds: number): void {
    const { issuer, pool } = this;
    const par = issuer.debtPrice;
    const floorRate = redemptions.feeRateFor(0, 1, timeSeconds);
    if (pool.mid() >= par * (1 - floorRate)) return;
    if (!redemptions.allowed()) {
      this.report.blocksStalled += 1;
      return;
    }
    const supply = redemptions.supply();
    const gasUsd = this.chain.gasCostUsd(settings.gasUnits, settings.priorityFeeGwei);
    // Collateral received for `units` stablecoins: face value at the oracle price, less the fee the redemption sets.
    const collateralFor = (units: number) =>
      ((units * par) / issuer.price) * (1 - redemptions.feeRateFor(units, supply, timeSeconds));
    const profit = (quoteIn: number) =>
      bestSaleVenue(this.collateralVenues, collateralFor(pool.quoteBuy(quoteIn))).proceeds - quoteIn;
    const quoteIn = maximiseConcave(profit, settings.capitalUsd);
    if (!(quoteIn > 0) || profit(quoteIn) - gasUsd <= settings.minProfitUsd) return;
    const units = pool.buy(quoteIn);
    const outcome = redemptions.redeem(units, timeSeconds);
    const received = outcome.collateralDrawn - outcome.feeCollateral;
    if (received > 0) {
      const proceeds = bestSaleVenue(this.collateralVenues, received).venue.sell(received);
      this.sales.collateral.record(0, proceeds, issuer.id);
    }
    this.report.redemptions += 1;
    this.report.redeemed += outcome.debtRedeemed;
    this.report.redeemedCollateral += received;
    this.report.lastFeeRate = outcome.feeRate;
  }

  /** The run's totals so far. */
  summary(): StablecoinReport {
    return { ...this.report, boughtBackByKeepers: this.debtMarket.bought };
  }
}

/** Σ collateral·oracle price / Σ debt·debt price (Liquity's TCR); +Infinity with no debt. */
function collateralRatio(protocol: LendingProtocol): number {
  const { book } = protocol;
  let collateral = 0;
  for (let i = 0; i < book.count; i++) collateral += book.collateral[i];
  const debt = totalDebt(book) * protocol.debtPrice;
  return debt > 0 ? (collateral * protocol.price) / debt : Number.POSITIVE_INFINITY;
}
