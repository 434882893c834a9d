/**
 * The `bounded` impact law of a broad off-chain market: linear for small net flow, square-root beyond a crossover,
 * and value buyers (sellers, after net purchases) who take a growing share of each further sale as the price leaves
 * the fundamental, so that no net flow pushes it beyond a maximum gap.
 *
 * Everything is written in depths (v = V/D, D = USD that moves the price 1% from rest) and in the log gap
 * x = −ln(price/fundamental) (x > 0 after net sales). With λ = −ln 0.99, a = λ·c (c = crossover in depths),
 * u = e^(−|x|), s = 1 − from% (where value buyers start) and b = 1 − maxGap% (the floor):
 *
 *   book:          v_b(x) = x/λ                    for x ≤ a  (every depth moves the price 1%, as calibrated)
 *                  v_b(x) = (x + a)²/(4aλ)         for x ≥ a  (square-root law, C¹ at the crossover)
 *   value buyers:  v_l(x) = 2h·(s − u)²/((u − b)(s − b))   for u < s, 0 above (h: their holding halfway from s to b)
 *   net flow:      v(x) = sign(x)·(v_b(|x|) + v_l(|x|))
 *
 * The square-root branch is the large-order law x ≈ Y·σ·√(Q/V_daily) (Almgren et al. 2005; Tóth et al. 2011,
 * "Anomalous price impact and the critical nature of liquidity", PRX 1, 021006; Bouchaud et al., "Trades, Quotes and
 * Prices", 2018, ch. 12): for v ≫ c, x ≈ 2λ·√(c·v), i.e. Y·σ/√V_daily = 2λ·√(c/D). Linear-then-square-root is the
 * shape of the latent order book model (Donier, Bonart, Mastromatteo, Bouchaud 2015, "A fully consistent, minimal
 * model for non-linear market impact", Quantitative Finance 15(7)): linear below a volume scale, square root above.
 * The value-buyer term is a stylised closure in the spirit of Grossman and Miller (1988), "Liquidity and market
 * structure": outside liquidity providers supply more as the price concession grows, without limit as it nears
 * the gap at which they would take any quantity (b). v_l starts with zero slope at s (no cliff of buyers at one
 * price), so their marginal share of a sale, v_l'/(v_b' + v_l'), rises continuously from 0 at the gap from% to 1
 * at the floor. After net purchases the same law holds with u = e^(−|x|) (value sellers;
 * the price stays below fundamental/b).
 *
 * A trade pays or receives ∫ g dV with g = e^(−x): in x the antiderivative Φ(x) = ∫_0^x e^(−t)·v'(t) dt is closed
 * form on each side (see {@link BoundedImpact.proceeds}); the state V is inverted to x by Newton's method.
 */
import { InvariantError } from '../../kernel/errors.js';
import { LAMBDA, boundedShape, type BoundedImpactParams, type BoundedShape } from './impact-bounded-params.js';
import { bookDepths, buyersDepths, overFloor, proceedsTo, sMinusU, slopeAtGap } from './impact-bounded-closed-form.js';

export { BOUNDED_IMPACT_DEFAULTS, type BoundedImpactParams } from './impact-bounded-params.js';

/** Gauss–Legendre 3-point nodes on [−1, 1] and weights. */
const GL_NODE = Math.sqrt(3 / 5);
const GL_EDGE_WEIGHT = 5 / 9;
const GL_MID_WEIGHT = 8 / 9;
/** A piece narrower than this share of its smoothness scale is integrated by Gauss–Legendre (no cancellation). */
const SMALL_PIECE = 0.02;

/**
 * The bounded law in depths and log gaps; pure, immutable. {@link OffchainMarket} scales by D and the fundamental.
 *
 * @example
 * const law = new BoundedImpact(BOUNDED_IMPACT_DEFAULTS);
 * law.logGap(1);        // λ = 0.01005: one depth moves the price 1%
 * law.depthsAt(0.1);    // net sales (depths) that hold the price e^(−0.1) below the fundamental
 */
