import { InvariantError } from '../../kernel/errors.js';
import { decayFactor } from './offchain-math.js';
import {
  applyFill,
  askTailPrice,
  baseToPushBidTo,
  type BookSide,
  bidTailPrice,
  fillPurchase,
  fillSale,
  refilledQuote,
  VolatilityWindow,
} from './order-book-levels.js';
import type { Venue } from './venue.js';
import { validateLayout, type OrderBookSettings } from './order-book-settings.js';
import { generatedProfile, snapshotProfile, type BookProfile } from './order-book-profile.js';

export type { OrderBookSettings } from './order-book-settings.js';
import { feeBpsIn, positive, tradeAmount } from './venue-errors.js';

/** Basis points in one unit. */
const BPS = 10_000;
/** A bid within this fraction of the mid of the price that completes a 1% move counts as reaching it (float64 slack).
 * */
const PRICE_TOLERANCE = 1e-12;

/**
 * One price level: price (quote per base) and resting size (base).
 *
 * @example
 * const top: BookLevel = { price: 99, size: 98 };
 */
export interface BookLevel {
  price: number;
  size: number;
}

/**
 * A limit-order book kept by market makers. Each side has `levels` price levels at mid·(1 ∓ δ_k), with
 * δ_k = halfSpread + k·step around the mid at which the makers last quoted, and the same quote q (USD) on
 * every level of the full profile (q is set so that a fresh book's depthUsdPer1Pct() is D).
 *
 * - A market sale walks the bids from the best down, each level filled at its own price; past the last
 *   level it fills on a tail whose price falls as last·e^(−x/X), X the base of the side's current profile
 *   (selling another whole side's worth past the book cuts the price by a factor e; it is never negative,
 *   and reaches 0 only by float64 underflow, ~745 side-widths past the book). Purchases mirror this on the asks (price
 * rises as last·e^(y/Y)). The taker fee is taken
 *   from the quote received on sales and from the quote spent, before the walk, on purchases.
 * - mid = (best bid + best ask)/2 of what is left, so a liquidation walking the bids moves the price (by
 *   half the move of the best bid). The asks stay where they were until the next block, so until then no
 *   arbitrageur can buy the book back up (its best ask is still the old one).
 * - {@link OrderBook.onBlock}: the makers re-centre the profile on the current mid (it is not pulled toward
 *   any outside price; arbitrageurs do that by trading), cancel at once whatever exceeds the profile they
 *   now want, and refill each level toward it by 1 − 2^(−dt/halfLife).
 *
 * @example
 * const book = new OrderBook({
 *   id: 'book', base: 'ETH', quote: 'USD', mid: 100, depthUsdPer1Pct: 19_700,
 *   halfSpreadBps: 100, levelStepBps: 100, levels: 3, refillHalfLifeSeconds: 60,
 * });
 * // q = 19,700/(100/99 + 100/98) = 9702: bids 98 @ 99, 99 @ 98, ≈100.02 @ 97
 * book.sell(100); // 98·99 + 2·98 = 9898; best bid 98, mid (98 + 101)/2 = 99.5
 */
export class OrderBook implements Venue {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly feeBps: number;
  /** Quote (USD) on each level of the full profile. */
  readonly levelQuoteUsd: number;
  private readonly settings: OrderBookSettings;
  private readonly profile: BookProfile;
  private readonly bidPrices: Float64Array;
  private readonly askPrices: Float64Array;
  private readonly bidQuotes: Float64Array;
  private readonly askQuotes: Float64Array;
  private bidTailUsed = 0;
  private askTailUsed = 0;
  private bidTailScale = 1;
  private askTailScale = 1;
  /** Share of the profile the makers quote now: 1, or keepFraction while volatility is above the threshold. */
  private keep = 1;
  private lastBlockMid: number;
  private readonly volatility: VolatilityWindow | undefined;

