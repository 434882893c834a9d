/**
 * Pure maths of a limit-order book side: walking the levels with a market order, the tail past the last
 * level, the sale that pushes the best bid to a price, and the realised volatility market makers watch.
 *
 * A side is a list of price levels, best first, each holding some quote (USD) of resting orders; its base
 * size is quote / price. Past the last level the side has no resting orders; a market order that gets
 * there fills on an exponential tail (see {@link tailSaleProceeds}) so that any finite order has a finite,
 * positive fill price that keeps getting worse.
 */
import { SECONDS_PER_YEAR } from '../price/time.js';

/**
 * A level left with at most this fraction of the quote it held before a fill counts as emptied: float64
 * rounding (a sale of n levels subtracts n sizes, erring by up to ~n²·1e-16 of one level) must not leave a
 * sliver that keeps an exhausted price quoted. The sliver is dropped, not paid out.
 */
export const DUST_FRACTION = 1e-9;

/**
 * One side of the book as a market order sees it.
 *
 * @example
 * const bids: BookSide = {
 *   prices: Float64Array.of(99, 98, 97), quotes: Float64Array.of(9702, 9702, 9702), tailUsed: 0, tailScale: 297,
 * };
 */
export interface BookSide {
  /** Level prices, quote per base, best first (bids descending, asks ascending); all > 0. */
  readonly prices: Float64Array;
  /** Quote resting at each level (USD); 0 for an emptied level. */
  readonly quotes: Float64Array;
  /** Base already filled on the tail since the levels were last quoted (0 while any level holds quote). */
  readonly tailUsed: number;
  /** Base over which the tail price moves by a factor e (> 0). */
  readonly tailScale: number;
}

/**
 * Where a market order stops on one side: what it received and the state it leaves.
 *
 * @example
 * const fill: SideFill = { out: 9898, stop: 1, stopQuote: 9506, tailUsed: 0 };
 */
export interface SideFill {
  /** Gross quote received (sale into bids) or base received (purchase from asks), before any fee. */
  out: number;
  /** Index of the level where the order stopped; `prices.length` when it emptied every level. */
  stop: number;
  /** Quote left at level `stop` (0 when the order emptied it, or when `stop` is past the last level). */
  stopQuote: number;
  /** The side's `tailUsed` after the order. */
  tailUsed: number;
}

/**
 * Distance of each level from the mid, as a fraction of it: δ_k = halfSpread + k·step for k = 0..levels−1
 * (bid k at mid·(1 − δ_k), ask k at mid·(1 + δ_k)).
 *
 * @example
 * levelOffsets(100, 100, 3); // [0.01, 0.02, 0.03]
 */
export function levelOffsets(halfSpreadBps: number, levelStepBps: number, levels: number): Float64Array {
  const offsets = new Float64Array(levels);
  for (let k = 0; k < levels; k++) offsets[k] = (halfSpreadBps + k * levelStepBps) / 10_000;
  return offsets;
}

/**
 * Price of the bid tail after `used` base has been sold on it: last·e^(−used/scale); falls forever, never below 0.
 *
 * @example
 * bidTailPrice(97, 297 * Math.LN2, 297); // 48.5
 */
export function bidTailPrice(lastPrice: number, used: number, scale: number): number {
  return lastPrice * Math.exp(-used / scale);
}

/**
 * Price of the ask tail after `used` base has been bought from it: last·e^(used/scale), saturating at the
 * largest float64 instead of overflowing.
 *
 * @example
 * askTailPrice(103, 300 * Math.LN2, 300); // 206
 */
export function askTailPrice(lastPrice: number, used: number, scale: number): number {
  return Math.min(lastPrice * Math.exp(used / scale), Number.MAX_VALUE);
}

/**
 * Quote received for selling `baseIn` on the bid tail from `used`: ∫ last·e^(−x/scale) dx over
 * [used, used + baseIn] = P·scale·(1 − e^(−baseIn/scale)) with P the tail price at `used`; below P·scale for any
 * size, so finite for every finite order.
 *
 * @example
 * tailSaleProceeds(97, 0, 297, 297 * Math.LN2); // 97·297/2 = 14,404.5
 */