export class BoundedImpact {
  /** a = λ·c: the log gap at the crossover. */
  readonly crossoverGap: number;
  /** −ln s: the log gap at which value buyers start. */
  readonly buyersGap: number;
  /** −ln b: the log gap never reached. */
  readonly maxGap: number;
  private readonly s: number;
  private readonly b: number;
  private readonly h: number;
  /** The same constants, for the closed forms. */
  private readonly shape: BoundedShape;
  /** The log gaps where v is not smooth: 0, ±a, ±(−ln s), sorted. */
  private readonly kinks: number[];
  /** The kinks in descending order, and v at each kink in either order (pure: computed once, not per trade). */
  private readonly kinksDown: number[];
  private readonly kinkDepthsUp: number[];
  private readonly kinkDepthsDown: number[];
  /**
   * The last point Newton's method started a tangent from (a run asks at one state many times), v's two terms and
   * dv/dx there; NaN until asked. A memo of a pure function: the same numbers a fresh evaluation gives.
   */
  private tangentAt = Number.NaN;
  private tangentBook = 0;
  private tangentBuyers = 0;
  private tangentSlope = 0;
  /** Scratch of {@link BoundedImpact.excessAt}: dv/dx at the point it last evaluated. */
  private slopeScratch = 0;

  constructor(params: BoundedImpactParams) {
    const shape = boundedShape(params);
    this.shape = shape;
    this.crossoverGap = shape.crossoverGap;
    this.s = shape.s;
    this.b = shape.b;
    this.h = shape.h;
    this.buyersGap = shape.buyersGap;
    this.maxGap = shape.maxGap;
    const a = this.crossoverGap;
    const l = this.buyersGap;
    this.kinks = [-Math.max(a, l), -Math.min(a, l), 0, Math.min(a, l), Math.max(a, l)];
    this.kinksDown = [...this.kinks].reverse();
    this.kinkDepthsUp = this.kinks.map((k) => this.depthsAt(k));
    this.kinkDepthsDown = this.kinksDown.map((k) => this.depthsAt(k));
  }

  /**
   * b: the lowest price/fundamental any net sale reaches (the highest after net purchases is 1/b).
   *
   * @example
   * new BoundedImpact({ ...BOUNDED_IMPACT_DEFAULTS, maxGapPct: 30 }).floor(); // 0.7
   */
  floor(): number {
    return this.b;
  }

  /**
   * v(x): net flow in depths that holds the log gap at x (signed: negative x, negative v). Infinite at |x| ≥ maxGap.
   *
   * @example
   * law.depthsAt(0.01005); // 1 (linear branch)
   */
  depthsAt(x: number): number {
    const y = Math.abs(x);
    if (y >= this.maxGap) return Math.sign(x) * Number.POSITIVE_INFINITY;
    return Math.sign(x) * (this.book(y) + this.buyers(y));
  }

  /**
   * dv/dx at x (> 0; the right-hand slope at a kink for x ≥ 0, the left-hand one for x < 0).
   *
   * @example
   * law.slopeAt(0); // 1/λ ≈ 99.5 depths per unit log gap
   */
  slopeAt(x: number): number {
    return slopeAtGap(this.shape, Math.abs(x));
  }

  /**
   * Value buyers' share of a marginal sale at log gap x: v_l'/(v_b' + v_l'), 0 before they start, → 1 at the floor.
   *
   * @example
   * law.buyersShare(0.01); // 0 (the book alone)
   */
  buyersShare(x: number): number {
    const y = Math.abs(x);
    if (y <= this.buyersGap) return 0;
    if (y >= this.maxGap) return 1;
    const a = this.crossoverGap;
    const book = y <= a ? 1 / LAMBDA : (y + a) / (2 * a * LAMBDA);
    return 1 - book / this.slopeAt(y);
  }

