/**
 * Price-impact curve of a broad off-chain market. Price = fundamental × g(V), where V is the net
 * USD (valued at the fundamental) sold into the market and not yet decayed, and D is the USD that
 * moves the price by 1% from rest:
 *   linear: g(V) = 0.99^(V/D)                    (log price linear in volume: every D moves 1%)
 *   sqrt:   g(V) = 0.99^(sign(V)·√(|V|/D))       (square-root law: 4·D moves 2%)
 * A trade moving V from V0 to V1 pays/receives ∫_{V0}^{V1} g(V) dV (the marginal price integrated
 * along the curve), computed here in closed form.
 */
import { InvariantError } from '../../kernel/errors.js';
import { positive, tradeAmount } from './venue-errors.js';

/**
 * Shape of the impact curve: `linear` (log price linear in V), `sqrt` (square-root law) or `bounded` (linear, then
 * square root, with value buyers; see `impact-bounded.ts`, which computes it: the functions here take the first two).
 *
 * @example
 * const mode: ImpactMode = 'bounded';
 */
export type ImpactMode = 'linear' | 'sqrt' | 'bounded';

/**
 * The two curves this file computes in closed form.
 *
 * @example
 * const mode: PowerMode = 'sqrt';
 */
export type PowerMode = Exclude<ImpactMode, 'bounded'>;

/** ln(0.99): log price change per unit of the curve's argument. */
const LN_099 = Math.log(0.99);

/**
 * g(V): the factor by which the market price sits below (V > 0) or above (V < 0) the fundamental.
 *
 * @example
 * impactFactor(1e6, 1e6, 'linear'); // 0.99
 * impactFactor(4e6, 1e6, 'sqrt');   // 0.99² = 0.9801
 */
export function impactFactor(outstandingUsd: number, depthUsd: number, mode: PowerMode): number {
  const x = outstandingUsd / depthUsd;
  // Linear: Kyle-λ impact on log price, g = 0.99^(V/D); sqrt: square-root impact law (Tóth et al. 2011), g =
  // 0.99^(sign·√(|V|/D)).
  return mode === 'linear' ? Math.pow(0.99, x) : Math.pow(0.99, Math.sign(x) * Math.sqrt(Math.abs(x)));
}

/**
 * ∫_{fromUsd}^{fromUsd + volumeUsd} g(V) dV: USD paid out by a sale that moves V up by `volumeUsd`
 * (selling volumeUsd/fundamental base; proceeds = fundamental·∫ g db = ∫ g dV), or minus the USD paid
 * in by a purchase (`volumeUsd` < 0). Taking the width rather than the far end keeps small trades
 * exact when V is large. Closed form, accurate to a few ulps.
 *
 * @example
 * impactIntegral(0, 1e6, 1e6, 'linear'); // ≈ 994,992 = D·(0.99 − 1)/ln 0.99 (selling D from rest)
 */
export function impactIntegral(fromUsd: number, volumeUsd: number, depthUsd: number, mode: PowerMode): number {
  positive(depthUsd, 'depthUsd');
  if (volumeUsd === 0) return 0;
  if (mode === 'linear') {
    const k = LN_099 / depthUsd;
    // ∫ e^{kV} dV = e^{kV0}·(e^{k·ΔV} − 1)/k, with expm1 so small trades keep full precision.
    return (Math.exp(k * fromUsd) * Math.expm1(k * volumeUsd)) / k;
  }
  const toUsd = fromUsd + volumeUsd;
  // The square-root curve has a kink at V = 0: integrate each side of it separately.
  if ((fromUsd < 0 && toUsd > 0) || (fromUsd > 0 && toUsd < 0)) {
    return sqrtSide(fromUsd, -fromUsd, depthUsd) + sqrtSide(0, toUsd, depthUsd);
  }
  return sqrtSide(fromUsd, volumeUsd, depthUsd);
}

