/**
 * Interval estimates shared by the risk measures: a point value with a 95% confidence interval, and
 * the Wilson score interval of a probability.
 */
import { twoSidedZ } from './normal.js';

/**
 * A closed interval [lower, upper], in the units of the quantity it bounds.
 *
 * @example const ci: Interval = { lower: 0.236, upper: 0.764 };
 */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * A point estimate and its 95% confidence interval, in the units of the quantity.
 *
 * @example const v: Estimate = { value: 950, ci95: { lower: 940, upper: 961 } };
 */
export interface Estimate {
  value: number;
  ci95: Interval;
}

/**
 * A probability estimated from paths: `value` = successes / trials (a fraction), with its 95% Wilson
 * score interval.
 *
 * @example const p: ProbabilityEstimate = { value: 0.5, successes: 5, trials: 10, ci95: { lower: 0.2366, upper: 0.7634 } };
 */
export interface ProbabilityEstimate extends Estimate {
  successes: number;
  trials: number;
}

/**
 * Wilson score interval for a binomial proportion. Unlike the normal (Wald) interval it stays inside
 * [0, 1] and does not collapse to a point when there are 0 or n successes.
 *
 * @example wilsonInterval(0, 10); // { lower: 0, upper: 0.2775… }  (upper = z²/(n + z²))
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (!(Number.isInteger(trials) && trials > 0))
    throw new RangeError(`Wilson interval: trials must be a positive integer, got ${trials}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new RangeError(`Wilson interval: successes must be an integer in [0, ${trials}], got ${successes}`);
  }
  const z = twoSidedZ(confidence);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  // Wilson (1927), JASA 22:209; as written in Brown, Cai & DasGupta (2001), Statistical Science 16:101:
  // centre = (p + z²/2n)/(1 + z²/n), half-width = z/(1 + z²/n)·√(p(1 − p)/n + z²/4n²).
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === trials ? 1 : Math.min(1, centre + halfWidth),
  };
}

/**
 * successes / trials with its 95% Wilson score interval.
 *
 * @example probabilityEstimate(5, 10).ci95; // { lower: 0.2366…, upper: 0.7634… }
 */
export function probabilityEstimate(successes: number, trials: number): ProbabilityEstimate {
  return { value: successes / trials, successes, trials, ci95: wilsonInterval(successes, trials, 0.95) };
}

/**
 * Analytic normal confidence interval of the mean: x̄ ± z·s/√n (s = sample standard deviation).
 * Relies on the central limit theorem; for heavy-tailed losses and few paths prefer the bootstrap.
 *
 * @example normalMeanInterval(10, 2, 100); // { lower: 9.608, upper: 10.392 }  (z = 1.95996)
 */
export function normalMeanInterval(sampleMean: number, sampleSd: number, n: number, confidence = 0.95): Interval {
  if (!(n > 0)) throw new RangeError(`normal CI of the mean: n must be positive, got ${n}`);
  // Large-sample (central limit theorem) interval for a mean, e.g. Wasserman, All of Statistics (2004), ch. 6.
  const halfWidth = (twoSidedZ(confidence) * sampleSd) / Math.sqrt(n);
  return { lower: sampleMean - halfWidth, upper: sampleMean + halfWidth };
}