  /**
   * The log gap (> 0) beyond which value buyers take more than `share` of each further sale, by bisection (the
   * share rises with the gap: v_l' grows without bound toward the floor, v_b' only linearly).
   *
   * @example
   * law.gapWhereBuyersTake(0.5); // ≈ 0.09 with the defaults
   */
  gapWhereBuyersTake(share: number): number {
    if (!(share > 0 && share < 1)) throw new InvariantError(`share must be in (0, 1), got ${share}`);
    let lo = this.buyersGap;
    let hi = this.maxGap;
    for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      const mid = (lo + hi) / 2;
      if (this.buyersShare(mid) < share) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  /**
   * Φ(x) = ∫_0^x e^(−t)·v'(t) dt: quote (in depths at the fundamental) received selling from rest to x > 0; minus the
   * quote paid buying from rest to x < 0. Closed form per branch (derivations in the comments).
   *
   * @example
   * law.proceeds(0.01005); // (1 − 0.99)/λ ≈ 0.995: selling one depth from rest
   */
  proceeds(x: number): number {
    return proceedsTo(this.shape, x);
  }

  /**
   * x(v): the log gap at which net flow v (depths) is held, by Newton's method from above the root (v is convex and
   * increasing in |x|, so the iterates fall monotonically onto the root). `near` (a log gap close to the answer)
   * only speeds it up.
   *
   * @example
   * law.logGap(1); // λ
   */
  logGap(v: number, near?: number): number {
    if (v === 0) return 0;
    if (!Number.isFinite(v)) throw new InvariantError(`net flow must be finite, got ${v}`);
    const target = Math.abs(v);
    let x = this.newtonStart(v, near);
    for (let i = 0; i < 100; i++) {
      const excess = this.excessAt(x, target);
      if (!(excess > 0)) break; // at the root, or below it by rounding
      const step = excess / this.slopeScratch;
      if (!(step > 1e-16 * x)) break; // no representable progress left
      x = Math.max(x - step, 0);
    }
    return Math.sign(v) * x;
  }

  /**
   * A log gap at or above x(v) without solving for it: Newton's starting point for v > 0 (`near`, a log gap close to
   * the answer, tightens it), 0 for v ≤ 0 (x(v) ≤ 0 there), +∞ for v that is not finite or NaN.
   *
   * @example
   * law.logGapAbove(1); // λ: on the linear branch the start is the root
   */
  logGapAbove(v: number, near?: number): number {
    if (!(v > 0)) return v <= 0 ? 0 : Number.POSITIVE_INFINITY;
    if (v === Number.POSITIVE_INFINITY) return v;
    return this.newtonStart(v, near);
  }

  /**
   * Where {@link logGap} starts Newton's method for net flow v (finite, not 0): a point at or above the root |x(v)|.
   * The iterates only fall from it, so it bounds |x(v)| from above without solving.
   */
  private newtonStart(v: number, near: number | undefined): number {
    const target = Math.abs(v);
    const a = this.crossoverGap;
    const c = a / LAMBDA;
    // Two points at or above the root: the book alone reaching the target, and value buyers alone reaching it.
    let x = target <= c ? LAMBDA * target : 2 * Math.sqrt(a * LAMBDA * target) - a;
    if (near !== undefined && near * v > 0) {
      // The tangent of a convex function lies below it: from any point, the tangent's crossing is above the root.
      const y = Math.min(Math.abs(near), this.maxGap * (1 - 1e-12));
      if (y !== this.tangentAt) {
        this.tangentBook = this.book(y);
        this.tangentBuyers = this.buyers(y);
        this.tangentSlope = this.slopeAt(y);
        this.tangentAt = y;
      }
      const tangent = y + (target - this.tangentBook - this.tangentBuyers) / this.tangentSlope;
      if (tangent >= 0 && tangent < x) x = tangent;
    }
    // Value buyers alone reach the target no sooner than where they start (v_l = 0 below it): when the start is
    // already there, the smaller of the three bounds is known without solving for theirs.
    if (x <= this.buyersGap) return x;
    // v_l = T solves w² − (2S + k)w + S² = 0 with k = TS/(2h); the smaller root, as S²/(larger root).
    const big = this.s - this.b;
    const k = (target * big) / (2 * this.h);
    const w = (2 * big * big) / (2 * big + k + Math.sqrt(k * k + 4 * big * k));
    const buyersOnly = -Math.log(w + this.b);
    return buyersOnly < x ? buyersOnly : x;
  }

  /**
   * book(y) + buyers(y) − target for 0 ≤ y < maxGap, with slopeAt(y) left in `slopeScratch`: the same expressions as
   * those three methods, sharing e^(−y) and the two expm1 terms between them (one Newton step's work).
   */
  private excessAt(y: number, target: number): number {
    const a = this.crossoverGap;
    const book = y <= a ? y / LAMBDA : ((y + a) * (y + a)) / (4 * a * LAMBDA);
    const bookSlope = y <= a ? 1 / LAMBDA : (y + a) / (2 * a * LAMBDA);
    if (y <= this.buyersGap || y >= this.maxGap) {
      this.slopeScratch = y >= this.maxGap ? Number.POSITIVE_INFINITY : bookSlope;
      return book + (y <= this.buyersGap ? 0 : Number.POSITIVE_INFINITY) - target;
    }
    const d = this.sMinusU(y);
    const w = this.overFloor(y);
    const big = this.s - this.b;
    const u = Math.exp(-y);
    this.slopeScratch = bookSlope + (2 * this.h * u * d * (big + w)) / (w * w * big);
    return book + (2 * this.h * d * d) / (w * (this.s - this.b)) - target;
  }

  /**
   * ∫_{v0}^{v0 + width} g dv (depths at the fundamental): quote received selling `width` > 0 depths from net flow
   * v0, minus the quote paid buying −width. Taking the width rather than the far end keeps small trades exact far
   * from rest. Split at the kinks; a narrow piece is integrated by 3-point
   * Gauss–Legendre in v (exact to ~1e-13 relative there, with no cancellation), a wide one by Φ's difference.
   * `x0` is x(v0) if known.
   *
   * @example
   * law.between(0, 1); // ≈ 0.995
   */
  between(v0: number, width: number, x0 = this.logGap(v0)): number {
    if (width === 0) return 0;
    const v1 = v0 + width;
    const up = width > 0;
    let total = 0;
    let from = v0;
    let left = width;
    let xFrom = x0;
    const cuts = up ? this.kinks : this.kinksDown;
    const cutDepths = up ? this.kinkDepthsUp : this.kinkDepthsDown;
    for (let c = 0; c < cuts.length; c++) {
      const k = cuts[c];
      const vk = cutDepths[c];
      if (up ? vk > from && vk < v1 : vk < from && vk > v1) {
        total += this.piece(from, vk - from, xFrom, k);
        left -= vk - from;
        from = vk;
        xFrom = k;
      }
    }
    // The far end's log gap only decides between Gauss–Legendre and Φ's difference (a wider piece, or one nearer the
    // floor, takes Φ). Newton's start bounds it from above, so when even that bound leaves the piece narrow, the
    // solve is skipped: the branch piece() would take, with the same numbers.
    if (Number.isFinite(v1) && v1 !== 0) {
      const bound = SMALL_PIECE * this.smoothness(xFrom, Math.max(Math.abs(xFrom), this.newtonStart(v1, xFrom)));
      if (bound > 0 && bound < Number.POSITIVE_INFINITY && !(Math.abs(left) > bound))
        return total + this.gaussLegendre(from, left, xFrom);
    }
    return total + this.piece(from, left, xFrom, this.logGap(v1, xFrom));
  }

  /**
   * w ≥ 0: net flow (depths) a purchase paying `spend` (depths of quote at the fundamental) takes out from net flow
   * v0, i.e. −between(v0, −w) = spend. Newton's method with a bisection bracket (rtsafe, Numerical Recipes §9.4),
   * from the tangent at w = 0 (the price only rises along a purchase, so spend/g(v0) is above the root).
   *
   * @example
   * law.purchase(1, law.between(0, 1)); // 1: buying back what selling one depth from rest paid
   */
  purchase(v0: number, spend: number, x0 = this.logGap(v0)): number {
    if (!(spend >= 0 && Number.isFinite(spend))) throw new InvariantError(`spend must be finite and ≥ 0, got ${spend}`);
    if (spend === 0) return 0;
    let lo = 0;
    let hi = spend / Math.exp(-x0);
    let w = hi;
    let stepBefore = hi;
    let step = hi;
    for (let i = 0; i < 400; i++) {
      const excess = -this.between(v0, -w, x0) - spend;
      if (excess > 0 || Number.isNaN(excess)) hi = w;
      else lo = w;
      const slope = Math.exp(-this.logGap(v0 - w, x0));
      let next = w - excess / slope;
      // A Newton step that leaves the bracket, or does not halve the step before last, gives way to bisection.
      if (!(next > lo && next < hi) || Math.abs(2 * excess) > Math.abs(stepBefore * slope)) next = (lo + hi) / 2;
      stepBefore = step;
      step = next - w;
      if (Math.abs(step) <= 1e-14 * w || hi - lo <= 1e-15 * hi) return next;
      w = next;
    }
    throw new InvariantError(`purchase did not converge for spend ${spend} from ${v0} depths`);
  }

  /** ∫ g dv from v0 over `width` (crossing no kink), with x known at both ends. */
  private piece(v0: number, width: number, x0: number, x1: number): number {
    const y = Math.max(Math.abs(x0), Math.abs(x1));
    if (Math.abs(width) > SMALL_PIECE * this.smoothness(x0, y)) return this.proceeds(x1) - this.proceeds(x0);
    return this.gaussLegendre(v0, width, x0);
  }

  /**
   * Smoothness scale in v of a piece from log gap x0 reaching |x| up to y: the slope at x0 times the distance (in x)
   * from y to the floor, capped at 1. It only falls as y grows.
   */
  private smoothness(x0: number, y: number): number {
    // slopeAt reads |x0|: the tangent memo's slope when Newton's method last started from there.
    const slope = Math.abs(x0) === this.tangentAt ? this.tangentSlope : this.slopeAt(x0);
    return slope * Math.min(1, this.maxGap - y);
  }

  /** ∫ g dv from v0 over `width` by 3-point Gauss–Legendre, with x0 = x(v0). */
  private gaussLegendre(v0: number, width: number, x0: number): number {
    // The width as given, not v1 − v0: a small trade far from rest keeps its full precision.
    const half = width / 2;
    const mid = v0 + half;
    return (
      half *
      (GL_MID_WEIGHT * this.priceAt(mid, x0) +
        GL_EDGE_WEIGHT * (this.priceAt(mid - half * GL_NODE, x0) + this.priceAt(mid + half * GL_NODE, x0)))
    );
  }

  /** g(v) = e^(−x(v)), price over fundamental at net flow v, with x0 a log gap near it (a method, not a closure per
   * piece: no allocation on the sale path). */
  private priceAt(v: number, x0: number): number {
    return Math.exp(-this.logGap(v, x0));
  }

  /** v_b(y), y ≥ 0. */
  private book(y: number): number {
    return bookDepths(this.shape, y);
  }

  /** v_l(y), y ≥ 0 (0 before value buyers start). */
  private buyers(y: number): number {
    return buyersDepths(this.shape, y);
  }

  /** s − u, accurate just past the start of value buyers. */
  private sMinusU(y: number): number {
    return sMinusU(this.shape, y);
  }

  /** u − b, accurate near the floor. */
  private overFloor(y: number): number {
    return overFloor(this.shape, y);
  }
}