  constructor(settings: OrderBookSettings) {
    const name = `order book ${settings.id}`;
    this.id = settings.id;
    this.base = settings.base;
    this.quote = settings.quote;
    this.settings = settings;
    this.feeBps = feeBpsIn(settings.feeBps ?? 0, `${name} feeBps`);
    const mid = positive(settings.mid, `${name} mid`);
    const snapshot = settings.snapshot;
    const depth = snapshot ? 0 : positive(settings.depthUsdPer1Pct ?? Number.NaN, `${name} depthUsdPer1Pct`);
    validateLayout(settings, name);
    this.profile = snapshot
      ? snapshotProfile(snapshot, name)
      : generatedProfile(settings.halfSpreadBps, settings.levelStepBps, settings.levels);
    this.bidPrices = new Float64Array(this.profile.bidOffsets.length);
    this.askPrices = new Float64Array(this.profile.askOffsets.length);
    this.bidQuotes = new Float64Array(this.profile.bidOffsets.length);
    this.askQuotes = new Float64Array(this.profile.askOffsets.length);
    this.lastBlockMid = mid;
    const pull = settings.pullOnVolatility;
    this.volatility = pull ? new VolatilityWindow(pull.windowSeconds) : undefined;
    // Every size and the tail are proportional to q: measure a book with q = 1, then scale q to hit D (a snapshot keeps
    // its own USD per level, q = 1).
    this.levelQuoteUsd = 1;
    this.quoteAround(mid, 0);
    if (snapshot) return;
    const unitDepth = this.depthUsdPer1Pct();
    if (!(unitDepth > 0 && unitDepth < Number.POSITIVE_INFINITY)) {
      throw new InvariantError(
        `${name}: no sale moves the mid 1% (half spread ${settings.halfSpreadBps} bps is too wide)`,
      );
    }
    this.levelQuoteUsd = depth / unitDepth;
    this.quoteAround(mid, 0);
  }

  /**
   * Marginal price before fees: midpoint of the best bid and the best ask.
   *
   * @example
   * book.mid(); // 100 fresh
   */
  mid(): number {
    // Halve each side first: the sum of two huge tail prices must not overflow.
    return 0.5 * this.bestBid() + 0.5 * this.bestAsk();
  }

  /**
   * Best bid: the first level still holding quote, else the tail price after what was sold on it.
   *
   * @example
   * book.bestBid(); // 99 fresh (mid 100, half spread 100 bps)
   */
  bestBid(): number {
    const k = firstWithQuote(this.bidQuotes);
    const last = this.bidPrices.length - 1;
    return k >= 0 ? this.bidPrices[k] : bidTailPrice(this.bidPrices[last], this.bidTailUsed, this.bidTailScale);
  }

  /**
   * Best ask: the first level still holding quote, else the tail price after what was bought from it.
   *
   * @example
   * book.bestAsk(); // 101 fresh (mid 100, half spread 100 bps)
   */
  bestAsk(): number {
    const k = firstWithQuote(this.askQuotes);
    const last = this.askPrices.length - 1;
    return k >= 0 ? this.askPrices[k] : askTailPrice(this.askPrices[last], this.askTailUsed, this.askTailScale);
  }

  /**
   * Quote per base of an infinitesimal sale: best bid·(1 − fee). Every later unit fills at the same or a
   * lower price, so quoteSell is concave through 0 and quoteSell(b) ≤ rate·b: the Venue bound with κ = 0
   * (no κ > 0 holds, since the top level fills at exactly this rate).
   *
   * @example
   * book.marginalSellRate(); // 99 fresh, no fee
   */
  marginalSellRate(): number {
    return this.bestBid() * (1 - this.feeBps / BPS);
  }

  /**
   * Base per quote of an infinitesimal purchase: (1 − fee)/best ask; quoteBuy(q) ≤ rate·q (κ = 0), as for sales.
   *
   * @example
   * book.marginalBuyRate(); // 1/101 fresh, no fee
   */
  marginalBuyRate(): number {
    return (1 - this.feeBps / BPS) / this.bestAsk();
  }

