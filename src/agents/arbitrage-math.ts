/**
 * Size of the optimal two-venue arbitrage: buy base on the cheap venue with quote, sell it all on
 * the rich venue. Uses only the venues' non-mutating quote functions; the caller executes the
 * trade and decides whether the profit covers gas.
 */
import { InvariantError } from '../kernel/errors.js';
import type { Venue } from '../market/venues/venue.js';

/**
 * One round trip cheap → rich, all amounts in the venues' units.
 *
 * @example
 * const none: ArbitrageTrade = { quoteIn: 0, baseBought: 0, quoteOut: 0, profit: 0 };
 */
export interface ArbitrageTrade {
  /** Quote spent on the cheap venue. */
  quoteIn: number;
  /** Base received there (and sold on the rich venue). */
  baseBought: number;
  /** Quote received on the rich venue. */
  quoteOut: number;
  /** quoteOut − quoteIn, before gas. */
  profit: number;
}

/** Relative step of the central difference: near the optimum eps^(1/3) balances rounding and truncation. */
const RELATIVE_STEP = 2 ** -17;
/** Bisection stops when the bracket is this narrow relative to its upper end. */
const RELATIVE_TOLERANCE = 1e-10;
/** Hard cap on bisection steps (2^-200 of maxQuoteIn is far below any meaningful trade). */
const MAX_ITERATIONS = 200;

const NO_TRADE: ArbitrageTrade = { quoteIn: 0, baseBought: 0, quoteOut: 0, profit: 0 };

/**
 * Orders two venues by mid: `cheap` has the lower mid. Undefined when the mids are equal.
 *
 * @example
 * const pair = direction(pool, cex);
 * if (pair) bestArbitrage(pair.cheap, pair.rich, 1e7);
 */
export function direction(a: Venue, b: Venue): { cheap: Venue; rich: Venue } | undefined {
  const midA = a.mid();
  const midB = b.mid();
  if (midA < midB) return { cheap: a, rich: b };
  if (midB < midA) return { cheap: b, rich: a };
  return undefined;
}

/**
 * The round trip spending `quoteIn` on `cheap` and selling everything bought on `rich`, quoted now.
 *
 * @example
 * arbitrageTrade(pool, cex, 10_000).profit; // profit of a 10k round trip, before gas
 */
export function arbitrageTrade(cheap: Venue, rich: Venue, quoteIn: number): ArbitrageTrade {
  const baseBought = cheap.quoteBuy(quoteIn);
  const quoteOut = rich.quoteSell(baseBought);
  return { quoteIn, baseBought, quoteOut, profit: quoteOut - quoteIn };
}

/**
 * The profit-maximising round trip with at most `maxQuoteIn` spent, or a zero trade when no size
 * is profitable. profit(q) = rich.quoteSell(cheap.quoteBuy(q)) − q is concave (both quote functions
 * are concave and increasing), so its maximiser is where profit'(q) changes sign; this bisects on
 * the sign of a central-difference derivative (relative step 2^-17) until the bracket is 1e-10
 * relative, at most 200 steps. Rounding in the quotes limits the achieved accuracy of `quoteIn`
 * to roughly 1e-16·quoteIn / (|profit''|·quoteIn · 2^-17); the profit itself is second-order
 * insensitive to that error.
 *
 * @example
 * const trade = bestArbitrage(pool, cex, 5e6);
 * if (trade.profit > gasUsd) { const eth = pool.buy(trade.quoteIn); cex.sell(eth); }
 */
export function bestArbitrage(cheap: Venue, rich: Venue, maxQuoteIn: number): ArbitrageTrade {
  if (!Number.isFinite(maxQuoteIn) || maxQuoteIn < 0) {
    throw new InvariantError(`maxQuoteIn must be a finite number ≥ 0, got ${maxQuoteIn}`);
  }
  if (maxQuoteIn === 0) return NO_TRADE;
  let best: number;
  if (marginalProfit(cheap, rich, maxQuoteIn) >= 0) {
    best = maxQuoteIn;
  } else {
    let lo = 0;
    let hi = maxQuoteIn;
    for (let i = 0; i < MAX_ITERATIONS && hi - lo > RELATIVE_TOLERANCE * hi; i++) {
      const q = (lo + hi) / 2;
      if (marginalProfit(cheap, rich, q) > 0) lo = q;
      else hi = q;
    }
    best = (lo + hi) / 2;
  }
  const trade = arbitrageTrade(cheap, rich, best);
  return trade.profit > 0 ? trade : NO_TRADE;
}

