/**
 * Constant-product (x·y = k) swap arithmetic of Uniswap v2, in float64.
 *
 * The contract works in integers: getAmountOut floors its quotient and getAmountIn floors and
 * adds 1. Both corrections are below one smallest unit (1 wei), so they are dropped here; at
 * realistic sizes (amounts ≫ 1e9 smallest units) the float64 results agree with the integer
 * contract to ~1e-9 relative or better. The fee is generalised from v2's fixed 30 bps
 * (997/1000) to any `feeBps` (numerator 10000 − feeBps over 10000).
 */
import { feeBpsIn, InsufficientLiquidityError, positive, tradeAmount } from './venue-errors.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * Output of a swap of `amountIn` into a pool holding `reserveIn` / `reserveOut`, fee `feeBps`
 * taken from the input and left in the pool.
 *
 * @example
 * amountOut(1, 1000, 2_000_000, 30); // ≈ 1992.0 (2000 quote per base, less fee and impact)
 */
export function amountOut(amountIn: number, reserveIn: number, reserveOut: number, feeBps: number): number {
  tradeAmount(amountIn, 'amountIn');
  positive(reserveIn, 'reserveIn');
  positive(reserveOut, 'reserveOut');
  const inWithFee = amountIn * (BPS - feeBpsIn(feeBps, 'feeBps'));
  // Uniswap v2 UniswapV2Library.getAmountOut: out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))
  return (inWithFee * reserveOut) / (reserveIn * BPS + inWithFee);
}

/**
 * Input needed to receive exactly `amountOut` from a pool holding `reserveIn` / `reserveOut`.
 * Throws {@link InsufficientLiquidityError} when `amountOut` ≥ `reserveOut` (no finite input suffices).
 *
 * @example
 * amountIn(1992, 1000, 2_000_000, 30); // ≈ 1 base in to receive 1992 quote
 */
export function amountIn(amountOut: number, reserveIn: number, reserveOut: number, feeBps: number): number {
  tradeAmount(amountOut, 'amountOut');
  positive(reserveIn, 'reserveIn');
  positive(reserveOut, 'reserveOut');
  const feeFactor = BPS - feeBpsIn(feeBps, 'feeBps');
  if (amountOut >= reserveOut) {
    throw new InsufficientLiquidityError(`cannot take ${amountOut} out of a reserve of ${reserveOut}`);
  }
  // Uniswap v2 UniswapV2Library.getAmountIn: in = Rin·out·10000 / ((Rout − out)·(10000 − fee)) (+1 dropped)
  return (reserveIn * amountOut * BPS) / ((reserveOut - amountOut) * feeFactor);
}

/**
 * Fraction `t` of the base reserve that must be sold into the pool to lower its mid
 * (reserveQuote / reserveBase) by exactly 1%, with the fee staying in the pool as in v2.
 *
 * Selling `t·x` base into (x, y) leaves reserves (x + t·x, y·x / (x + γ·t·x)), γ = 1 − fee, so the mid
 * becomes mid / ((1 + γt)(1 + t)); setting that to 0.99·mid gives γt² + (1+γ)t − c = 0, c = 1/0.99 − 1.
 * Without the fee (γ = 1) this is the familiar t = 1/√0.99 − 1.
 *
 * @example
 * const t = sellFractionFor1PctDrop(30); // ≈ 0.0050454
 * const depthUsd = t * reserveQuote;      // USD value (at mid) of the base to sell
 */
export function sellFractionFor1PctDrop(feeBps: number): number {
  const gamma = (BPS - feeBpsIn(feeBps, 'feeBps')) / BPS;
  const c = 1 / 0.99 - 1;
  const b = 1 + gamma;
  // Positive root of γt² + (1+γ)t − c = 0 in the cancellation-free form 2c / (b + √(b² + 4γc)).
  return (2 * c) / (b + Math.sqrt(b * b + 4 * gamma * c));
}