/** ∫_{v0}^{v0+dv} 0.99^(sign(V)·√(|V|/D)) dV for an interval on one side of 0. */
function sqrtSide(v0: number, dv: number, depth: number): number {
  // Mirror V ≤ 0 onto w = −V ≥ 0: g(V) = e^{−λ√(w/D)}, dV = −dw, so ∫_{v0}^{v0+dv} = −∫_{−v0}^{−v0−dv}.
  if (v0 < 0 || (v0 === 0 && dv < 0)) return -signedUnitSqrtIntegral(-v0, -dv, -LN_099, depth);
  return signedUnitSqrtIntegral(v0, dv, LN_099, depth);
}

/** ∫_{a}^{a+width} e^{λ√(w/D)} dw for a ≥ 0 and a + width ≥ 0 (width of either sign). */
function signedUnitSqrtIntegral(a: number, width: number, lambda: number, depth: number): number {
  if (width >= 0) return unitSqrtIntegral(a, width, lambda, depth);
  return -unitSqrtIntegral(Math.max(a + width, 0), -width, lambda, depth);
}

/**
 * ∫_{a}^{a+width} e^{λ√(w/D)} dw for a ≥ 0, width ≥ 0. With u = √(w/D), dw = 2D·u du and
 * ∫ u e^{λu} du = e^{λu}(λu − 1)/λ²; the difference between the two ends is rearranged around the
 * lower end so that no catastrophic cancellation occurs for small trades far from V = 0.
 */
function unitSqrtIntegral(a: number, width: number, lambda: number, depth: number): number {
  if (width === 0) return 0;
  const u0 = Math.sqrt(a / depth);
  const u1 = Math.sqrt((a + width) / depth);
  if (u1 === 0) return width; // both ends underflow to √0: the interval is sub-denormal, g = 1 on it
  const du = width / depth / (u1 + u0); // = u1 − u0 without subtracting close square roots
  const m = Math.expm1(lambda * du);
  // e^{λu1}(λu1−1) − e^{λu0}(λu0−1) = e^{λu0}·[λu1·(e^{λΔ}−1) − (e^{λΔ}−1−λΔ)], Δ = u1 − u0.
  const bracket = lambda * u1 * m - expm1MinusX(lambda * du);
  return ((2 * depth) / (lambda * lambda)) * Math.exp(lambda * u0) * bracket;
}

/** e^x − 1 − x without cancellation near 0 (Taylor series for |x| < 0.5, direct otherwise). */
function expm1MinusX(x: number): number {
  if (Math.abs(x) >= 0.5) return Math.expm1(x) - x;
  // Σ_{n≥2} xⁿ/n!; 20 terms reach |x|^20/20! < 1e-24 relative at |x| < 0.5.
  let term = (x * x) / 2;
  let sum = term;
  for (let n = 3; n < 22; n++) {
    term *= x / n;
    sum += term;
  }
  return sum;
}

/**
 * USD volume W (at the fundamental) that a purchase paying `spendUsd` (after fees) takes out of the
 * market from state `outstandingUsd`, i.e. the W ≥ 0 with ∫_{V0−W}^{V0} g(V) dV = spendUsd.
 * Linear mode has a closed form; sqrt mode uses Newton's method on this convex increasing function
 * of W, started above the root (tangent at W = 0), with bisection whenever a Newton step would leave the
 * bracket or not halve the step before it (rtsafe); converges to ~1e-13 relative.
 *
 * @example
 * // buying back what selling D from rest paid (≈ 994,992) undoes that sale exactly:
 * purchaseVolume(impactIntegral(0, 1e6, 1e6, 'sqrt'), 1e6, 1e6, 'sqrt'); // 1e6
 */
