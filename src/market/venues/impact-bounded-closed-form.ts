/**
 * The `bounded` impact law's closed forms in the log gap y = |x| ≥ 0 (see impact-bounded.ts for the law): net flow
 * v_b (the book) and v_l (value buyers), their slope, and Φ, the quote a trade from rest to x pays or receives.
 * Pure functions of the law's {@link BoundedShape}.
 */
import { LAMBDA, type BoundedShape } from './impact-bounded-params.js';

/**
 * v_b(y), y ≥ 0: the book's net flow (depths), linear to the crossover and square-root beyond.
 *
 * @example bookDepths(shape, 0.01005); // 1
 */
export function bookDepths(shape: BoundedShape, y: number): number {
  const a = shape.crossoverGap;
  return y <= a ? y / LAMBDA : ((y + a) * (y + a)) / (4 * a * LAMBDA);
}

/**
 * v_l(y), y ≥ 0: value buyers' net flow (depths), 0 before they start, infinite at the floor.
 *
 * @example buyersDepths(shape, 0.01); // 0
 */
export function buyersDepths(shape: BoundedShape, y: number): number {
  if (y <= shape.buyersGap) return 0;
  if (y >= shape.maxGap) return Number.POSITIVE_INFINITY;
  // 2h·(s − u)²/((u − b)(s − b)), with s − u and u − b each computed without cancellation.
  const d = sMinusU(shape, y);
  return (2 * shape.h * d * d) / (overFloor(shape, y) * (shape.s - shape.b));
}

/**
 * dv/dx at log gap y ≥ 0 (the right-hand slope at a kink); infinite at the floor.
 *
 * @example slopeAtGap(shape, 0); // 1/λ
 */
export function slopeAtGap(shape: BoundedShape, y: number): number {
  if (y >= shape.maxGap) return Number.POSITIVE_INFINITY;
  const a = shape.crossoverGap;
  const book = y <= a ? 1 / LAMBDA : (y + a) / (2 * a * LAMBDA);
  if (y <= shape.buyersGap) return book;
  // dv_l/dx = −u·dv_l/du = 2h·u·(S − w)(S + w)/(w²S), with w = u − b and S = s − b.
  const u = Math.exp(-y);
  const w = overFloor(shape, y);
  const big = shape.s - shape.b;
  return book + (2 * shape.h * u * sMinusU(shape, y) * (big + w)) / (w * w * big);
}

/**
 * Φ(x) = ∫_0^x e^(−t)·v'(t) dt: quote (in depths at the fundamental) received selling from rest to x > 0; minus the
 * quote paid buying from rest to x < 0. Closed form per branch (derivations in the comments).
 *
 * @example proceedsTo(shape, 0.01005); // (1 − 0.99)/λ ≈ 0.995
 */
export function proceedsTo(shape: BoundedShape, x: number): number {
  if (x === 0) return 0;
  const y = Math.abs(x);
  if (y >= shape.maxGap) return Math.sign(x) * Number.POSITIVE_INFINITY;
  const a = shape.crossoverGap;
  const s = shape.s;
  const b = shape.b;
  let book: number;
  let buyers = 0;
  if (x > 0) {
    // ∫ e^(−t)/λ dt = (1 − e^(−y))/λ; beyond a, ∫ e^(−t)(t + a)/(2aλ) dt = −e^(−t)(t + a + 1)/(2aλ).
    book =
      y <= a
        ? -Math.expm1(-y) / LAMBDA
        : -Math.expm1(-a) / LAMBDA + (Math.exp(-a) * (2 * a + 1) - Math.exp(-y) * (y + a + 1)) / (2 * a * LAMBDA);
    if (y > shape.buyersGap) {
      // With w = u − b, S = s − b, d = S − w: v_l = 2h(S/w − 2 + w/S), dv_l = 2h(1/S − S/w²) dw, and
      // ∫_w^S (w' + b)(S/w'² − 1/S) dw' = S·ln(S/w) + b·d²/(wS) − d(S + w)/(2S).
      const w = overFloor(shape, y);
      const d = sMinusU(shape, y);
      const big = s - b;
      buyers = 2 * shape.h * (-big * Math.log1p(-d / big) + (b * d * d) / (w * big) - (d * (big + w)) / (2 * big));
    }
    return book + buyers;
  }
  // Purchases pay ∫ e^(t) v'(t) dt: (e^y − 1)/λ; beyond a, ∫ e^t (t + a)/(2aλ) dt = e^t (t + a − 1)/(2aλ).
  book =
    y <= a
      ? Math.expm1(y) / LAMBDA
      : Math.expm1(a) / LAMBDA + (Math.exp(y) * (y + a - 1) - Math.exp(a) * (2 * a - 1)) / (2 * a * LAMBDA);
  if (y > shape.buyersGap) {
    // The price is 1/u: ∫_w^S (S/w'² − 1/S)/(w' + b) dw' with 1/(w²(w + b)) = 1/(bw²) − 1/(b²w) + 1/(b²(w + b)):
    // d/(bw) + (S/b²)·ln(s·w/(S·u)) − ln(s/u)/S, where ln(s/u) = y − buyersGap exactly.
    const w = overFloor(shape, y);
    const d = sMinusU(shape, y);
    const big = s - b;
    const logSOverU = y - shape.buyersGap;
    buyers = 2 * shape.h * (d / (b * w) + (big / (b * b)) * (Math.log1p(-d / big) + logSOverU) - logSOverU / big);
  }
  return -(book + buyers);
}

/**
 * s − u = s·(1 − e^(buyersGap − y)), accurate just past the start of value buyers.
 *
 * @example sMinusU(shape, shape.buyersGap); // 0
 */
export function sMinusU(shape: BoundedShape, y: number): number {
  return -shape.s * Math.expm1(shape.buyersGap - y);
}

/**
 * u − b = e^(−y) − e^(−maxGap) = b·(e^(maxGap − y) − 1), accurate near the floor.
 *
 * @example overFloor(shape, shape.maxGap); // 0
 */
export function overFloor(shape: BoundedShape, y: number): number {
  return shape.b * Math.expm1(shape.maxGap - y);
}
