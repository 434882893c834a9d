/**
 * Maths of an empirical price-impact curve: a table of cumulative proceeds (sales) and costs (purchases) at measured
 * sizes, read as one concave function G of the venue's signed position x (net size sold, in the table's size unit).
 *
 * - x ≥ 0: G(x) is what selling x from rest fetches; x < 0: G(x) = −(cost of buying −x from rest). Both are in
 *   "reference value": the table's size unit valued at the reference price with no impact (so G(x) = x without impact).
 * - Between the measured points G is linear (the marginal price is constant between two rows, as on an order-book
 *   walk), so G is exact at every row and concave when the marginal price never rises with x: checked at construction.
 * - Beyond the last measured row of a side the curve refuses (no more liquidity: the marginal value is 0 for sales, a
 *   purchase can take no more) or extrapolates the average impact a(s) of the last row by a law (linear: a ∝ s, the
 *   marginal impact is 2a; square root: a ∝ √s, marginal 1.5a), never better than the last measured segment and never
 *   below a zero price.
 */
import { InvariantError } from '../../kernel/errors.js';

/**
 * What a curve does past its last measured row.
 *
 * @example
 * const beyond: CurveBeyond = 'extrapolate-sqrt';
 */
export type CurveBeyond = 'refuse' | 'extrapolate-linear' | 'extrapolate-sqrt';

/**
 * One side of a table, normalised: sizes s_i (strictly increasing, > 0, in the table's unit) and the cumulative value
 * at each (sales: proceeds s·(1 − average impact); purchases: cost s·(1 + average impact)), in reference value.
 *
 * @example
 * const sells: CurveSide = { sizes: [1e5, 1e6], values: [1e5 * 0.999, 1e6 * 0.99] };
 */
export interface CurveSide {
  sizes: readonly number[];
  values: readonly number[];
}

/** Lowest marginal price an extrapolated sale tail reaches, as a fraction of the reference; past it, sales fetch
 * nothing more (as with refuse). */
const PRICE_FLOOR = 1e-9;

/** One tail past the last row: marginal value p(u) = clamp(1 ∓ k·φ(u)) where φ(u) = u/end or √(u/end). */
interface Tail {
  /** Last measured size of the side (> 0). */
  end: number;
  /** Marginal value of the last measured segment (its chord slope). */
  last: number;
  /** Law coefficient k ≥ 0; 0 with `refuse`. */
  k: number;
  /** 1 for the linear law, 0.5 for the square root. */
  alpha: number;
  /** Sale tail: where the law first falls below `last` (≥ end) and where it reaches 0 (Infinity when k = 0). */
  from: number;
  to: number;
  refuse: boolean;
  side: 'sell' | 'buy';
}

/**
 * The concave function G of a curve venue's signed position, with its tails; immutable.
 *
 * @example
 * const g = new ImpactCurve({ sizes: [100, 200], values: [99, 196] }, { sizes: [100, 200], values: [101, 204] }, 'refuse');
 * g.value(100); // 99 (selling 100 from rest fetches 99 reference value)
 * g.value(150); // 97.5 + 99 − … = 147.5: halfway along the segment of slope 0.97
 */
export class ImpactCurve {
  /** Knots of G over the measured range, x ascending: −(buy sizes) reversed, 0, sell sizes. */
  readonly xs: Float64Array;
  readonly gs: Float64Array;
  private readonly sellTail: Tail;
  private readonly buyTail: Tail;

  constructor(sells: CurveSide, buys: CurveSide, beyond: CurveBeyond) {
    const n = sells.sizes.length;
    const m = buys.sizes.length;
    if (n === 0 || m === 0)
      throw new InvariantError('an impact curve needs at least one sale row and one purchase row');
    this.xs = new Float64Array(n + m + 1);
    this.gs = new Float64Array(n + m + 1);
    for (let j = 0; j < m; j++) {
      this.xs[m - 1 - j] = -buys.sizes[j];
      this.gs[m - 1 - j] = -buys.values[j];
    }
    for (let i = 0; i < n; i++) {
      this.xs[m + 1 + i] = sells.sizes[i];
      this.gs[m + 1 + i] = sells.values[i];
    }
    let before = Number.POSITIVE_INFINITY;
    for (let k = 1; k < this.xs.length; k++) {
      const slope = this.slope(k - 1);
      // Float64 rounding of cumulative values may tilt two equal slopes by an ulp or so: allow 1e-12 relative.
      if (!(this.xs[k] > this.xs[k - 1]) || !(slope > 0) || !(slope <= before * (1 + 1e-12)) || !Number.isFinite(slope))
        throw new InvariantError(`impact curve is not increasing and concave at knot ${k} (x ${this.xs[k]})`);
      before = slope;
    }
    this.sellTail = tail(sells.sizes[n - 1], sells.values[n - 1], this.slope(this.xs.length - 2), beyond, 'sell');
    this.buyTail = tail(buys.sizes[m - 1], buys.values[m - 1], this.slope(0), beyond, 'buy');
  }

