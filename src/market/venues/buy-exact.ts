// The quote that buys an exact number of units from a venue: shared by adversaries and the perp engine's buy-backs.
import { ConstantProductPool } from './cpamm.js';
import { amountIn } from './cpamm-math.js';
import { StableSwapPool } from './stableswap.js';
import type { Venue } from './venue.js';

/** Doublings tried when bracketing a purchase; beyond 2^200 times the first guess the venue cannot deliver. */
const MAX_DOUBLINGS = 200;
/** Bisection steps; float64 has 53 bits, so 200 halvings always reach adjacent floats first. */
const MAX_HALVINGS = 200;

/**
 * Least quote (within one float step) that buys at least `baseOut` units from `venue` now; +Infinity when no finite
 * amount can (e.g. the units exceed a pool's reserve). Constant-product pools use Uniswap v2 getAmountIn and StableSwap
 * pools Curve's get_dx,
 * each nudged up until the quote really delivers the units; other venues are bisected on `quoteBuy`, which rises with
 * the quote.
 *
 * @example
 * quoteForExactBase(pool, 10); // ≈ 20,100 USDC for 10 ETH from 5000 ETH / 10M USDC, 30 bps
 */
export function quoteForExactBase(venue: Venue, baseOut: number): number {
  if (!(baseOut >= 0) || !Number.isFinite(baseOut))
    throw new RangeError(`quoteForExactBase: units must be finite and ≥ 0, got ${baseOut}`);
  if (baseOut === 0) return 0;
  if (venue instanceof ConstantProductPool) return poolQuoteForExactBase(venue, baseOut);
  if (venue instanceof StableSwapPool) return venue.quoteForExactBase(baseOut);
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
