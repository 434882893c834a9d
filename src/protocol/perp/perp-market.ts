import type { Oracle } from '../../oracle/oracle.js';
import type { Venue } from '../../market/venues/venue.js';
import type { PerpMarketSpec } from '../../scenario/schema-perp.js';
import { maintenanceMarginUsd, type MarginBracket } from './margin-tiers.js';
import { oiScaledInitialMarginFraction, sizePremiumMarginRatio } from './initial-margin.js';
import { fundingRate } from './funding.js';
import { type AttributionFactory, type CascadeClassifier, type SalesByGeneration } from '../attribution-records.js';

/**
 * One perpetual market of an exchange: its prices (mark from the mark oracle, index from the index oracle), its
 * margin rules (flat or tiered maintenance; flat, open-interest-scaled or size-premium initial margin) and its
 * funding clock. Funding: each block samples the premium of the venue's price over the index; at the end of each
 * interval the rate is the mean premium, clamped (a simple, documented rule, not one exchange's formula).
 *
 * @example
 * const market = new PerpMarket(spec, 0, indexOracle, markOracle, book, attribution);
 * market.readPrices();
 * market.maintenanceUsd(100_000); // 3,000 with a flat 3%
 */
export class PerpMarket {
  /** Mark price, USD: what margins and PnL are computed at. */
  mark = Number.NaN;
  /** Index price, USD: the spot reference. */
  index = Number.NaN;
  private premiumSum = 0;
  private premiumSamples = 0;
  private lastFundingAt = 0;
  private readonly brackets?: readonly MarginBracket[];
  /** Cascade generations of long liquidations, from the mark against the asset's fundamental and its liquidation sales.
   * */
  readonly classifier: CascadeClassifier;

  constructor(
    readonly spec: PerpMarketSpec,
    /** Position of this market in the exchange's list (its column in the account book). */
    readonly position: number,
    readonly indexOracle: Oracle,
    readonly markOracle: Oracle,
    readonly venue: Venue,
    /** Makes the market's classifier (src/attribution's, handed down by whoever builds the world). */
    attribution: AttributionFactory,
    /** Liquidation sales of the market's asset (shared with every protocol on it), for contagion attribution. */
    readonly sales?: SalesByGeneration,
  ) {
    this.classifier = attribution.classifier();
    if (spec.maintenance.type === 'tiers') this.brackets = spec.maintenance.brackets;
  }

  get id(): string {
    return this.spec.id;
  }

  /** Reads the mark and index oracles. */
  readPrices(): void {
    this.mark = this.markOracle.price;
    this.index = this.indexOracle.price;
  }

  /** Feeds this block's mark to the generation classifier (once per block, after {@link readPrices}). */
  observeCascade(): void {
    if (this.sales) this.classifier.observe(this.mark, this.markOracle.fundamentalAtRead, this.sales);
  }

  /** Maintenance margin of a position of `notionalUsd` (at the mark), USD. */
  maintenanceUsd(notionalUsd: number): number {
    // Binance USDⓈ-M brackets: notional × rate − cumulative amount; flat: notional × fraction.
    return this.brackets
      ? maintenanceMarginUsd(notionalUsd, this.brackets)
      : notionalUsd * this.spec.maintenanceMarginFraction;
  }

  /** Initial margin fraction for a position of `sizeBase` units while the market's open interest is `openInterestUsd`.
   * */
  initialMarginFraction(sizeBase: number, openInterestUsd: number): number {
    const rule = this.spec.initialMargin;
    const base = this.spec.initialMarginFraction;
    if (rule.type === 'oi-scaled')
      return oiScaledInitialMarginFraction(base, openInterestUsd, rule.lowerCapUsd, rule.upperCapUsd);
    if (rule.type === 'size-premium') return sizePremiumMarginRatio(base, sizeBase, rule.imfFactor);
    return base;
  }

  /**
   * Samples this block's premium ((venue price − index) / index) and, when a funding interval has ended at
   * `timeSeconds`, returns the rate to settle (clamped mean premium) and starts the next interval; else null.
   */
  funding(timeSeconds: number): number | null {
    if (this.index > 0) {
      this.premiumSum += (this.venue.mid() - this.index) / this.index;
      this.premiumSamples += 1;
    }
    if (timeSeconds - this.lastFundingAt < this.spec.fundingIntervalSeconds) return null;
    const rate = fundingRate(
      this.premiumSamples > 0 ? this.premiumSum / this.premiumSamples : 0,
      this.spec.fundingClamp,
    );
    this.premiumSum = 0;
    this.premiumSamples = 0;
    this.lastFundingAt = timeSeconds;
    return rate;
  }
}
