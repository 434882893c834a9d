/**
 * Uniswap v3 swap arithmetic in float64: TickMath's sqrt price of a tick, SqrtPriceMath's amount deltas and next
 * prices, and SwapMath.computeSwapStep, for a pool whose token0 is the base asset and token1 the quote, so the price
 * P = token1/token0 is quote per base and a sale of base is a `zeroForOne` swap. Amounts are in whole units (token
 * decimals ignored), sqrt prices are √P (not Q64.96) and liquidity L is in √(base·quote) units: a range holding L
 * between √a and √b trades like a constant-product pool with virtual reserves x = L/√P, y = L·√P.
 *
 * The contract rounds every integer quotient in the pool's favour (amounts in up, amounts out and prices toward the
 * output side down); those corrections are below one smallest unit and are dropped here. The BigInt reference
 * (`v3-reference.test-helper.ts`) keeps them, and the property tests bound the difference.
 */

/** Uniswap v3 TickMath.MIN_TICK / MAX_TICK: the ticks of prices 2^−128 and 2^128. */
export const V3_MIN_TICK = -887272;
export const V3_MAX_TICK = 887272;
/** Fee denominator: fees are in pips, hundredths of a basis point (v3: 1e6). */
export const PIPS = 1_000_000;
/**
 * ln(1.0001)/2 = 4.99975001666541676665833…e−5 split in two: HALF_LN_HI has 32 significant bits, so t·HALF_LN_HI is
 * exact for every tick (|t| < 2^20), and HALF_LN_LO is the remainder. √P at tick t is then exp(t·HI)·(1 + t·LO + …),
 * accurate to a few ulps at any tick; exp(t·ln(1.0001)/2) in one double would carry the constant's rounding times |t|
 * (~1e−11 relative at the boundary ticks).
 */
const HALF_LN_HI = 3518261298 / 2 ** 46;
const HALF_LN_LO = 1.0658145735523681e-14;
const HALF_LN_TICK = HALF_LN_HI + HALF_LN_LO;

/**
 * √(1.0001^tick), the float counterpart of TickMath.getSqrtRatioAtTick (which returns it times 2^96, rounded up).
 * Throws a RangeError outside [MIN_TICK, MAX_TICK] or for a non-integer tick.
 *
 * @example sqrtRatioAtTick(0) // 1
 * @example sqrtRatioAtTick(76012) ** 2 // ≈ 1999.84
 */
export function sqrtRatioAtTick(tick: number): number {
  if (!Number.isInteger(tick) || tick < V3_MIN_TICK || tick > V3_MAX_TICK)
    throw new RangeError(`tick must be an integer in [${V3_MIN_TICK}, ${V3_MAX_TICK}], got ${tick}`);
  // Uniswap v3 TickMath: sqrtPriceX96 = √(1.0001^tick)·2^96; here exp(t·HI)·exp(t·LO), the second to second order.
  const e = Math.exp(tick * HALF_LN_HI);
  const u = tick * HALF_LN_LO;
  return e + e * (u + (u * u) / 2);
}

/**
 * The greatest tick whose sqrt ratio is ≤ `sqrtPrice` (TickMath.getTickAtSqrtRatio).
 *
 * @example tickAtSqrtRatio(Math.sqrt(2000)) // 76012
 */
export function tickAtSqrtRatio(sqrtPrice: number): number {
  if (!(sqrtPrice > 0) || !Number.isFinite(sqrtPrice))
    throw new RangeError(`sqrt price must be positive and finite, got ${sqrtPrice}`);
  let tick = Math.floor(Math.log(sqrtPrice) / HALF_LN_TICK);
  tick = Math.min(V3_MAX_TICK, Math.max(V3_MIN_TICK, tick));
  // Correct the logarithm's rounding: getTickAtSqrtRatio returns the greatest tick with sqrtRatio(tick) ≤ √P.
  while (tick < V3_MAX_TICK && sqrtRatioAtTick(tick + 1) <= sqrtPrice) tick += 1;
  while (tick > V3_MIN_TICK && sqrtRatioAtTick(tick) > sqrtPrice) tick -= 1;
  return tick;
}

