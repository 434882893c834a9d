// Trade sizing shared by the oracle-manipulation adversaries (flash-loan, pump-and-borrow): how much to sell to move
// a constant-product pool to a price, how much quote buys an exact number of units, and a buy split across venues.
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { InsufficientLiquidityError } from '../../market/venues/venue-errors.js';
import type { Venue } from '../../market/venues/venue.js';
import { quoteForExactBase } from '../../market/venues/buy-exact.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Base units to sell into `pool` now so that its mid falls to exactly `targetMid` (0 when the mid is already at or
 * below).
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
  if (!(targetMid > 0) || !Number.isFinite(targetMid))
    throw new RangeError(`baseToSellForMid: target mid must be positive and finite, got ${targetMid}`);
  const { base: x, quote: y } = pool.reserves();
  if (pool.mid() <= targetMid) return 0;
  const gamma = (BPS - pool.feeBps) / BPS;
  const c = x * x - (x * y) / targetMid;
  const b = (1 + gamma) * x;
  return (-2 * c) / (b + Math.sqrt(b * b - 4 * gamma * c));
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
  if (!Number.isInteger(chunks) || chunks < 1)
    throw new RangeError(`buyOnCheapest: chunks must be a positive integer, got ${chunks}`);
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