export function tailSaleProceeds(lastPrice: number, used: number, scale: number, baseIn: number): number {
  // −expm1 keeps full precision for a small sale.
  return bidTailPrice(lastPrice, used, scale) * scale * -Math.expm1(-baseIn / scale);
}

/**
 * Base received for spending `quoteIn` on the ask tail from `used`: inverting the cost
 * P·scale·(e^(y/scale) − 1) (P the tail price at `used`) gives y = scale·ln(1 + quoteIn/(P·scale)).
 *
 * @example
 * tailPurchaseBase(103, 0, 300, 103 * 300); // 300·ln 2 ≈ 207.94
 */
export function tailPurchaseBase(lastPrice: number, used: number, scale: number, quoteIn: number): number {
  return scale * Math.log1p(quoteIn / (askTailPrice(lastPrice, used, scale) * scale));
}

/**
 * A market sale of `baseIn` walking the bids from the best level down, filling each level at its own
 * price, then the tail. Reads `side` only.
 *
 * @example
 * // bids 98 @ 99, 99 @ 98, ~100.02 @ 97 (9702 quote each): sell 100 → 98·99 + 2·98 = 9898
 * fillSale(bids, 100); // { out: 9898, stop: 1, stopQuote: 9506, tailUsed: 0 }
 */
export function fillSale(side: BookSide, baseIn: number): SideFill {
  const { prices, quotes } = side;
  let left = baseIn;
  let gross = 0;
  for (let k = 0; k < prices.length; k++) {
    const quote = quotes[k];
    if (quote === 0) continue;
    const price = prices[k];
    const size = quote / price;
    if (left < size) {
      const taken = left * price;
      const rest = quote - taken;
      return {
        out: gross + taken,
        stop: k,
        stopQuote: rest > DUST_FRACTION * quote ? rest : 0,
        tailUsed: side.tailUsed,
      };
    }
    gross += quote;
    left -= size;
  }
  const last = prices[prices.length - 1];
  gross += tailSaleProceeds(last, side.tailUsed, side.tailScale, left);
  return { out: gross, stop: prices.length, stopQuote: 0, tailUsed: side.tailUsed + left };
}

/**
 * A market purchase spending `quoteIn` (fee already deducted), walking the asks from the best level up,
 * then the tail. `out` is the base received. Reads `side` only.
 *
 * @example
 * // asks 9702 quote each at 101, 102, 103: spend 9702 + 1020 → 9702/101 + 10 ≈ 106.06 base
 * fillPurchase(asks, 10_722).out;
 */
export function fillPurchase(side: BookSide, quoteIn: number): SideFill {
  const { prices, quotes } = side;
  let left = quoteIn;
  let base = 0;
  for (let k = 0; k < prices.length; k++) {
    const quote = quotes[k];
    if (quote === 0) continue;
    const price = prices[k];
    if (left < quote) {
      const rest = quote - left;
      return {
        out: base + left / price,
        stop: k,
        stopQuote: rest > DUST_FRACTION * quote ? rest : 0,
        tailUsed: side.tailUsed,
      };
    }
    base += quote / price;
    left -= quote;
  }
  const last = prices[prices.length - 1];
  const tailBase = tailPurchaseBase(last, side.tailUsed, side.tailScale, left);
  return { out: base + tailBase, stop: prices.length, stopQuote: 0, tailUsed: side.tailUsed + tailBase };
}

/**
 * Applies a fill to the quotes it was computed from: levels before `stop` emptied, level `stop` left with
 * `stopQuote`. Returns the side's new `tailUsed`.
 *
 * @example
 * const fill = fillSale(bids, 100);
 * bidTailUsed = applyFill(bids.quotes, fill); // quotes [0, 9506, 9702]
 */
export function applyFill(quotes: Float64Array, fill: SideFill): number {
  for (let k = 0; k < fill.stop; k++) quotes[k] = 0;
  if (fill.stop < quotes.length) quotes[fill.stop] = fill.stopQuote;
  return fill.tailUsed;
}

/**
 * A level's quote after its makers cancel down to `target` (at once) and refill toward it, the fraction
 * `left` of the shortfall still missing: target − (target − min(quote, target))·left.
 *
 * @example
 * refilledQuote(0, 9702, 0.5);    // 4851: half the shortfall back (one half-life)
 * refilledQuote(9702, 2425.5, 0.5); // 2425.5: liquidity pulled at once
 */
