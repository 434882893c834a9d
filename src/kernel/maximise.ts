const INVERSE_GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The point just below `upper` at which {@link maximiseConcave} checks that f still rises at the corner: f(upper) ≥
 * f(cornerProbe(upper)) returns `upper`. A caller that proves that inequality another way must probe this point.
 *
 * @example cornerProbe(1) // 1 − 1e−9
 */
export function cornerProbe(upper: number): number {
  return upper * (1 - 1e-9);
}

/**
 * Maximiser of a concave function on [0, upper]: `upper` itself when the function still rises there,
 * otherwise a golden-section search (60 iterations, ~1e-12 of `upper`). Returns 0 when upper ≤ 0.
 *
 * @example maximiseConcave((x) => x - x * x, 10) // ≈ 0.5
 */
export function maximiseConcave(f: (x: number) => number, upper: number): number {
  if (!(upper > 0)) return 0;
  // A top that cannot be had at all (−∞: e.g. more than a venue can deliver) is no corner optimum.
  const top = f(upper);
  if (top > Number.NEGATIVE_INFINITY && top >= f(cornerProbe(upper))) return upper;
  let lo = 0;
  let hi = upper;
  let a = hi - INVERSE_GOLDEN * (hi - lo);
  let b = lo + INVERSE_GOLDEN * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let step = 0; step < 60; step++) {
    if (fa < fb) {
      lo = a;
      a = b;
      fa = fb;
      b = lo + INVERSE_GOLDEN * (hi - lo);
      fb = f(b);
    } else {
      hi = b;
      b = a;
      fb = fa;
      a = hi - INVERSE_GOLDEN * (hi - lo);
      fa = f(a);
    }
  }
  return (lo + hi) / 2;
}
