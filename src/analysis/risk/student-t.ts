/**
 * Quantiles of Student's t distribution with an integer number of degrees of freedom, for the
 * t interval of a mean (the paired differences of a sweep).
 */
import { standardNormalQuantile } from './normal.js';

/** Above this many degrees of freedom the Cornish–Fisher expansion is used (its error is then below 1e-12). */
const EXPANSION_DOF = 1000;

/**
 * P(|T| ≤ √ν·tan θ) for T ~ t(ν), θ in [0, π/2): the finite sums of Abramowitz & Stegun (1964), 26.7.3
 * (ν odd) and 26.7.4 (ν even), written in θ = arctan(t/√ν).
 */
function centralProbability(theta: number, dof: number): number {
  const sin = Math.sin(theta);
  const cos = Math.cos(theta);
  const cos2 = cos * cos;
  if (dof % 2 === 1) {
    // ν odd: (2/π)·[θ + sinθ·(cosθ + (2/3)cos³θ + (2·4)/(3·5)cos⁵θ + … + cos^(ν−2)θ·(2·4⋯(ν−3))/(3·5⋯(ν−2)))].
    if (dof === 1) return (2 / Math.PI) * theta;
    let term = cos;
    let sum = term;
    for (let k = 1; k <= (dof - 3) / 2; k++) {
      term *= (cos2 * (2 * k)) / (2 * k + 1);
      sum += term;
    }
    return (2 / Math.PI) * (theta + sin * sum);
  }
  // ν even: sinθ·[1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + cos^(ν−2)θ·(1·3⋯(ν−3))/(2·4⋯(ν−2))].
  let term = 1;
  let sum = term;
  for (let k = 1; k <= (dof - 2) / 2; k++) {
    term *= (cos2 * (2 * k - 1)) / (2 * k);
    sum += term;
  }
  return sin * sum;
}

/** The upper quantile t > 0 with P(|T| ≤ t) = `central` (in (0, 1)), by bisection on θ = arctan(t/√ν). */
function centralQuantile(central: number, dof: number): number {
  let low = 0;
  let high = Math.PI / 2;
  // P(|T| ≤ √ν·tan θ) rises from 0 to 1 as θ goes from 0 to π/2; 100 halvings reach the last bit of θ.
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (centralProbability(mid, dof) < central) low = mid;
    else high = mid;
  }
  return Math.sqrt(dof) * Math.tan((low + high) / 2);
}

/**
 * The upper quantile of t(ν) from the normal quantile z: Cornish–Fisher expansion, Abramowitz & Stegun
 * (1964) 26.7.5, t = z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴.
 */
function expansionQuantile(z: number, dof: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}

/**
 * t such that P(T ≤ t) = p for T ~ Student's t with `dof` degrees of freedom (an integer ≥ 1), p in
 * (0, 1). Exact to about 1e-13 relative up to 1,000 degrees of freedom (inverting the closed-form CDF),
 * then the Cornish–Fisher expansion.
 *
 * @example studentTQuantile(0.975, 2); // 4.302652729749464 = 0.95 / √(2·0.975·0.025)
 */
export function studentTQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(Number.isInteger(dof) && dof >= 1))
    throw new RangeError(`studentTQuantile: degrees of freedom must be an integer ≥ 1, got ${dof}`);
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const tail = upper ? p : 1 - p;
  const t =
    dof > EXPANSION_DOF ? expansionQuantile(standardNormalQuantile(tail), dof) : centralQuantile(2 * tail - 1, dof);
  return upper ? t : -t;
}
