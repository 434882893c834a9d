/**
 * Curve StableSwap invariant for two coins, in float64.
 *
 * Invariant (Egorov 2019; curve-contract `get_D` docstring), n = 2 coins with balances x, y in "peg units":
 *
 *   A·nⁿ·(x + y) + D = A·D·nⁿ + D^(n+1) / (nⁿ·x·y),   i.e.   Ann·S + D = Ann·D + D³/(4xy),  Ann = 4A.
 *
 * Convention for A: `amplification` is the A of this formula (the whitepaper's). Curve's contracts store and report
 * A·n^(n−1) instead (curve-contract tests/simulation.py: "actually A * n ** (n - 1)"; get_D then uses
 * Ann = A()·n), so a deployed two-coin pool whose `A()` reads 100 has amplification 50 here.
 *
 * Curve works in 1e18 fixed point and stops each Newton loop at a change of 1 wei; here the loops stop at a
 * relative change of 1e-12 (or after 255 iterations, Curve's cap). Both loops converge quadratically and
 * monotonically (proofs at each function), so by the time a step is ≤ 1e-12 relative the next one would be
 * ~1e-24: the result is exact to float64 rounding.
 */
import { InvariantError } from '../../kernel/errors.js';
import { positive, tradeAmount } from './venue-errors.js';

/** nⁿ for n = 2 coins. */
const N_POW_N = 4;
/** Curve's iteration cap (`for _i in range(255)`). */
const MAX_ITERATIONS = 255;
/** Relative change at which a Newton loop stops. */
const TOLERANCE = 1e-12;

/**
 * Ann = A·nⁿ = 4A for two coins, the coefficient of the sum in the invariant.
 *
 * @example
 * annOf(100); // 400
 */
export function annOf(amplification: number): number {
  return positive(amplification, 'amplification') * N_POW_N;
}

/**
 * The invariant D of balances (x, y) (Curve `get_D`), by Newton's method on
 * f(D) = D³/(4xy) + (Ann − 1)·D − Ann·S. The step D ← (Ann·S + 2·D_P)·D / ((Ann − 1)·D + 3·D_P),
 * D_P = D³/(4xy), is Curve's and is exactly Newton's D − f/f'.
 *
 * Convergence: f(0) = −Ann·S < 0 and f is convex on D > 0, so it has one positive root D* and f' > 0 from D* on;
 * Newton started at any D ≥ D* then decreases monotonically onto D*, quadratically. Curve starts at S (S ≥ D*,
 * since f(S) = S·(S²/(4xy) − 1) ≥ 0 by AM-GM). Here the start is min(S, ∛(4xy·S·max(1, Ann))), also ≥ D*
 * (f(D) ≥ D³/(4xy) − max(1, Ann)·S for D ≤ S), which equals S near balance and keeps a very lopsided pool
 * (x/y ~ 1e300, after an absurd trade) from needing thousands of steps. Work is done in units of S, so
 * nothing overflows. A balanced pool gives D = S exactly: the start is ∛1 = 1 and the first step returns it.
 *
 * @example
 * stableSwapInvariant(5e5, 5e5, 100); // 1e6: a balanced pool's D is the sum of its balances
 * stableSwapInvariant(0.5, (1 + Math.sqrt(5)) / 2, 1); // 2 (by hand: 4·2.118 + 2 = 8 + 8/3.236)
 */
export function stableSwapInvariant(x: number, y: number, amplification: number): number {
  positive(x, 'x');
  positive(y, 'y');
  const ann = annOf(amplification);
  const sum = x + y;
  const xs = x / sum;
  const ys = y / sum;
  if (!(xs > 0 && ys > 0)) {
    throw new InvariantError(
      `stableswap get_D: balances ${x}, ${y} are too lopsided for float64 (one rounds to 0 beside their sum)`,
    );
  }
  let d = Math.min(1, Math.cbrt(4 * Math.max(1, ann) * xs * ys));
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    // Curve get_D: D_P = D·D/(x·n)·D/(y·n); D = (Ann·S + D_P·n)·D / ((Ann − 1)·D + (n + 1)·D_P), with S = 1 here;
    // the denominator is summed as Ann·D + (3·D_P − D) (D_P ≥ D at the root, so no cancellation).
    const dP = d * (d / (2 * xs)) * (d / (2 * ys));
    const next = ((ann + 2 * dP) * d) / (ann * d + (3 * dP - d));
    const settled = Math.abs(next - d) <= TOLERANCE * next;
    d = next;
    if (settled) break;
  }
  if (!(d > 0) || !Number.isFinite(d)) {
    throw new InvariantError(`stableswap get_D did not converge for balances ${x}, ${y}, A ${amplification}`);
  }
  return d * sum;
}