export function refilledQuote(quote: number, target: number, left: number): number {
  // Resilience: the shortfall decays geometrically (Obizhaeva–Wang), cancellations are immediate.
  return target - (target - Math.min(quote, target)) * left;
}

/**
 * Base to sell now so that the best bid is at most `price` (+ `tolerance`): every level above it emptied,
 * and the tail walked down to it when the levels run out. +Infinity when `price` ≤ 0 and the side would
 * have to be sold to a zero price (no finite sale gets there); 0 when the best bid is already there.
 *
 * @example
 * // bids 98 @ 99, 99 @ 98, ~100.02 @ 97: reaching 97 empties the first two levels
 * baseToPushBidTo(bids, 97, 1e-10); // 197
 */
export function baseToPushBidTo(side: BookSide, price: number, tolerance: number): number {
  const { prices, quotes } = side;
  let base = 0;
  for (let k = 0; k < prices.length; k++) {
    if (quotes[k] === 0) continue;
    if (prices[k] <= price + tolerance) return base;
    base += quotes[k] / prices[k];
  }
  const tailPrice = bidTailPrice(prices[prices.length - 1], side.tailUsed, side.tailScale);
  if (tailPrice <= price + tolerance) return base;
  if (!(price > 0)) return Number.POSITIVE_INFINITY;
  // Solve P·e^(−x/scale) = price for x.
  return base + side.tailScale * Math.log(tailPrice / price);
}

/**
 * Annualised realised volatility from squared log returns summed over `seconds`: √(Σr²/seconds · year).
 * 0 when no time has been observed.
 *
 * @example
 * annualisedVolatility(0.01 ** 2, 12); // 1% in one 12 s block ≈ 16.2 (1620% a year)
 */
export function annualisedVolatility(sumSquaredLogReturns: number, seconds: number): number {
  // Realised variance per second, scaled to a 365-day year (the project's SECONDS_PER_YEAR).
  return seconds > 0 ? Math.sqrt((sumSquaredLogReturns / seconds) * SECONDS_PER_YEAR) : 0;
}

/**
 * Realised volatility of a price over a trailing window, fed one per-block log return at a time: the
 * returns whose block ended within the last `windowSeconds` count (a block ending exactly `windowSeconds`
 * ago has left the window).
 *
 * @example
 * const window = new VolatilityWindow(60);
 * window.observe(12, Math.log(99 / 100), 12);
 * window.annual(); // ≈ 16.3
 */
export class VolatilityWindow {
  private readonly ends: number[] = [];
  private readonly squares: number[] = [];
  private readonly durations: number[] = [];
  private first = 0;
  private sumSquares = 0;
  private sumSeconds = 0;

  constructor(readonly windowSeconds: number) {}

  /**
   * Adds the log return `logReturn` of the block of length `dtSeconds` ending at `timeSeconds` (times
   * non-decreasing), and drops the returns that have left the window.
   *
   * @example
   * window.observe(24, Math.log(100 / 99), 12);
   */
  observe(timeSeconds: number, logReturn: number, dtSeconds: number): void {
    this.ends.push(timeSeconds);
    this.squares.push(logReturn * logReturn);
    this.durations.push(dtSeconds);
    this.sumSquares += logReturn * logReturn;
    this.sumSeconds += dtSeconds;
    while (this.first < this.ends.length && this.ends[this.first] <= timeSeconds - this.windowSeconds) {
      this.sumSquares -= this.squares[this.first];
      this.sumSeconds -= this.durations[this.first];
      this.first += 1;
    }
    if (this.first > 1024 && this.first * 2 > this.ends.length) this.compact();
  }

  /**
   * Annualised realised volatility of the returns in the window; 0 before any block. The sums are kept
   * running, so a return that left the window may leave float64 residue of ~1e-16 of its square behind.
   *
   * @example
   * window.annual(); // 0.8 = 80% a year
   */
  annual(): number {
    return annualisedVolatility(Math.max(this.sumSquares, 0), this.sumSeconds);
  }

  /** Drops the entries that have left the window from the front of the arrays. */
  private compact(): void {
    this.ends.splice(0, this.first);
    this.squares.splice(0, this.first);
    this.durations.splice(0, this.first);
    this.first = 0;
  }
}
