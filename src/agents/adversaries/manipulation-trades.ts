// Trade sizing shared by the oracle-manipulation adversaries (flash-loan, pump-and-borrow): how much to sell to move
// a constant-product pool to a price, how much quote buys an exact number of units, and a buy split across venues.
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { amountIn } from '../../market/venues/cpamm-math.js';
import { InsufficientLiquidityError } from '../../market/venues/venue-errors.js';
import type { Venue } from '../../market/venues/venue.js';

/** Basis points in one unit. */
const BPS = 10_000;
/** Doublings tried when bracketing a purchase; beyond 2^200 times the first guess the venue cannot deliver. */
const MAX_DOUBLINGS = 200;
/** Bisection steps; float64 has 53 bits, so 200 halvings always reach adjacent floats first. */
const MAX_HALVINGS = 200;

/**
 * Base units to sell into `pool` now so that its mid falls to exactly `targetMid` (0 when the mid is already at or below).
 *
 * Selling b into reserves (x, y) with γ = 1 − fee leaves (x + b, x·y / (x + γb)) (Uniswap v2 getAmountOut, fee kept in
 * the pool), so the mid becomes x·y / ((x + γb)(x + b)). Setting it to T gives γb² + (1 + γ)x·b + c = 0 with
 * c = x² − x·y/T < 0; the positive root is written −2c / ((1 + γ)x + √((1 + γ)²x² − 4γc)) to avoid cancellation.
 *
 * @example
 * // Pool of 5000 ETH / 10M USDC (mid 2000), no fee: selling 5000·(√(2000/1600) − 1) ≈ 590.2 ETH brings the mid to 1600.
 * baseToSellForMid(pool, 1600); // ≈ 590.17
 */
export function baseToSellForMid(pool: ConstantProductPool, targetMid: number): number {
  if (!(targetMid > 0) || !Number.isFinite(targetMid)) throw new RangeError(`baseToSellForMid: target mid must be positive and finite, got ${targetMid}`);
  const { base: x, quote: y } = pool.reserves();
  if (pool.mid() <= targetMid) return 0;
  const gamma = (BPS - pool.feeBps) / BPS;
  const c = x * x - (x * y) / targetMid;
  const b = (1 + gamma) * x;
  return (-2 * c) / (b + Math.sqrt(b * b - 4 * gamma * c));
}

/**
 * Least quote (within one float step) that buys at least `baseOut` units from `venue` now; +Infinity when no finite
 * amount can (e.g. the units exceed a pool's reserve). Constant-product pools use Uniswap v2 getAmountIn, nudged up
 * until the quote really delivers the units; other venues are bisected on `quoteBuy`, which rises with the quote.
 *
 * @example
 * quoteForExactBase(pool, 10); // ≈ 20,100 USDC for 10 ETH from 5000 ETH / 10M USDC, 30 bps
 */
export function quoteForExactBase(venue: Venue, baseOut: number): number {
  if (!(baseOut >= 0) || !Number.isFinite(baseOut)) throw new RangeError(`quoteForExactBase: units must be finite and ≥ 0, got ${baseOut}`);
  if (baseOut === 0) return 0;
  if (venue instanceof ConstantProductPool) return poolQuoteForExactBase(venue, baseOut);
  let hi = Math.max(baseOut * venue.mid(), Number.MIN_VALUE);
  let doublings = 0;
  while (venue.quoteBuy(hi) < baseOut) {
    if (++doublings > MAX_DOUBLINGS) return Number.POSITIVE_INFINITY;
    hi *= 2;
  }
  let lo = 0;
  for (let k = 0; k < MAX_HALVINGS; k++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (venue.quoteBuy(mid) >= baseOut) hi = mid;
    else lo = mid;
  }
  return hi;
}

function poolQuoteForExactBase(pool: ConstantProductPool, baseOut: number): number {
  const { base, quote } = pool.reserves();
  if (baseOut >= base) return Number.POSITIVE_INFINITY;
  // Uniswap v2 getAmountIn: in = Rin·out·10000 / ((Rout − out)·(10000 − fee)), without the +1 wei.
  let q = amountIn(baseOut, quote, base, pool.feeBps);
  // Float rounding can leave quoteBuy(q) a few ulps short of baseOut: step q up until it delivers.
  for (let k = 0; k < 64 && pool.quoteBuy(q) < baseOut; k++) q += Math.max(q * Number.EPSILON, Number.MIN_VALUE);
  return q;
}

/**
 * What {@link buyOnCheapest} spent and got.
 *
 * @example const { quoteSpent, baseBought }: Purchase = buyOnCheapest([pool], 10);
 */
export interface Purchase {
  /** Quote paid, summed over the chunks. */
  quoteSpent: number;
  /** Units received (at least the units asked; any excess is float dust). */
  baseBought: number;
}

/**
 * Buys `baseOut` units in `chunks` equal slices, each on the venue where that slice costs the least quote now (ties:
 * the venue listed first), so a large buy-back spreads over a pool and the off-chain market as their prices rise.
 * Throws {@link InsufficientLiquidityError} when no venue can deliver a slice.
 *
 * @example
 * const { quoteSpent } = buyOnCheapest([pool, cex], 500, 64); // 500 ETH, mostly from whichever venue is cheaper
 */
export function buyOnCheapest(venues: readonly Venue[], baseOut: number, chunks = 64): Purchase {
  if (!Number.isInteger(chunks) || chunks < 1) throw new RangeError(`buyOnCheapest: chunks must be a positive integer, got ${chunks}`);
  const purchase: Purchase = { quoteSpent: 0, baseBought: 0 };
  if (!(baseOut > 0)) return purchase;
  const slice = baseOut / chunks;
  for (let k = 0; k < chunks; k++) {
    // The last slice takes whatever the earlier ones left, so the units add up to baseOut despite rounding.
    const want = k === chunks - 1 ? Math.max(0, baseOut - purchase.baseBought) : slice;
    if (want === 0) break;
    let best: Venue | undefined;
    let bestQuote = Number.POSITIVE_INFINITY;
    for (const venue of venues) {
      const quote = quoteForExactBase(venue, want);
      if (quote < bestQuote) {
        best = venue;
        bestQuote = quote;
      }
    }
    if (!best) throw new InsufficientLiquidityError(`no venue can deliver ${want} units`);
    purchase.baseBought += best.buy(bestQuote);
    purchase.quoteSpent += bestQuote;
  }
  return purchase;
}
