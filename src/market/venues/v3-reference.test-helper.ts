/**
 * Test-only BigInt reference of Uniswap v3 core's swap arithmetic, with the contract's integer rounding: TickMath
 * (getSqrtRatioAtTick's bit-by-bit product of Q128.128 constants, rounded up to Q64.96), SqrtPriceMath (amount
 * deltas and next prices, rounding in the pool's favour), SwapMath.computeSwapStep, TickBitmap's
 * next-initialised-tick search within one 256-tick word, and UniswapV3Pool.swap's loop. Written from the contracts'
 * rules (Uniswap/v3-core, contracts/libraries); the float pool is checked against it.
 */

export const Q96 = 1n << 96n;
const Q128 = 1n << 128n;
const UINT256_MAX = (1n << 256n) - 1n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** TickMath.MIN_SQRT_RATIO / MAX_SQRT_RATIO, the sqrt ratios of MIN_TICK and MAX_TICK (published values). */
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
const PIPS = 1_000_000n;

/**
 * TickMath's factors: entry k is 2^128/√1.0001^(2^k) in Q128.128 as the contract hard-codes it (data of the
 * production contract; `v3-math.test.ts` re-derives each one independently to within one unit).
 */
export const TICK_FACTORS: readonly bigint[] = [
  0xfffcb933bd6fad37aa2d162d1a594001n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
];

const divUp = (a: bigint, b: bigint) => (a % b === 0n ? a / b : a / b + 1n);
/** FullMath.mulDiv: ⌊a·b/d⌋ (exact in BigInt). */
const mulDiv = (a: bigint, b: bigint, d: bigint) => (a * b) / d;
/** FullMath.mulDivRoundingUp: ⌈a·b/d⌉. */
const mulDivUp = (a: bigint, b: bigint, d: bigint) => divUp(a * b, d);

/** TickMath.getSqrtRatioAtTick: √(1.0001^tick)·2^96, rounded up. */
export function getSqrtRatioAtTick(tick: number): bigint {
  const abs = Math.abs(tick);
  if (abs > MAX_TICK) throw new RangeError('T');
  // ratio starts at the bit-0 factor or 1.0 in Q128.128; each set bit k multiplies by factor k (rounded down).
  let ratio = abs & 1 ? TICK_FACTORS[0] : Q128;
  for (let k = 1; k < TICK_FACTORS.length; k++) if (abs & (1 << k)) ratio = (ratio * TICK_FACTORS[k]) >> 128n;
  // The product is 1/√1.0001^|tick|; a positive tick inverts it: type(uint256).max / ratio.
  if (tick > 0) ratio = UINT256_MAX / ratio;
  // Q128.128 → Q64.96, rounding up.
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
}

/** TickMath.getTickAtSqrtRatio by its definition: the greatest tick with getSqrtRatioAtTick(tick) ≤ √P. */
export function getTickAtSqrtRatio(sqrtPX96: bigint): number {
  if (sqrtPX96 < MIN_SQRT_RATIO || sqrtPX96 >= MAX_SQRT_RATIO) throw new RangeError('R');
  let lo = MIN_TICK;
  let hi = MAX_TICK;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (getSqrtRatioAtTick(mid) <= sqrtPX96) lo = mid;
    else hi = mid;
  }
  return getSqrtRatioAtTick(hi) <= sqrtPX96 ? hi : lo;
}

/** SqrtPriceMath.getAmount0Delta: L·2^96·(√b − √a)/√b/√a, with the contract's rounding. */
export function getAmount0Delta(a: bigint, b: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const numerator1 = liquidity << 96n;
  const numerator2 = hi - lo;
  return roundUp ? divUp(mulDivUp(numerator1, numerator2, hi), lo) : mulDiv(numerator1, numerator2, hi) / lo;
}

/** SqrtPriceMath.getAmount1Delta: L·(√b − √a)/2^96. */
export function getAmount1Delta(a: bigint, b: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return roundUp ? mulDivUp(liquidity, hi - lo, Q96) : mulDiv(liquidity, hi - lo, Q96);
}

/** SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp, both branches (the second when the product overflows). */
function nextFromAmount0(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtP;
  const numerator1 = liquidity << 96n;
  const product = amount * sqrtP;
  if (product <= UINT256_MAX) {
    if (add && numerator1 + product <= UINT256_MAX) return mulDivUp(numerator1, sqrtP, numerator1 + product);
    if (!add && numerator1 > product) return mulDivUp(numerator1, sqrtP, numerator1 - product);
  }
  const denominator = add ? numerator1 / sqrtP + amount : numerator1 / sqrtP - amount;
  if (denominator <= 0n) throw new RangeError('next price out of range');
  return divUp(numerator1, denominator);
}

/** SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown: √P ± amount·2^96/L, the quotient rounded toward √P. */
function nextFromAmount1(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) return sqrtP + (amount << 96n) / liquidity;
  const quotient = divUp(amount << 96n, liquidity);
  if (quotient >= sqrtP) throw new RangeError('next price out of range');
  return sqrtP - quotient;
}

/** SwapMath.computeSwapStep: [√next, amountIn, amountOut, feeAmount]. */
export function computeSwapStep(
  sqrtP: bigint,
  target: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: bigint,
): [bigint, bigint, bigint, bigint] {
  const zeroForOne = sqrtP >= target;
  const exactIn = amountRemaining >= 0n;
  let amountIn = 0n;
  let amountOut = 0n;
  let next: bigint;
  if (exactIn) {
    const lessFee = mulDiv(amountRemaining, PIPS - feePips, PIPS);
    amountIn = zeroForOne
      ? getAmount0Delta(target, sqrtP, liquidity, true)
      : getAmount1Delta(sqrtP, target, liquidity, true);
    if (lessFee >= amountIn) next = target;
    else
      next = zeroForOne
        ? nextFromAmount0(sqrtP, liquidity, lessFee, true)
        : nextFromAmount1(sqrtP, liquidity, lessFee, true);
  } else {
    amountOut = zeroForOne
      ? getAmount1Delta(target, sqrtP, liquidity, false)
      : getAmount0Delta(sqrtP, target, liquidity, false);
    if (-amountRemaining >= amountOut) next = target;
    else
      next = zeroForOne
        ? nextFromAmount1(sqrtP, liquidity, -amountRemaining, false)
        : nextFromAmount0(sqrtP, liquidity, -amountRemaining, false);
  }
  const max = next === target;
  if (zeroForOne) {
    if (!(max && exactIn)) amountIn = getAmount0Delta(next, sqrtP, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount1Delta(next, sqrtP, liquidity, false);
  } else {
    if (!(max && exactIn)) amountIn = getAmount1Delta(sqrtP, next, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount0Delta(sqrtP, next, liquidity, false);
  }
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;
  const fee = exactIn && next !== target ? amountRemaining - amountIn : mulDivUp(amountIn, feePips, PIPS - feePips);
  return [next, amountIn, amountOut, fee];
}

/** A reference pool: raw integer state as the contract keeps it. */
export interface ReferencePool {
  sqrtPX96: bigint;
  tick: number;
  liquidity: bigint;
  tickSpacing: number;
  feePips: bigint;
  /** liquidityNet of each initialised tick. */
  net: Map<number, bigint>;
}

/**
 * A pool at `sqrtPX96` with positions [lower, upper, L] minted (liquidityNet +L at lower, −L at upper).
 *
 * @example referencePool(Q96, 60, 3000n, [[-600, 600, 10n ** 24n]])
 */
export function referencePool(
  sqrtPX96: bigint,
  tickSpacing: number,
  feePips: bigint,
  positions: readonly [number, number, bigint][],
): ReferencePool {
  const tick = getTickAtSqrtRatio(sqrtPX96);
  const net = new Map<number, bigint>();
  let liquidity = 0n;
  for (const [lower, upper, l] of positions) {
    net.set(lower, (net.get(lower) ?? 0n) + l);
    net.set(upper, (net.get(upper) ?? 0n) - l);
    if (lower <= tick && tick < upper) liquidity += l;
  }
  return { sqrtPX96, tick, liquidity, tickSpacing, feePips, net };
}

/** TickBitmap.nextInitializedTickWithinOneWord: [next tick, initialised?], limited to the word of `tick`. */
function nextInWord(pool: ReferencePool, tick: number, lte: boolean): [number, boolean] {
  const s = pool.tickSpacing;
  const compressed = Math.floor(tick / s); // Solidity truncates, then steps down for a negative remainder: a floor
  const initialised = (c: number) => pool.net.has(c * s);
  if (lte) {
    const wordStart = Math.floor(compressed / 256) * 256;
    for (let c = compressed; c >= wordStart; c--) if (initialised(c)) return [c * s, true];
    return [wordStart * s, false];
  }
  const from = compressed + 1;
  const wordEnd = Math.floor(from / 256) * 256 + 255;
  for (let c = from; c <= wordEnd; c++) if (initialised(c)) return [c * s, true];
  return [wordEnd * s, false];
}

/** Result of {@link referenceSwap}: raw amounts in and out, fees, steps taken. */
export interface ReferenceSwap {
  amountIn: bigint;
  amountOut: bigint;
  fees: bigint;
  /** Steps taken with liquidity (steps through empty ranges move nothing). */
  steps: number;
  /**
   * Σ over those steps of the output side's virtual reserve, raw units: L·√P_max (quote out) or L/√P_min (base out),
   * the magnitude every amount of the step is computed from.
   */
  scale: number;
  /** The same sum for the input side: L/√P_min (base in) or L·√P_max (quote in). */
  scaleIn: number;
}

/**
 * UniswapV3Pool.swap on the reference pool (mutating it): exact input when `amountSpecified` > 0, exact output when
 * < 0, with the widest price limit (MIN_SQRT_RATIO + 1 or MAX_SQRT_RATIO − 1).
 */
export function referenceSwap(pool: ReferencePool, zeroForOne: boolean, amountSpecified: bigint): ReferenceSwap {
  const limit = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
  const exactIn = amountSpecified > 0n;
  let remaining = amountSpecified;
  let amountIn = 0n;
  let amountOut = 0n;
  let fees = 0n;
  let steps = 0;
  let scale = 0;
  let scaleIn = 0;
  while (remaining !== 0n && pool.sqrtPX96 !== limit) {
    const start = pool.sqrtPX96;
    const [word, initialised] = nextInWord(pool, pool.tick, zeroForOne);
    const next = Math.min(MAX_TICK, Math.max(MIN_TICK, word));
    const sqrtNext = getSqrtRatioAtTick(next);
    const target = (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext;
    const [p, stepIn, stepOut, fee] = computeSwapStep(start, target, pool.liquidity, remaining, pool.feePips);
    pool.sqrtPX96 = p;
    if (pool.liquidity > 0n) {
      steps += 1;
      const L = Number(pool.liquidity);
      const [hi, lo] = zeroForOne ? [Number(start), Number(p)] : [Number(p), Number(start)];
      scale += zeroForOne ? (L * hi) / 2 ** 96 : (L * 2 ** 96) / lo;
      scaleIn += zeroForOne ? (L * 2 ** 96) / lo : (L * hi) / 2 ** 96;
    }
    if (exactIn) remaining -= stepIn + fee;
    else remaining += stepOut;
    amountIn += stepIn + fee;
    amountOut += stepOut;
    fees += fee;
    if (p === sqrtNext) {
      if (initialised) {
        const net = pool.net.get(next) ?? 0n;
        pool.liquidity += zeroForOne ? -net : net;
      }
      pool.tick = zeroForOne ? next - 1 : next;
    } else if (p !== start) pool.tick = getTickAtSqrtRatio(p);
  }
  return { amountIn, amountOut, fees, steps, scale, scaleIn };
}