export function purchaseVolume(spendUsd: number, outstandingUsd: number, depthUsd: number, mode: PowerMode): number {
  tradeAmount(spendUsd, 'spendUsd');
  positive(depthUsd, 'depthUsd');
  if (spendUsd === 0) return 0;
  if (mode === 'linear') {
    const k = LN_099 / depthUsd;
    // Invert e^{kV0}(1 − e^{−kW})/k = s: W = −ln(1 − s·k·e^{−kV0})/k (k < 0, so the log argument > 1).
    return -Math.log1p(-spendUsd * k * Math.exp(-k * outstandingUsd)) / k;
  }
  const spent = (w: number) => -impactIntegral(outstandingUsd, -w, depthUsd, mode);
  let lo = 0;
  let hi = spendUsd / impactFactor(outstandingUsd, depthUsd, mode); // tangent at 0: above the root
  let w = hi;
  // Step before last: a Newton step that would not halve it is replaced by bisection (Numerical Recipes rtsafe),
  // so a start far up the steep side of the curve (a market deep in net sales, where g is tiny) costs ~log₂ steps.
  let stepBefore = hi;
  let step = hi;
  for (let i = 0; i < 400; i++) {
    const excess = spent(w) - spendUsd;
    // NaN: the integral overflowed (∞ − ∞) far up the purchase side, where g explodes, so w is above the root.
    if (excess > 0 || Number.isNaN(excess)) hi = w;
    else lo = w;
    // Newton step on f(W) = spent(W) − s, f'(W) = g(V0 − W).
    const slope = impactFactor(outstandingUsd - w, depthUsd, mode);
    let next = w - excess / slope;
    if (!(next > lo && next < hi) || Math.abs(2 * excess) > Math.abs(stepBefore * slope)) next = (lo + hi) / 2;
    stepBefore = step;
    step = next - w;
    if (Math.abs(next - w) <= 1e-14 * w || hi - lo <= 1e-15 * hi) return next;
    w = next;
  }
  throw new InvariantError(`purchaseVolume did not converge for spend ${spendUsd}, V ${outstandingUsd}`);
}

/**
 * USD volume (at the fundamental) that must be sold from state `outstandingUsd` to lower the price
 * by exactly 1%. Linear mode: always D. Sqrt mode: with s = sign(V)·√(|V|/D) the price is
 * F·0.99^s, so 1% more means s → s + 1 and V → D·(s+1)·|s+1|; equal to D only at rest, larger
 * after sales (the curve flattens), smaller after purchases until the kink at 0.
 *
 * @example
 * volumeFor1PctDrop(0, 1e6, 'sqrt');   // 1e6
 * volumeFor1PctDrop(4e6, 1e6, 'sqrt'); // 5e6 (from s = 2 to s = 3: 9e6 − 4e6)
 */
export function volumeFor1PctDrop(outstandingUsd: number, depthUsd: number, mode: PowerMode): number {
  positive(depthUsd, 'depthUsd');
  if (mode === 'linear') return depthUsd;
  const s0 = Math.sign(outstandingUsd) * Math.sqrt(Math.abs(outstandingUsd) / depthUsd);
  // Square-root law V = D·s·|s|: the volume between s0 and s0 + 1, expanded to avoid
  // subtracting large squares: (s0+1)² − s0² = 2s0 + 1; −(s0+1)² + s0² = −2s0 − 1; (s0+1)² + s0².
  if (s0 >= 0) return depthUsd * (2 * s0 + 1);
  if (s0 <= -1) return depthUsd * (-2 * s0 - 1);
  return depthUsd * ((s0 + 1) * (s0 + 1) + s0 * s0);
}

/**
 * Share of outstanding impact left after `dtSeconds` with exponential resilience of half-life
 * `halfLifeSeconds` (0 = instant recovery, Infinity = none).
 *
 * @example
 * decayFactor(60, 60); // 0.5
 * decayFactor(12, 0);  // 0 (instant recovery)
 */
export function decayFactor(dtSeconds: number, halfLifeSeconds: number): number {
  tradeAmount(dtSeconds, 'dtSeconds');
  if (!(halfLifeSeconds >= 0)) throw new InvariantError(`halfLifeSeconds must be ≥ 0, got ${halfLifeSeconds}`);
  if (halfLifeSeconds === 0) return 0;
  // Obizhaeva–Wang transient impact: the order-book imbalance decays as 2^(−t/half-life).
  return Math.pow(2, -dtSeconds / halfLifeSeconds);
}
