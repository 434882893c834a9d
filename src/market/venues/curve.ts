import { InvariantError } from '../../kernel/errors.js';
import { ImpactCurve, type CurveBeyond, type CurveSide } from './curve-math.js';
import { decayFactor } from './offchain-math.js';
import type { Venue } from './venue.js';
import { feeBpsIn, positive, tradeAmount } from './venue-errors.js';

export type { CurveBeyond, CurveSide } from './curve-math.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Construction parameters of a {@link CurveVenue}.
 *
 * @example
 * const params: CurveVenueParams = {
 *   id: 'agg', base: 'ETH', quote: 'USDC', reference: () => 2000, sizeUnit: 'usd', beyond: 'refuse',
 *   sells: { sizes: [1e5, 1e6], values: [99_950, 990_000] }, buys: { sizes: [1e5, 1e6], values: [100_050, 1_010_000] },
 *   resilienceHalfLifeSeconds: 600,
 * };
 */
export interface CurveVenueParams {
  id: string;
  base: string;
  quote: string;
  /** The reference price the table's impacts are measured from, read at construction and at each block. */
  reference: () => number;
  /** Unit of the table's sizes: USD notional at the reference price, or units of base. */
  sizeUnit: 'usd' | 'base';
  /** Sale and purchase sides of the table, normalised to reference value (see `curve-math.ts`). */
  sells: CurveSide;
  buys: CurveSide;
  beyond: CurveBeyond;
  /** Half-life of the position's decay back to 0, seconds (0 = back at rest by the next block). */
  resilienceHalfLifeSeconds: number;
  /** Taker fee on top of the table, basis points of the quote (default 0: a quote sweep already includes fees). */
  feeBps?: number;
}

/**
 * Trading a curve venue did past the last measured row of its table, counted from the venue's executed trades.
 *
 * @example
 * const report: CurveBeyondReport = { venue: 'agg', beyond: 'refuse', sellTrades: 2, sellBase: 40, sellUsd: 80_000,
 *   buyTrades: 0, buyBase: 0, buyUsd: 0, peakSellReach: 1.4, peakBuyReach: 0.1, firstBeyondSeconds: 360 };
 */
export interface CurveBeyondReport {
  venue: string;
  beyond: CurveBeyond;
  /** Sales that went past the last measured sale size, and the base and USD (at the reference price) beyond it. */
  sellTrades: number;
  sellBase: number;
  sellUsd: number;
  /** Purchases that went past the last measured purchase size (refused: the quote left unspent, valued in base at the
   * last measured marginal cost), and the base and USD beyond it. */
  buyTrades: number;
  buyBase: number;
  buyUsd: number;
  /** Deepest position reached, as a share of the measured sale size (1 = the last row) and of the purchase size. */
  peakSellReach: number;
  peakBuyReach: number;
  /** Time of the block in which a trade first went past the table, seconds (null: none did). */
  firstBeyondSeconds: number | null;
}

/**
 * A venue whose price impact is an empirical table (a DEX aggregator's quote sweep, an order-book walk). Its state is a
 * position x: the net size sold into it (in the table's unit) whose impact has not yet decayed, like an off-chain
 * market's outstanding volume. A sale of b base moves x up by b (base tables) or b·reference (USD tables) and pays
 * reference × (G(x + dx) − G(x)) / unit, G the table's cumulative proceeds (see `curve-math.ts`); a purchase walks G
 * down. Each block the reference follows the asset's fundamental and x decays by 2^(−dt/half-life): the liquidity the
 * table measured comes back, centred on the new reference (the resilience of the off-chain market).
 *
 * @example
 * const venue = new CurveVenue(params);
 * venue.quoteSell(50); // 50 ETH = 100,000 USD at 2000: proceeds 99,950 (first row, 5 bps average impact)
 */
