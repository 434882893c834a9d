/**
 * Relative error a venue's computed sale quote may have against the exact proceeds, for a venue that promises it
 * ({@link Venue.sellRateFloor}). Measured on the bounded impact law (20,000 random markets and sales): two quotes
 * 1e−9 apart in amount differ from the exact difference by at most 2.2e−12 of the quote (wide sales that cross
 * kinks, priced by differences of the closed form), narrow Gauss–Legendre sales by under 1e−15; the constant leaves
 * a factor of about five above the worst. The constant-product pool's closed form rounds to a few units of 1e−16.
 */
export const SALE_QUOTE_ERROR = 1e-11;

/** Shading of a computed {@link Venue.sellRateFloor} for the rounding of its own few operations. */
export const SALE_RATE_SHADE = 1 - 1e-9;

/**
 * A place where `base` is traded against `quote` (USD-like) and whose trades move its price.
 * Quotes never change state; `sell`/`buy` execute and move the price.
 */
export interface Venue {
  readonly id: string;
  /** Symbol of the asset being priced (e.g. ETH). */
  readonly base: string;
  /** Symbol of the asset it is priced in (e.g. USDC); treated as 1 USD. */
  readonly quote: string;
  /** Marginal price, quote per base, before fees. */
  mid(): number;
  /** Quote received for selling `baseIn` base now (fees and impact included); no state change. */
  quoteSell(baseIn: number): number;
  /** Base received for spending `quoteIn` quote now (fees and impact included); no state change. */
  quoteBuy(quoteIn: number): number;
  /** Sells `baseIn` base; returns quote received and moves the price down. */
  sell(baseIn: number): number;
  /** Spends `quoteIn` quote; returns base received and moves the price up. */
  buy(quoteIn: number): number;
  /**
   * USD of selling that moves the mid down by 1% from its current state; used to express
   * liquidation speed relative to depth.
   */
  depthUsdPer1Pct(): number;
  /**
   * Quote per base paid for an infinitesimal sale now: σ = d quoteSell / d baseIn at 0, after fees. Optional;
   * a venue that has it promises quoteSell(b) ≤ σ·b / (1 + κ·b) for every b ≥ 0, with κ = sellCurvature()
   * (0 when it has none: then the promise is that quoteSell is concave with quoteSell(0) = 0). Arbitrageurs
   * use it to skip a search that cannot pay.
   */
  marginalSellRate?(): number;
  /** κ ≥ 0 of the bound under {@link Venue.marginalSellRate}; optional (0). */
  sellCurvature?(): number;
  /**
   * Base per quote received for an infinitesimal purchase now: β = d quoteBuy / d quoteIn at 0, after fees.
   * Optional, with the same promise as {@link Venue.marginalSellRate}: quoteBuy(q) ≤ β·q / (1 + buyCurvature()·q).
   */
  marginalBuyRate?(): number;
  /** κ ≥ 0 of the bound under {@link Venue.marginalBuyRate}; optional (0). */
  buyCurvature?(): number;
  /**
   * Optional: a floor ≥ 0 under the quote per base of selling more once `baseIn` has been sold now, i.e. under
   * d quoteSell/d baseIn at every amount from `baseIn` on, or NaN when the venue cannot give one now. A venue that has
   * it promises that quoteSell is non-decreasing and concave, and that each quoteSell it computes is within
   * {@link SALE_QUOTE_ERROR} (relative) of the exact proceeds. A keeper's profit search uses it to prove, without a
   * second quote, that selling a little less would fetch less (see `agents/liquidators/corner-proof.ts`).
   */
  sellRateFloor?(baseIn: number): number;
  /**
   * Optional: an independent copy of the venue as it stands now, for simulating a sequence of trades within the
   * current block (a searcher simulates its bundle on a copy of the chain state before sending it): trades on the
   * copy never move this venue, nor the reverse. The copy is for trading only; it is never advanced or refilled.
   */
  fork?(): Venue;
  /** Optional: once per block (step 2), state that moves with time alone (an order book's market makers refill). */
  onBlock?(timeSeconds: number, dtSeconds: number): void;
}