  /** Lowest position a purchase can reach: −(last buy size) with `refuse`, else −Infinity. */
  get minPosition(): number {
    return this.buyTail.refuse ? this.xs[0] : Number.NEGATIVE_INFINITY;
  }

  /** Highest position where a sale still fetches something: the last sell size (refuse) or where the law reaches 0. */
  get maxPosition(): number {
    return this.sellTail.to;
  }

  /** Last measured sell size and last measured buy size (as a positive number). */
  get measured(): { sell: number; buy: number } {
    return { sell: this.xs[this.xs.length - 1], buy: -this.xs[0] };
  }

  /**
   * G(x), clamped to [minPosition, maxPosition] (G is flat past maxPosition).
   *
   * @example
   * curve.value(0); // 0
   */
  value(x: number): number {
    const xs = this.xs;
    const last = xs.length - 1;
    if (x > xs[last]) return this.gs[last] + tailIntegral(this.sellTail, x);
    if (x < xs[0]) return this.gs[0] - tailIntegral(this.buyTail, Math.min(-x, -this.minPosition));
    const k = segmentOf(xs, x);
    return this.gs[k] + this.slope(k) * (x - xs[k]);
  }

  /**
   * The position x' ≤ x with G(x) − G(x') = `amount` (a purchase of `amount` reference value from x); stops at
   * minPosition when the curve refuses more.
   *
   * @example
   * curve.positionAfterPurchase(0, 101); // −100 on the example curve
   */
  positionAfterPurchase(x: number, amount: number): number {
    const target = this.value(x) - amount;
    return this.inverse(target, x);
  }

  /**
   * The marginal value of the next unit sold at x (the right derivative of G): 0 at or past maxPosition.
   *
   * @example
   * curve.marginalRight(0); // 0.99 on the example curve
   */
  marginalRight(x: number): number {
    const xs = this.xs;
    const last = xs.length - 1;
    if (x >= xs[last]) return tailMarginal(this.sellTail, x, 'sell');
    if (x < xs[0]) return tailMarginal(this.buyTail, -x, 'buy');
    return this.slope(segmentOf(xs, x));
  }

  /**
   * The marginal cost of the next unit bought at x (the left derivative of G): Infinity at minPosition.
   *
   * @example
   * curve.marginalLeft(0); // 1.01 on the example curve
   */
  marginalLeft(x: number): number {
    const xs = this.xs;
    if (x <= xs[0]) return x <= this.minPosition ? Number.POSITIVE_INFINITY : tailMarginal(this.buyTail, -x, 'buy');
    if (x > xs[xs.length - 1]) {
      // At the end of an extrapolated sale tail the left limit is the law's floor price, not the 0 past it.
      const t = this.sellTail;
      return x >= t.to && !t.refuse ? law(t, t.to, 'sell') : tailMarginal(t, x, 'sell');
    }
    let k = segmentOf(xs, x);
    if (x === xs[k]) k -= 1;
    return this.slope(k);
  }

  /**
   * The smallest u ≥ x whose marginal sale value is below `level` (marginalRight(u) < level); Infinity if none.
   *
   * @example
   * curve.firstBelow(0, 0.98); // 100 on the example curve (the second segment's slope is 0.97)
   */
  firstBelow(x: number, level: number): number {
    if (this.marginalRight(x) < level) return x;
    const xs = this.xs;
    const last = xs.length - 1;
    if (x < xs[0]) {
      const w = tailPositionAbove(this.buyTail, level);
      if (w > -xs[0]) return Math.max(x, -w);
      x = xs[0];
      if (this.marginalRight(x) < level) return x;
    }
    for (let k = segmentOf(xs, Math.min(x, xs[last])) + 1; k < last; k++) if (this.slope(k) < level) return xs[k];
    return Math.max(x, xs[last], tailPositionBelow(this.sellTail, level));
  }

  private slope(k: number): number {
    return (this.gs[k + 1] - this.gs[k]) / (this.xs[k + 1] - this.xs[k]);
  }

  /** The x' ≤ from with G(x') = target (G increasing); minPosition when the target lies below what it can reach. */
  private inverse(target: number, from: number): number {
    const xs = this.xs;
    const gs = this.gs;
    const last = xs.length - 1;
    if (target > gs[last]) {
      // Still on the sale tail: walk back along it.
      return Math.min(from, tailInverse(this.sellTail, target - gs[last]));
    }
    if (target >= gs[0]) {
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (gs[mid] <= target) lo = mid;
        else hi = mid;
      }
      return Math.min(from, xs[lo] + (target - gs[lo]) / this.slope(lo));
    }
    if (this.buyTail.refuse) return xs[0];
    return Math.min(from, -tailInverse(this.buyTail, gs[0] - target));
  }
}