  /**
   * Quote received for selling `baseIn` now, after the taker fee; no state change.
   *
   * @example
   * book.quoteSell(100); // 9898 on the example book
   */
  quoteSell(baseIn: number): number {
    return fillSale(this.bidSide(), tradeAmount(baseIn, 'baseIn')).out * (1 - this.feeBps / BPS);
  }

  /**
   * Base received for spending `quoteIn` now (the taker fee is taken from it first); no state change.
   *
   * @example
   * book.quoteBuy(10_722); // 9702/101 + 10 on the example book
   */
  quoteBuy(quoteIn: number): number {
    return fillPurchase(this.askSide(), this.spendAfterFee(quoteIn)).out;
  }

  /**
   * Sells `baseIn` into the bids; returns exactly {@link OrderBook.quoteSell} and lowers the best bid.
   *
   * @example
   * const usd = book.sell(100);
   */
  sell(baseIn: number): number {
    const fill = fillSale(this.bidSide(), tradeAmount(baseIn, 'baseIn'));
    this.bidTailUsed = applyFill(this.bidQuotes, fill);
    return fill.out * (1 - this.feeBps / BPS);
  }

  /**
   * Spends `quoteIn` on the asks; returns exactly {@link OrderBook.quoteBuy} and raises the best ask.
   *
   * @example
   * const eth = book.buy(10_722);
   */
  buy(quoteIn: number): number {
    const fill = fillPurchase(this.askSide(), this.spendAfterFee(quoteIn));
    this.askTailUsed = applyFill(this.askQuotes, fill);
    return fill.out;
  }

  /**
   * USD, valued at the current mid, of the smallest sale now after which the mid is at most 99% of what it
   * is: the asks stay put, so the best bid must fall to 2·0.99·mid − best ask (2% of the mid below where it
   * is); every bid level above that is emptied, and the tail walked when the levels run out. The mid moves
   * in steps (a level's price leaves the quote only when it is emptied), so the sale can overshoot 1%.
   * Fresh book: exactly settings.depthUsdPer1Pct by construction; with the layout that is
   * mid·q·Σ 1/(mid·(1 − δ_k)) over the levels with k·step < 2% (plus a tail term when the levels span less).
   * +Infinity when the best bid is already below 2% of the mid (no sale moves the mid that far).
   *
   * @example
   * book.depthUsdPer1Pct(); // 19,700 fresh: (98 + 99) base · 100
   */
  depthUsdPer1Pct(): number {
    const mid = this.mid();
    const bidForMove = 2 * 0.99 * mid - this.bestAsk();
    return baseToPushBidTo(this.bidSide(), bidForMove, PRICE_TOLERANCE * mid) * mid;
  }

  /**
   * Each block: the makers measure the mid's realised volatility (per-block log returns over the window,
   * annualised), quote keepFraction of the profile while it is above the threshold and all of it otherwise,
   * re-centre every level on the current mid (level k keeps its quote and moves to mid·(1 ∓ δ_k)), cancel at
   * once any quote above the profile, and refill each level toward it: quote ← target − (target −
   * quote)·2^(−dt/halfLife).
   * dt = 0 changes nothing (no time for the makers to act; re-centring a book with emptied top levels and no
   * refill would move the mid again).
   *
   * @example
   * book.onBlock(12, 12); // block 1 of a 12-second chain
   */
  onBlock(timeSeconds: number, dtSeconds: number): void {
    if (!Number.isFinite(timeSeconds)) throw new InvariantError(`timeSeconds must be finite, got ${timeSeconds}`);
    const left = decayFactor(dtSeconds, this.settings.refillHalfLifeSeconds); // also validates dtSeconds
    if (dtSeconds === 0) return;
    const mid = this.mid();
    const pull = this.settings.pullOnVolatility;
    if (pull && this.volatility) {
      this.volatility.observe(timeSeconds, Math.log(mid / this.lastBlockMid), dtSeconds);
      this.keep = this.volatility.annual() > pull.thresholdAnnual ? pull.keepFraction : 1;
    }
    this.lastBlockMid = mid;
    this.quoteAround(mid, left);
  }

