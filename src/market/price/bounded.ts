import type { PriceProcess } from './process.js';

/**
 * Widest factor a fundamental price may move from its initial price, either way. Beyond it float64 cannot carry the
 * markets built on the price: a constant-product pool arbitraged ~1e16× past its price rounds its payout up to the
 * whole reserve, and a Uniswap v3 TWAP leaves its tick range at ~1e±38. Only parameters far outside any market reach
 * it within a run: a jump-diffusion with λ = 1e5 jumps a year of log size N(0, 5²) has the compensated drift
 * −λ·(e^{12.5} − 1) ≈ −2.7e10 a year, which takes the price to 0 (float64) within minutes.
 *
 * @example
 * 2000 / PRICE_RANGE_FACTOR; // 2e-9: the least a price starting at 2000 USD is held at
 */
export const PRICE_RANGE_FACTOR = 1e12;

/**
 * `process` with every price held within [initial / {@link PRICE_RANGE_FACTOR}, initial × PRICE_RANGE_FACTOR]: a path
 * that would leave the range stays at its edge until it comes back. Inside the range (every realistic path) the
 * prices are the process's own, draw for draw.
 *
 * @example
 * const eth = withinPriceRange(createGbm({ initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }, rng));
 * eth.next(12, 12); // the GBM's price, as long as it is within 2e-9 … 2e15
 */
export function withinPriceRange(process: PriceProcess): PriceProcess {
  const { initial } = process;
  const floor = initial / PRICE_RANGE_FACTOR;
  const cap = initial * PRICE_RANGE_FACTOR;
  return {
    initial,
    next: (timeSeconds, dtSeconds) => Math.min(Math.max(process.next(timeSeconds, dtSeconds), floor), cap),
  };
}