/** Marginal condition of the round trip: profit'(q) = d(out)/dq − 1, by central difference (a plain function: a search
 * calls it ~35 times). */
function marginalProfit(cheap: Venue, rich: Venue, q: number): number {
  const h = q * RELATIVE_STEP;
  return (rich.quoteSell(cheap.quoteBuy(q + h)) - rich.quoteSell(cheap.quoteBuy(q - h))) / (2 * h) - 1;
}

/**
 * Relative error allowed, in the bound below, for the venues' computed quotes, rates and curvatures against
 * the exact curves they evaluate (the closed forms are good to a few ulps, the sqrt-mode Newton solve to
 * ~1e-13; 1e-9 leaves 10⁴ of margin over the worst).
 */
const QUOTE_ERROR_BOUND = 1e-9;

/**
 * An upper bound on the `profit` that {@link bestArbitrage}(cheap, rich, maxQuoteIn) returns, from the venues'
 * marginal rates and curvatures alone (no search); +Infinity when a venue lacks marginal rates or the input is
 * not a finite number ≥ 0, NaN when a rate is NaN (either way a caller's "bound − gas ≤ minimum" test fails and
 * it searches as before).
 *
 * Proof. The Venue contract gives cheap.quoteBuy(q) ≤ B(q) = βq/(1 + κ_b·q) and rich.quoteSell(b) ≤ σb/(1 + κ_s·b)
 * (κ = 0 when a venue states none). quoteSell is increasing and so is its bound in b, hence
 * out(q) = quoteSell(quoteBuy(q)) ≤ σB(q)/(1 + κ_s·B(q)) = r·q/(1 + κ·q) with r = βσ and κ = κ_b + β·κ_s.
 * So profit(q) ≤ h(q) = r·q/(1 + κq) − q on [0, maxQuoteIn] (the search returns a size in that interval, or
 * profit 0). h is concave; for r ≤ 1 it is ≤ 0; otherwise h'(q) = r/(1 + κq)² − 1 vanishes at
 * q̂ = (√r − 1)/κ, where h = (√r − 1)²/κ, and when q̂ ≥ maxQuoteIn (always when κ = 0) its maximum is
 * h(maxQuoteIn). In float64 each computed quote is at most (1 + δ) times the exact one and
 * quoteSell(b(1 + δ)) ≤ (1 + δ)·quoteSell(b) (concave through 0), so the computed out ≤ (1 + δ)²·r·q/(1 + κq),
 * and the final subtraction adds one rounding of at most ε·max(out, q). With δ, the roundings of r, κ and of
 * the expressions here all below 1e-10 relative, computed profit ≤ max h + 1e-9·max(1, r)·maxQuoteIn,
 * which is what this returns.
 *
 * @example
 * const bound = arbitrageProfitBound(pool, cex, 5e6);
 * if (bound - gasUsd <= minProfitUsd) return; // no size of this round trip can pay for its gas
 */
export function arbitrageProfitBound(cheap: Venue, rich: Venue, maxQuoteIn: number): number {
  if (
    !cheap.marginalBuyRate ||
    !rich.marginalSellRate ||
    !(maxQuoteIn >= 0) ||
    maxQuoteIn === Number.POSITIVE_INFINITY
  ) {
    return Number.POSITIVE_INFINITY;
  }
  const buyRate = cheap.marginalBuyRate();
  const rate = buyRate * rich.marginalSellRate();
  const stated = (cheap.buyCurvature?.() ?? 0) + buyRate * (rich.sellCurvature?.() ?? 0);
  // A curvature that is not ≥ 0 (NaN, or a broken venue) is replaced by 0: the tangent bound r·q holds anyway.
  const curvature = stated >= 0 ? stated : 0;
  let most = 0;
  if (rate > 1) {
    const root = Math.sqrt(rate);
    const peak = (root - 1) / curvature; // +Infinity when the curvature is 0
    most =
      peak < maxQuoteIn
        ? ((root - 1) * (root - 1)) / curvature
        : (rate * maxQuoteIn) / (1 + curvature * maxQuoteIn) - maxQuoteIn;
  }
  return most + QUOTE_ERROR_BOUND * Math.max(1, rate) * maxQuoteIn;
}