/**
 * Output, before the fee, of adding `amountIn` to the input balance of a pool whose balances
 * (`reserveIn`, `reserveOut`) have invariant `invariant` (Curve `get_dy` without the fee: xp[j] − get_y(x + dx)).
 *
 * Curve `get_y` solves g(y) = y² + (b − D)·y − c = 0 for the new output balance, with b = x' + D/Ann and
 * c = D³/(4·Ann·x'), by Newton's step y ← (y² + c)/(2y + b − D). This runs the same step on the displacement
 * d = reserveOut − y, started at d = 0 (the current balance): d ← (C − d²)/(B − 2d), with B = g'(reserveOut) and
 * C = g(reserveOut) = amountIn·(reserveOut + c_old/x'), using g_old(reserveOut) = 0 (D is the current balances'
 * invariant). Writing C this way keeps a small trade's output accurate to relative rounding instead of to the
 * rounding of the whole balance. Convergence: in d the equation is the convex d² − B·d + C = 0 with value C ≥ 0
 * and slope −B < 0 at d = 0, so Newton rises monotonically onto its smaller root reserveOut − y, which lies below
 * B/2 (the other root belongs to g's negative root), so no step divides by 0; quadratic once close. Everything
 * is divided through by B so no product overflows.
 * The result is in [0, reserveOut]; float64 may round a trade of far more than the pool to the whole reserve.
 *
 * @example
 * // A = 1/4 (Ann = 1): the invariant is D³ = 4xy(x + y). From (1, 1), D = 2; adding 1 gives 8 = 8y(2 + y),
 * // y = √2 − 1, so the output is 2 − √2 (x·y = k would give 0.5).
 * stableSwapOutput(1, 1, 1, 2, 0.25); // 0.5857864376…
 */
export function stableSwapOutput(
  reserveIn: number,
  reserveOut: number,
  amountIn: number,
  invariant: number,
  amplification: number,
): number {
  positive(reserveIn, 'reserveIn');
  positive(reserveOut, 'reserveOut');
  positive(invariant, 'invariant');
  tradeAmount(amountIn, 'amountIn');
  const ann = annOf(amplification);
  if (amountIn === 0) return 0;
  const d = invariant;
  const newIn = reserveIn + amountIn;
  // B = g'(y) at the current balance: 2y + x' + D/Ann − D (> amountIn + y because D ≤ x + y).
  const slope = 2 * reserveOut + (newIn - d) + d / ann;
  // C/B = (amountIn/B)·reserveOut + (amountIn/B)·c_old/x', c_old/x' = D³/(4·Ann·x·x') = (D/(2x))·(D/(2x'))·(D/Ann).
  const share = amountIn / slope;
  const q = share * reserveOut + boundedProduct(share, d / (2 * reserveIn), d / (2 * newIn), d / ann);
  let out = 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    // Newton on d²/B − d + C/B = 0: d ← (C/B − d²/B) / (1 − 2d/B).
    const next = (q - (out * out) / slope) / (1 - (2 * out) / slope);
    if (!(next > out)) break; // rounding at the root: no further progress
    const settled = next - out <= TOLERANCE * next;
    out = next;
    if (settled) break;
  }
  return Math.min(out, reserveOut);
}

/**
 * Input, before the fee, that takes `amountOut` out of the output balance of a pool whose balances (`reserveIn`,
 * `reserveOut`) have invariant `invariant` (Curve `get_dx` for two coins, fee aside): the rise e of the input
 * balance that keeps D when the output balance falls to reserveOut − amountOut.
 *
 * Curve solves get_y(x') − reserveIn, a difference of two nearly equal balances that float64 can round below 0 for
 * a small trade. Here, as in {@link stableSwapOutput}, the quadratic g(y) = y² + (b − D)·y − c of get_y (b = x' +
 * D/Ann,
 * c = D³/(4·Ann·x'), x' = reserveOut − amountOut) is written around the current input balance, y = reserveIn + e:
 * e² + B·e − C = 0 with B = g'(reserveIn) and, using g_old(reserveIn) = 0, C = −g(reserveIn) =
 * amountOut·(reserveIn + D³/(4·Ann·reserveOut·x')) ≥ 0. Its root e ≥ 0 is taken in the form without cancellation
 * (2C/(B + √(B² + 4C)) when B ≥ 0, (√(B² + 4C) − B)/2 otherwise), so the result is ≥ 0 by construction and exact
 * to relative rounding for small and large trades alike. Infinity when amountOut ≥ reserveOut (no input suffices).
 *
 * @example
 * // A = 1/4 (Ann = 1), D = 2 from (1, 1): taking out 2 − √2 needs an input of 1 (the inverse of stableSwapOutput's example).
 * stableSwapInput(1, 1, 2 - Math.SQRT2, 2, 0.25); // 1
 */
