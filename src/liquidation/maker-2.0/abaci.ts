/**
 * Maker Liquidations 2.0 auction price curves (dss `abaci.sol`), as pure functions of the starting
 * price `top` and the seconds `t` elapsed since the auction started or was last reset.
 *
 * Float64 against dss fixed point: dss computes in RAY (1e27) and floors each `rmul`; its `rpow`
 * rounds half up at each squaring. Those roundings (≈1e-27 relative per step) are dropped here. dss
 * only sees whole seconds (block timestamps); pass integer `t` to reproduce it exactly.
 */
import { MakerError, requireFinite } from './errors.js';

/** dss abaci.sol: elapsed time comes from `block.timestamp − tic` and would underflow if negative. */
function requireElapsed(t: number): void {
  if (!(t >= 0) || !Number.isFinite(t))
    throw new MakerError('time-before-start', `elapsed seconds must be ≥ 0, got ${t}`);
}

/**
 * `LinearDecrease`: the price falls in a straight line from `top` to 0 over `tau` seconds,
 * top·(tau − t)/tau, and is 0 from `t = tau` on.
 *
 * @example
 * linearDecrease(100, 3600, 900); // 75
 * linearDecrease(100, 3600, 3600); // 0
 */
export function linearDecrease(top: number, tau: number, t: number): number {
  requireFinite('top', top, 0);
  requireFinite('tau', tau, 0);
  requireElapsed(t);
  // dss abaci.sol LinearDecrease.price: 0 once dur ≥ tau (this also covers tau = 0)
  if (t >= tau) return 0;
  // dss abaci.sol LinearDecrease.price: top · ((tau − dur)/tau)
  return top * ((tau - t) / tau);
}

/**
 * `StairstepExponentialDecrease`: the price is multiplied by `cut` (a factor in [0, 1]) once every
 * `step` seconds, top·cut^floor(t/step).
 *
 * @example
 * stairstepExponentialDecrease(100, 0.99, 90, 179); // 99 (one step so far)
 * stairstepExponentialDecrease(100, 0.99, 90, 180); // 98.01
 */
export function stairstepExponentialDecrease(top: number, cut: number, step: number, t: number): number {
  requireFinite('top', top, 0);
  // dss abaci.sol StairstepExponentialDecrease.file: cut must not exceed RAY (a factor ≤ 1)
  requireFinite('cut', cut, 0, 1);
  // dss abaci.sol StairstepExponentialDecrease.price divides by step, so step = 0 reverts
  if (!(step > 0) || !Number.isFinite(step)) throw new MakerError('bad-parameter', `step must be > 0, got ${step}`);
  requireElapsed(t);
  // dss abaci.sol StairstepExponentialDecrease.price: top · cut^(dur / step), integer division
  return top * cut ** Math.floor(t / step);
}

/**
 * `ExponentialDecrease`: the price is multiplied by `cut` every second, top·cut^t.
 *
 * @example
 * exponentialDecrease(100, 0.5, 2); // 25
 */
export function exponentialDecrease(top: number, cut: number, t: number): number {
  requireFinite('top', top, 0);
  // dss abaci.sol ExponentialDecrease.file: cut must not exceed RAY (a factor ≤ 1)
  requireFinite('cut', cut, 0, 1);
  requireElapsed(t);
  // dss abaci.sol ExponentialDecrease.price: top · cut^dur
  return top * cut ** t;
}

/**
 * An auction price curve and its parameters; `kind` picks the dss abacus.
 *
 * @example
 * const eth: PriceCurve = { kind: 'stairstep', cut: 0.99, step: 90 };
 * const lin: PriceCurve = { kind: 'linear', tau: 3600 };
 * const exp: PriceCurve = { kind: 'exponential', cut: 0.9999 };
 */
export type PriceCurve =
  | { readonly kind: 'linear'; /** Seconds until the price reaches 0. */ readonly tau: number }
  | {
      readonly kind: 'stairstep';
      /** Factor applied once per step, in [0, 1] (0.99 = 1% drop per step). */
      readonly cut: number;
      /** Seconds between drops, > 0. */
      readonly step: number;
    }
  | { readonly kind: 'exponential'; /** Factor applied once per second, in [0, 1]. */ readonly cut: number };

/**
 * The price of an auction that started at `top`, `t` seconds ago, under `curve`.
 *
 * @example
 * auctionPrice({ kind: 'stairstep', cut: 0.99, step: 90 }, 1200, 900); // 1200·0.99^10 ≈ 1085.26
 */
export function auctionPrice(curve: PriceCurve, top: number, t: number): number {
  switch (curve.kind) {
    case 'linear':
      return linearDecrease(top, curve.tau, t);
    case 'stairstep':
      return stairstepExponentialDecrease(top, curve.cut, curve.step, t);
    case 'exponential':
      return exponentialDecrease(top, curve.cut, t);
  }
}

/**
 * Throws `bad-parameter` unless the curve's parameters are ones the dss abacus would accept
 * (tau ≥ 0; cut in [0, 1]; step > 0).
 *
 * @example
 * validatePriceCurve({ kind: 'stairstep', cut: 0.99, step: 90 }); // ok
 */
export function validatePriceCurve(curve: PriceCurve): void {
  auctionPrice(curve, 1, 0);
}