/** Index k of the segment [xs[k], xs[k+1]) holding x (the last segment for x = xs[last]). */
function segmentOf(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The tail of one side from its last row (size `end`, cumulative value `value`) and last segment slope. */
function tail(end: number, value: number, last: number, beyond: CurveBeyond, side: 'sell' | 'buy'): Tail {
  if (beyond === 'refuse') return { end, last, k: 0, alpha: 1, from: end, to: end, refuse: true, side };
  // Average impact of the last row, fitted by a(s) = a_n·(s/end)^α: marginal impact (1 + α)·a_n·(s/end)^α.
  const average = side === 'sell' ? 1 - value / end : value / end - 1;
  const alpha = beyond === 'extrapolate-linear' ? 1 : 0.5;
  const k = (1 + alpha) * Math.max(average, 0);
  const phiInverse = (v: number) => end * Math.pow(v, 1 / alpha);
  if (side === 'buy') {
    const from = k > 0 && last > 1 ? Math.max(end, phiInverse((last - 1) / k)) : end;
    const start = k > 0 ? from : Number.POSITIVE_INFINITY;
    return { end, last, k, alpha, from: start, to: Infinity, refuse: false, side };
  }
  if (k === 0) return { end, last, k, alpha, from: Infinity, to: Infinity, refuse: false, side };
  const from = Math.max(end, phiInverse(Math.max(1 - last, 0) / k));
  // The law stops at a floor of PRICE_FLOOR of the reference (never a zero price a mid or an oracle could read).
  return { end, last, k, alpha, from, to: Math.max(from, phiInverse((1 - PRICE_FLOOR) / k)), refuse: false, side };
}

/** The law's marginal value at u: 1 − k·φ(u) for sales, 1 + k·φ(u) for purchases. */
function law(t: Tail, u: number, side: 'sell' | 'buy'): number {
  const phi = Math.pow(u / t.end, t.alpha);
  return side === 'sell' ? 1 - t.k * phi : 1 + t.k * phi;
}

/** Primitive of the law: u ∓ k·end·(u/end)^(1+α)/(1 + α). */
function lawPrimitive(t: Tail, u: number, side: 'sell' | 'buy'): number {
  const term = (t.k * t.end * Math.pow(u / t.end, 1 + t.alpha)) / (1 + t.alpha);
  return side === 'sell' ? u - term : u + term;
}

/** Marginal value on a tail at size u ≥ end. */
function tailMarginal(t: Tail, u: number, side: 'sell' | 'buy'): number {
  if (side === 'sell') {
    if (u >= t.to) return 0;
    return u < t.from ? t.last : law(t, u, side);
  }
  return u < t.from ? t.last : Math.max(t.last, law(t, u, side));
}

/** ∫ from end to u of a tail's marginal value (u ≥ end; sales flat past `to`). */
function tailIntegral(t: Tail, u: number): number {
  const cap = Math.min(u, t.to);
  const flat = Math.min(cap, t.from);
  let total = t.last * (Math.max(flat, t.end) - t.end);
  if (cap > t.from) total += lawSpan(t, t.from, cap);
  return total;
}

/** ∫ of the law between a and b on the tail's side. */
function lawSpan(t: Tail, a: number, b: number): number {
  return lawPrimitive(t, b, t.side) - lawPrimitive(t, a, t.side);
}

/** The size u ≥ end whose tail integral from end is `amount` (capped at `to`), by bisection on the law part. */
function tailInverse(t: Tail, amount: number): number {
  const flatValue = t.last * (Math.min(t.from, t.to) - t.end);
  if (amount <= flatValue || t.from === Infinity) return t.end + amount / t.last;
  if (t.to !== Infinity && amount >= tailIntegral(t, t.to)) return t.to;
  let lo = t.from;
  // Sales: the law is ≤ last, so u ≤ to; purchases: the law is ≥ 1, so u ≤ from + (amount − flat).
  let hi = t.to !== Infinity ? t.to : t.from + (amount - flatValue);
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (tailIntegral(t, mid) < amount) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Sale tail: the smallest u ≥ end with marginal < level (the law is continuous: where it equals level). */
function tailPositionBelow(t: Tail, level: number): number {
  if (t.last < level || t.refuse) return t.end;
  if (t.to === Infinity) return Number.POSITIVE_INFINITY;
  if (level <= 0) return t.to;
  // 1 − k·(u/end)^α = level.
  return Math.max(t.from, t.end * Math.pow((1 - level) / t.k, 1 / t.alpha));
}

/** Purchase tail: the largest w ≥ end whose marginal cost is < level (end when none past it). */
function tailPositionAbove(t: Tail, level: number): number {
  if (t.last >= level || t.k === 0 || level <= 1) return t.end;
  return Math.max(t.end, t.end * Math.pow((level - 1) / t.k, 1 / t.alpha));
}