export function stableSwapInput(
  reserveIn: number,
  reserveOut: number,
  amountOut: number,
  invariant: number,
  amplification: number,
): number {
  positive(reserveIn, 'reserveIn');
  positive(reserveOut, 'reserveOut');
  positive(invariant, 'invariant');
  tradeAmount(amountOut, 'amountOut');
  const ann = annOf(amplification);
  if (amountOut === 0) return 0;
  const d = invariant;
  const outLeft = reserveOut - amountOut;
  if (!(outLeft > 0)) return Number.POSITIVE_INFINITY;
  // B = g'(reserveIn) = 2·reserveIn + x' + D/Ann − D (may be < 0 when the trade takes most of the output balance).
  const slope = 2 * reserveIn + (outLeft - d) + d / ann;
  // C = amountOut·(reserveIn + (D/(2·reserveOut))·(D/(2x'))·(D/Ann)).
  const c = amountOut * reserveIn + boundedProduct(amountOut, d / (2 * reserveOut), d / (2 * outLeft), d / ann);
  // √(B² + 4C) as hypot(B, 2√C), which neither overflows nor underflows.
  const root = Math.hypot(slope, 2 * Math.sqrt(c));
  return slope >= 0 ? (2 * c) / (slope + root) : (root - slope) / 2;
}

/**
 * start × a × b × c, multiplying by the smallest remaining factor while the running product is ≥ 1 and by the
 * largest while it is < 1, so no intermediate overflows or underflows when the result is representable (a very
 * lopsided pool's D³/(4·Ann·x·x') can exceed 1e308 even though the output it feeds is ≤ the balance). Sorts the
 * three factors in place of an array (this runs in every StableSwap quote; keepers and arbitrageurs quote thousands
 * of times a block).
 */
function boundedProduct(start: number, a: number, b: number, c: number): number {
  // Sort so that a ≤ b ≤ c.
  let t: number;
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  if (b > c) {
    t = b;
    b = c;
    c = t;
  }
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  let product = start;
  let lo = 0;
  let hi = 2;
  for (let step = 0; step < 3; step++) {
    const k = product >= 1 ? lo++ : hi--;
    product *= k === 0 ? a : k === 1 ? b : c;
  }
  return product;
}

/**
 * Marginal price of coin x in coin y along the invariant, before fees: −dy/dx = F_x/F_y with
 * F = Ann·(x + y) + D·(1 − Ann) − D³/(4xy). Multiplying through by 4x²y²/D⁴ gives
 * (ŷ + k)/(x̂ + k) with x̂ = x/D, ŷ = y/D, k = 4·Ann·(x̂ŷ)² (x̂ŷ ≤ 1/4, so nothing overflows). Ann → 0 gives
 * y/x (constant product), Ann → ∞ gives 1 (constant sum), a balanced pool gives 1.
 *
 * @example
 * stableSwapPrice(5e5, 5e5, 1e6, 100); // 1
 * stableSwapPrice(2, Math.SQRT2 - 1, 2, 0.25); // 0.3232… = y(2x + y)/(x(x + 2y)), the slope of D³ = 4xy(x + y)
 */
export function stableSwapPrice(x: number, y: number, invariant: number, amplification: number): number {
  positive(x, 'x');
  positive(y, 'y');
  positive(invariant, 'invariant');
  const ann = annOf(amplification);
  const xHat = x / invariant;
  const yHat = y / invariant;
  const product = xHat * yHat;
  const k = 4 * ann * product * product;
  return (yHat + k) / (xHat + k);
}

/**
 * The balance y that keeps invariant D when the other balance is `known` (Curve `get_y` for two coins): Newton on
 * y² + (x + D/Ann − D)·y = D³/(4·Ann·x), y ← (y² + c)/(2y + b − D) with b = x + D/Ann, c = D³/(4·Ann·x), from y = D.
 *
 * @example
 * // A = 1/4 (Ann = 1), D = 2: from x = 1 the balance is 1 (a balanced pool); from x = 2, y = √2 − 1.
 * stableSwapBalance(2, 2, 0.25); // 0.41421356…
 */
export function stableSwapBalance(known: number, invariant: number, amplification: number): number {
  positive(known, 'known');
  positive(invariant, 'invariant');
  const ann = annOf(amplification);
  const d = invariant;
  const b = known + d / ann;
  const c = (d / known) * (d / (4 * ann)) * d;
  let y = d;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const next = (y * y + c) / (2 * y + b - d);
    const settled = Math.abs(next - y) <= TOLERANCE * next;
    y = next;
    if (settled) break;
  }
  return y;
}