  /**
   * Realised volatility of the mid over the pull window, annualised; 0 without pullOnVolatility or before a block.
   *
   * @example
   * book.realisedVolatility(); // 0 fresh
   */
  realisedVolatility(): number {
    return this.volatility ? this.volatility.annual() : 0;
  }

  /**
   * Share of the profile the makers quote now: 1, or keepFraction while volatility is above the threshold.
   *
   * @example
   * book.quotedFraction(); // 1 fresh
   */
  quotedFraction(): number {
    return this.keep;
  }

  /**
   * Every bid level, best (highest) first, with its resting base (0 once emptied); the tail is not listed.
   *
   * @example
   * book.bids(); // [{ price: 99, size: 98 }, { price: 98, size: 99 }, { price: 97, size: 100.02… }]
   */
  bids(): readonly BookLevel[] {
    return levelList(this.bidPrices, this.bidQuotes);
  }

  /**
   * Every ask level, best (lowest) first, with its resting base (0 once emptied); the tail is not listed.
   *
   * @example
   * book.asks()[0]; // { price: 101, size: 96.06 } on the example book
   */
  asks(): readonly BookLevel[] {
    return levelList(this.askPrices, this.askQuotes);
  }

  /** A copy to simulate trades on ({@link Venue.fork}): levels and tails copied; settings and the makers' volatility
   * window (only a refill changes them) shared. */
  fork(): OrderBook {
    const copy = Object.assign(Object.create(OrderBook.prototype) as OrderBook, this);
    return Object.assign(copy, {
      bidQuotes: this.bidQuotes.slice(),
      askQuotes: this.askQuotes.slice(),
      bidPrices: this.bidPrices.slice(),
      askPrices: this.askPrices.slice(),
    });
  }

  private bidSide(): BookSide {
    return { prices: this.bidPrices, quotes: this.bidQuotes, tailUsed: this.bidTailUsed, tailScale: this.bidTailScale };
  }

  private askSide(): BookSide {
    return { prices: this.askPrices, quotes: this.askQuotes, tailUsed: this.askTailUsed, tailScale: this.askTailScale };
  }

  private spendAfterFee(quoteIn: number): number {
    return tradeAmount(quoteIn, 'quoteIn') * (1 - this.feeBps / BPS);
  }

  /**
   * Re-centres the profile on `anchor` and moves each level's quote toward keep·q, leaving the fraction
   * `left` of the shortfall; resets both tails (their scale is the base of the profile now wanted).
   */
  private quoteAround(anchor: number, left: number): void {
    const quote = this.keep * this.levelQuoteUsd;
    const { bidOffsets, askOffsets, bidWeights, askWeights } = this.profile;
    let bidBase = 0;
    let askBase = 0;
    for (let k = 0; k < bidOffsets.length; k++) {
      const bid = anchor * (1 - bidOffsets[k]);
      const target = quote * bidWeights[k];
      this.bidPrices[k] = bid;
      this.bidQuotes[k] = refilledQuote(this.bidQuotes[k], target, left);
      bidBase += target / bid;
    }
    for (let k = 0; k < askOffsets.length; k++) {
      const ask = anchor * (1 + askOffsets[k]);
      const target = quote * askWeights[k];
      this.askPrices[k] = ask;
      this.askQuotes[k] = refilledQuote(this.askQuotes[k], target, left);
      askBase += target / ask;
    }
    this.bidTailScale = bidBase;
    this.askTailScale = askBase;
    this.bidTailUsed = this.askTailUsed = 0;
  }
}

/** Index of the first level holding quote, −1 when the side is empty. */
function firstWithQuote(quotes: Float64Array): number {
  for (let k = 0; k < quotes.length; k++) if (quotes[k] > 0) return k;
  return -1;
}

/** Levels as { price, size } with size = quote / price. */
function levelList(prices: Float64Array, quotes: Float64Array): BookLevel[] {
  const out: BookLevel[] = [];
  for (let k = 0; k < prices.length; k++) out.push({ price: prices[k], size: quotes[k] / prices[k] });
  return out;
}