/**
 * Base (token0) between two sqrt prices for liquidity L: L·(√b − √a)/(√a·√b) (SqrtPriceMath.getAmount0Delta; the
 * order of the prices does not matter).
 *
 * @example amount0Delta(Math.sqrt(1900), Math.sqrt(2000), 1e5) // ≈ 57.85 ETH
 */
export function amount0Delta(sqrtA: number, sqrtB: number, liquidity: number): number {
  const lo = Math.min(sqrtA, sqrtB);
  const hi = Math.max(sqrtA, sqrtB);
  // SqrtPriceMath.getAmount0Delta: L·2^96·(√b − √a) / √b / √a.
  return (liquidity * (hi - lo)) / hi / lo;
}

/**
 * Quote (token1) between two sqrt prices for liquidity L: L·(√b − √a) (SqrtPriceMath.getAmount1Delta).
 *
 * @example amount1Delta(Math.sqrt(1900), Math.sqrt(2000), 1e5) // ≈ 112,326 USDC
 */
export function amount1Delta(sqrtA: number, sqrtB: number, liquidity: number): number {
  // SqrtPriceMath.getAmount1Delta: L·(√b − √a) / 2^96.
  return liquidity * Math.abs(sqrtB - sqrtA);
}

/**
 * √P after `amount` base enters (`add`) or leaves the range: L·√P / (L ± amount·√P)
 * (SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp, without the rounding).
 */
function nextSqrtFromAmount0(sqrtP: number, liquidity: number, amount: number, add: boolean): number {
  if (amount === 0) return sqrtP;
  const product = amount * sqrtP;
  // getNextSqrtPriceFromAmount0RoundingUp: L·2^96·√P / (L·2^96 ± amount·√P).
  return (liquidity * sqrtP) / (add ? liquidity + product : liquidity - product);
}

/** √P after `amount` quote enters or leaves: √P ± amount/L (getNextSqrtPriceFromAmount1RoundingDown). */
function nextSqrtFromAmount1(sqrtP: number, liquidity: number, amount: number, add: boolean): number {
  // getNextSqrtPriceFromAmount1RoundingDown: √P ± amount·2^96/L.
  return add ? sqrtP + amount / liquidity : sqrtP - amount / liquidity;
}

/**
 * √P after `amountIn` enters a range of liquidity L: base when `zeroForOne` (price falls), else quote
 * (SqrtPriceMath.getNextSqrtPriceFromInput).
 *
 * @example nextSqrtPriceFromInput(Math.sqrt(2000), 1e5, 1, true) ** 2 // ≈ 1999.18: 1 ETH sold
 */
export function nextSqrtPriceFromInput(
  sqrtP: number,
  liquidity: number,
  amountIn: number,
  zeroForOne: boolean,
): number {
  return zeroForOne
    ? nextSqrtFromAmount0(sqrtP, liquidity, amountIn, true)
    : nextSqrtFromAmount1(sqrtP, liquidity, amountIn, true);
}

/**
 * √P after `amountOut` leaves a range of liquidity L: quote when `zeroForOne`, else base
 * (SqrtPriceMath.getNextSqrtPriceFromOutput).
 *
 * @example nextSqrtPriceFromOutput(Math.sqrt(2000), 1e5, 2000, true) ** 2 // ≈ 1999.18
 */
export function nextSqrtPriceFromOutput(
  sqrtP: number,
  liquidity: number,
  amountOut: number,
  zeroForOne: boolean,
): number {
  return zeroForOne
    ? nextSqrtFromAmount1(sqrtP, liquidity, amountOut, false)
    : nextSqrtFromAmount0(sqrtP, liquidity, amountOut, false);
}