export class CurveVenue implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly feeBps: number;
  readonly curve: ImpactCurve;
  private readonly params: CurveVenueParams;
  private reference: number;
  private position = 0;
  private sellTrades = 0;
  private sellBeyond = 0;
  private sellBeyondUsd = 0;
  private buyTrades = 0;
  private buyBeyond = 0;
  private buyBeyondUsd = 0;
  private peakSell = 0;
  private peakBuy = 0;
  private now = 0;
  private firstBeyond: number | null = null;

  constructor(params: CurveVenueParams) {
    this.id = params.id;
    this.base = params.base;
    this.quote = params.quote;
    this.params = params;
    this.feeBps = feeBpsIn(params.feeBps ?? 0, `curve venue ${params.id} feeBps`);
    decayFactor(0, params.resilienceHalfLifeSeconds); // validates the half-life
    this.curve = new ImpactCurve(params.sells, params.buys, params.beyond);
    this.reference = positive(params.reference(), `curve venue ${params.id} reference price`);
  }

  /** Table units per base at the current reference: 1 for base tables, the reference price for USD tables. */
  private unit(): number {
    return this.params.sizeUnit === 'usd' ? this.reference : 1;
  }

  /**
   * Position x in the table's unit: net size sold whose impact has not decayed (negative after net purchases).
   *
   * @example
   * venue.positionSize(); // 0 at rest
   */
  positionSize(): number {
    return this.position;
  }

  /**
   * Marginal price before fees: reference × the slope of G at x; at a row, the mean of the slopes on either side
   * (the slope that is refused, past the table's end, is left out).
   *
   * @example
   * venue.mid(); // 2000 at rest when the first sale and purchase rows have equal impact
   */
  mid(): number {
    const right = this.curve.marginalRight(this.position);
    const left = this.curve.marginalLeft(this.position);
    if (right === left) return this.reference * right;
    if (!(left < Infinity)) return this.reference * right;
    if (!(right > 0)) return this.reference * left;
    return this.reference * (0.5 * left + 0.5 * right);
  }

  /**
   * Quote per base of an infinitesimal sale: reference × G'(x+) × (1 − fee). G is concave with G(x) − G(x) = 0, so
   * quoteSell(b) ≤ rate·b (κ = 0).
   *
   * @example
   * venue.marginalSellRate(); // 2000 × 0.9995 on the example table
   */
  marginalSellRate(): number {
    return this.reference * this.curve.marginalRight(this.position) * (1 - this.feeBps / BPS);
  }

  /**
   * Base per quote of an infinitesimal purchase: (1 − fee) / (reference × G'(x−)); 0 when the table refuses more.
   *
   * @example
   * venue.marginalBuyRate(); // (1/2000)/1.0005 on the example table
   */
  marginalBuyRate(): number {
    return (1 - this.feeBps / BPS) / (this.reference * this.curve.marginalLeft(this.position));
  }

  /**
   * Quote received for selling `baseIn` now, after the fee; no state change.
   *
   * @example
   * venue.quoteSell(50);
   */
  quoteSell(baseIn: number): number {
    const dx = tradeAmount(baseIn, 'baseIn') * this.unit();
    const to = Math.min(this.position + dx, this.curve.maxPosition);
    const gain = this.curve.value(to) - this.curve.value(this.position);
    return Math.max(gain, 0) * (this.reference / this.unit()) * (1 - this.feeBps / BPS);
  }

  /**
   * Base received for spending `quoteIn` now (the fee is taken from it first); no state change.
   *
   * @example
   * venue.quoteBuy(100_050); // 50 on the example table
   */
  quoteBuy(quoteIn: number): number {
    return (this.position - this.afterPurchase(quoteIn)) / this.unit();
  }

  /**
   * Sells `baseIn`; returns {@link CurveVenue.quoteSell} and moves the position up (at most to where the curve
   * stops paying). The part past the last measured row is counted in {@link CurveVenue.beyondReport}.
   *
   * @example
   * venue.sell(50);
   */
  sell(baseIn: number): number {
    const out = this.quoteSell(baseIn);
    const dx = baseIn * this.unit();
    const end = this.curve.measured.sell;
    const past = this.position + dx - Math.max(this.position, end);
    this.peakSell = Math.max(this.peakSell, (this.position + dx) / end);
    if (past > 0) {
      this.firstBeyond ??= this.now;
      this.sellTrades += 1;
      this.sellBeyond += past / this.unit();
      this.sellBeyondUsd += (past / this.unit()) * this.reference;
    }
    this.position = Math.min(this.position + dx, this.curve.maxPosition);
    return out;
  }

  /**
   * Spends `quoteIn`; returns {@link CurveVenue.quoteBuy} and moves the position down. The part past the last
   * measured purchase row (or, when the table refuses, the quote it could not spend) is counted.
   *
   * @example
   * venue.buy(100_050);
   */
  buy(quoteIn: number): number {
    const end = this.curve.measured.buy;
    const to = this.afterPurchase(quoteIn);
    const got = (this.position - to) / this.unit();
    let past = Math.max(0, Math.min(this.position, -end) - to) / this.unit();
    if (to <= this.curve.minPosition) {
      // Refused: what the quote left over would have bought at the last measured marginal cost.
      const spent = (this.curve.value(this.position) - this.curve.value(to)) * (this.reference / this.unit());
      const left = Math.max(tradeAmount(quoteIn, 'quoteIn') * (1 - this.feeBps / BPS) - spent, 0);
      past += left / (this.reference * this.curve.marginalRight(to));
    }
    if (past > 0) {
      this.firstBeyond ??= this.now;
      this.buyTrades += 1;
      this.buyBeyond += past;
      this.buyBeyondUsd += past * this.reference;
    }
    this.position = to;
    this.peakBuy = Math.max(this.peakBuy, (-to + past * this.unit()) / end);
    return got;
  }

  /**
   * USD, valued at the mid, of the smallest sale now after which the marginal sale price is at most 99% of the mid;
   * with the table's rows, the sale that empties every row priced above that. +Infinity when none does.
   *
   * @example
   * venue.depthUsdPer1Pct();
   */
  depthUsdPer1Pct(): number {
    const mid = this.mid();
    const to = this.curve.firstBelow(this.position, (0.99 * mid) / this.reference);
    return ((to - this.position) / this.unit()) * mid;
  }

  /**
   * Each block: the reference follows the fundamental and the position decays, x ← x·2^(−dt/half-life).
   *
   * @example
   * venue.onBlock(12, 12);
   */
  onBlock(timeSeconds: number, dtSeconds: number): void {
    if (!Number.isFinite(timeSeconds)) throw new InvariantError(`timeSeconds must be finite, got ${timeSeconds}`);
    const left = decayFactor(dtSeconds, this.params.resilienceHalfLifeSeconds);
    // A USD position keeps its USD size; the decay is the off-chain market's (Obizhaeva–Wang resilience).
    this.position = left === 0 ? 0 : this.position * left;
    this.reference = positive(this.params.reference(), `curve venue ${this.id} reference price`);
    this.now = timeSeconds;
  }

  /**
   * What the venue traded past its measured table so far.
   *
   * @example
   * venue.beyondReport().sellUsd; // 0 when every sale stayed within the table
   */
  beyondReport(): CurveBeyondReport {
    return {
      venue: this.id,
      beyond: this.params.beyond,
      sellTrades: this.sellTrades,
      sellBase: this.sellBeyond,
      sellUsd: this.sellBeyondUsd,
      buyTrades: this.buyTrades,
      buyBase: this.buyBeyond,
      buyUsd: this.buyBeyondUsd,
      peakSellReach: this.peakSell,
      peakBuyReach: this.peakBuy,
      firstBeyondSeconds: this.firstBeyond,
    };
  }

  /** A copy to simulate trades on ({@link Venue.fork}); its trades are counted on the copy only. */
  fork(): CurveVenue {
    return Object.assign(Object.create(CurveVenue.prototype) as CurveVenue, this);
  }

  /** The position after spending `quoteIn` (fee first), never below where the table refuses. */
  private afterPurchase(quoteIn: number): number {
    const spend = tradeAmount(quoteIn, 'quoteIn') * (1 - this.feeBps / BPS);
    if (spend === 0) return this.position;
    const to = this.curve.positionAfterPurchase(this.position, (spend * this.unit()) / this.reference);
    return Math.max(to, this.curve.minPosition);
  }
}
