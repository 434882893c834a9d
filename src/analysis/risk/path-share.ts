/**
 * A probability estimated as the mean over paths of a per-path share (the share of a bucket's accounts liquidated on
 * each path). Paths are the independent unit: accounts of one path share its price path and are correlated, so the
 * interval is built from the spread of the per-path shares, not from the account count.
 */
import { twoSidedZ } from './normal.js';
import type { Interval } from './interval.js';

/**
 * The mean of per-path shares with its 95% interval.
 *
 * @example const s: PathShareEstimate = { value: 0.5, ci95: { lower: 0.3, upper: 0.7 }, paths: 20, effectivePaths: 19 };
 */
export interface PathShareEstimate {
  /** Mean over paths of the per-path share, a fraction. */
  value: number;
  ci95: Interval;
  /** Paths averaged. */
  paths: number;
  /** The sample size the interval behaves as: p(1 − p) / Var(p̂), between paths − 1 and `cap` (see pathShareEstimate).
   * */
  effectivePaths: number;
}

/**
 * Wilson score interval of a proportion p observed on a (possibly fractional) sample size n.
 *
 * @example wilsonScore(1, 10).lower; // 10 / (10 + z²) ≈ 0.7225
 */
export function wilsonScore(p: number, n: number, confidence = 0.95): Interval {
  const z = twoSidedZ(confidence);
  const z2 = z * z;
  // Wilson (1927), JASA 22:209: centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²).
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    lower: p <= 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: p >= 1 ? 1 : Math.min(1, centre + halfWidth),
  };
}

/**
 * Mean of per-path shares in [0, 1] with a Wilson interval at the effective sample size n* = p̂(1 − p̂) / Var(p̂),
 * Var(p̂) = s² / n over the n paths (Kish's design effect; the Wilson form of Korn & Graubard, Survey Methodology 24,
 * 1998). When every share is 0 or 1 this is Wilson on the count of paths (n* = n − 1 with s² on n − 1; n when all
 * agree). Shares that never vary around a p̂ strictly inside (0, 1) give n* = `cap` (the accounts behind the shares,
 * the most the data could be worth).
 *
 * @example pathShareEstimate([1, 1, 1, 1], 400).ci95.lower; // 4 / (4 + z²)
 */
export function pathShareEstimate(shares: readonly number[], cap: number): PathShareEstimate {
  const n = shares.length;
  if (n === 0) throw new RangeError('path share: no paths');
  let sum = 0;
  for (const s of shares) sum += s;
  const p = sum / n;
  let squares = 0;
  for (const s of shares) squares += (s - p) * (s - p);
  const variance = n > 1 ? squares / (n - 1) / n : 0;
  let effective: number;
  if (p <= 0 || p >= 1 || n === 1) effective = n;
  else if (variance === 0) effective = Math.max(n, cap);
  else effective = Math.min(Math.max(n, cap), (p * (1 - p)) / variance);
  return { value: p, ci95: wilsonScore(p, effective), paths: n, effectivePaths: effective };
}