/**
 * Result of one swap step within a range.
 *
 * @example const { sqrtNext, amountIn, amountOut, feeAmount }: SwapStep = computeSwapStep(…);
 */
export interface SwapStep {
  /** √P after the step (the target when it was reached). */
  sqrtNext: number;
  /** Input consumed by the price move, fee excluded. */
  amountIn: number;
  /** Output paid. */
  amountOut: number;
  /** Fee taken from the input (left to the liquidity providers). */
  feeAmount: number;
}

/**
 * One step of a swap from √P toward √target within liquidity L, as SwapMath.computeSwapStep: `amountRemaining` > 0
 * is an exact input still to spend (fee included), < 0 an exact output still to receive; `feePips` is taken from
 * the input. The direction is √P ≥ √target (zeroForOne: base in, price down) or the reverse.
 *
 * A partial exact-input step's output is computed as the constant-product output of its virtual reserves, L·a·P /
 * (L + a·√P) for base in (= L·(√P − √next), without the cancellation of the difference).
 *
 * @example computeSwapStep(Math.sqrt(2000), Math.sqrt(1900), 1e5, 1, 3000) // { amountIn: 0.997, amountOut: ≈ 1993, … }
 */
export function computeSwapStep(
  sqrtP: number,
  sqrtTarget: number,
  liquidity: number,
  amountRemaining: number,
  feePips: number,
): SwapStep {
  const zeroForOne = sqrtP >= sqrtTarget;
  const exactIn = amountRemaining >= 0;
  if (exactIn) {
    // SwapMath.computeSwapStep: amountRemainingLessFee = amountRemaining·(1e6 − fee)/1e6.
    const lessFee = (amountRemaining * (PIPS - feePips)) / PIPS;
    const toTarget = zeroForOne
      ? amount0Delta(sqrtTarget, sqrtP, liquidity)
      : amount1Delta(sqrtP, sqrtTarget, liquidity);
    if (lessFee >= toTarget) {
      const amountOut = zeroForOne
        ? amount1Delta(sqrtTarget, sqrtP, liquidity)
        : amount0Delta(sqrtP, sqrtTarget, liquidity);
      // Target reached: fee = amountIn·fee/(1e6 − fee), rounded up on chain.
      return {
        sqrtNext: sqrtTarget,
        amountIn: toTarget,
        amountOut,
        feeAmount: (toTarget * feePips) / (PIPS - feePips),
      };
    }
    const sqrtNext = nextSqrtPriceFromInput(sqrtP, liquidity, lessFee, zeroForOne);
    // Constant product on the virtual reserves x = L/√P, y = L·√P: out = y·a/(x + a) for base in, x·a/(y + a) for
    // quote in.
    const amountOut = zeroForOne
      ? (liquidity * sqrtP * lessFee * sqrtP) / (liquidity + lessFee * sqrtP)
      : (liquidity * lessFee) / sqrtP / (liquidity * sqrtP + lessFee);
    // Target not reached: the whole remainder beyond the price move is the fee.
    return { sqrtNext, amountIn: lessFee, amountOut, feeAmount: amountRemaining - lessFee };
  }
  const wanted = -amountRemaining;
  const maxOut = zeroForOne ? amount1Delta(sqrtTarget, sqrtP, liquidity) : amount0Delta(sqrtP, sqrtTarget, liquidity);
  const reached = wanted >= maxOut;
  const sqrtNext = reached ? sqrtTarget : nextSqrtPriceFromOutput(sqrtP, liquidity, wanted, zeroForOne);
  const amountIn = zeroForOne ? amount0Delta(sqrtNext, sqrtP, liquidity) : amount1Delta(sqrtP, sqrtNext, liquidity);
  // Exact output: the output is capped at what was asked; the fee is amountIn·fee/(1e6 − fee).
  return {
    sqrtNext,
    amountIn,
    amountOut: reached ? maxOut : wanted,
    feeAmount: (amountIn * feePips) / (PIPS - feePips),
  };
}
