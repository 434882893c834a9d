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
  const out = (q: number) => rich.quoteSell(cheap.quoteBuy(q));
  // Marginal condition of the round trip: profit'(q) = d(out)/dq − 1, by central difference.
  const slope = (q: number) => {
    const h = q * RELATIVE_STEP;
    return (out(q + h) - out(q - h)) / (2 * h) - 1;
  };
  let best: number;
  if (slope(maxQuoteIn) >= 0) {
    best = maxQuoteIn;
  } else {
    let lo = 0;
    let hi = maxQuoteIn;
    for (let i = 0; i < MAX_ITERATIONS && hi - lo > RELATIVE_TOLERANCE * hi; i++) {
      const q = (lo + hi) / 2;
      if (slope(q) > 0) lo = q;
      else hi = q;
    }
    best = (lo + hi) / 2;
  }
  const trade = arbitrageTrade(cheap, rich, best);
  return trade.profit > 0 ? trade : NO_TRADE;
}
