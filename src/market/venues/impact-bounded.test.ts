import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDED_IMPACT_DEFAULTS, BoundedImpact, type BoundedImpactParams } from './impact-bounded.js';
import { OffchainMarket } from './offchain.js';

// Reference values are written from the law's definition (docs/impact.md), not read from the implementation:
// λ = −ln 0.99, a = λc, s = 1 − from%, b = 1 − maxGap%, S = s − b;
// v(x) = x/λ (x ≤ a), (x + a)²/(4aλ) (x ≥ a), plus 2h(s − u)²/((u − b)S) once u = e^(−x) < s.
const LAMBDA = -Math.log(0.99);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** v(x) for x ≥ 0, written out from the definition. */
function definedDepths(p: BoundedImpactParams, x: number): number {
  const a = LAMBDA * p.crossoverDepths;
  const s = 1 - p.valueBuyersFromPct / 100;
  const b = 1 - p.maxGapPct / 100;
  const book = x <= a ? x / LAMBDA : (x + a) ** 2 / (4 * a * LAMBDA);
  const u = Math.exp(-x);
  const buyers = u < s ? (2 * p.valueBuyersHalfwayDepths * (s - u) ** 2) / ((u - b) * (s - b)) : 0;
  return book + buyers;
}

/** x(v) for v ≥ 0 by bisection on the defined v (independent of the implementation's Newton method). */
function definedGap(p: BoundedImpactParams, v: number): number {
  let lo = 0;
  let hi = -Math.log(1 - p.maxGapPct / 100);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (definedDepths(p, mid) < v) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Composite Simpson rule with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

const law = new BoundedImpact(BOUNDED_IMPACT_DEFAULTS);
/** Value buyers out of reach (they start at a 98% gap): the book's curve alone up to there. */
const bookOnly: BoundedImpactParams = { ...BOUNDED_IMPACT_DEFAULTS, valueBuyersFromPct: 98, maxGapPct: 99 };

describe('bounded impact law: the book', () => {
  it('is the linear law 0.99^v up to the crossover (c = 2 depths), and the proceeds of selling D are (1 − 0.99)/λ', () => {
    for (const v of [1e-9, 0.25, 1, 1.5, 2]) expect(rel(Math.exp(-law.logGap(v)), 0.99 ** v)).toBeLessThan(1e-14);
    expect(law.logGap(-1)).toBeCloseTo(-LAMBDA, 15);
    // ∫_0^1 0.99^v dv = (0.99 − 1)/ln 0.99.
    expect(rel(law.between(0, 1), (0.99 - 1) / Math.log(0.99))).toBeLessThan(1e-14);
    expect(rel(law.between(0, -1), -(1 / 0.99 - 1) / LAMBDA)).toBeLessThan(1e-14);
  });

  it('is the square-root law beyond: price = 0.99^(2√(c·v) − c), e.g. 0.99^4 at v = 4.5 and 0.99^198 at v = 5,000', () => {
    const book = new BoundedImpact(bookOnly);
    // (x + a)² = 4aλ·v with a = 2λ: x = λ(2√(2v) − 2).
    expect(rel(Math.exp(-book.logGap(4.5)), 0.99 ** 4)).toBeLessThan(1e-13);
    expect(rel(Math.exp(-book.logGap(8)), 0.99 ** 6)).toBeLessThan(1e-13);
    expect(rel(Math.exp(-book.logGap(5000)), 0.99 ** 198)).toBeLessThan(1e-12);
    // The same on the default law below the value buyers' 5% (0.99^4 is 3.9% off).
    expect(rel(Math.exp(-law.logGap(4.5)), 0.99 ** 4)).toBeLessThan(1e-13);
    // Square-root scaling: four times the flow, twice the log gap (asymptotically: 2√(cv) − c).
    const x1 = book.logGap(100);
    const x4 = book.logGap(400);
    expect((x4 + book.crossoverGap) / (x1 + book.crossoverGap)).toBeCloseTo(2, 12);
  });

  it('is continuous in value and slope at the crossover', () => {
    const a = law.crossoverGap;
    expect(a).toBeCloseTo(2 * LAMBDA, 15);
    expect(law.depthsAt(a)).toBeCloseTo(2, 12);
    expect(law.slopeAt(a * (1 - 1e-12))).toBeCloseTo(1 / LAMBDA, 8);
    expect(law.slopeAt(a * (1 + 1e-12))).toBeCloseTo(1 / LAMBDA, 8);
    const eps = 1e-9;
    expect(Math.abs(law.logGap(2 + eps) - law.logGap(2 - eps))).toBeLessThan(3 * eps * LAMBDA);
  });
});

describe('bounded impact law: value buyers', () => {
  it('hold h = 50 depths halfway from 5% to 25% (u = 0.85), on top of the book', () => {
    const x = -Math.log(0.85);
    // Book at x: (x + a)²/(4aλ); buyers: 2h·(0.1)²/(0.1·0.2) = h.
    const a = 2 * LAMBDA;
    expect(law.depthsAt(x)).toBeCloseTo((x + a) ** 2 / (4 * a * LAMBDA) + 50, 9);
    expect(law.depthsAt(-x)).toBeCloseTo(-((x + a) ** 2 / (4 * a * LAMBDA) + 50), 9);
  });

  it('start with zero slope at 5% (no cliff of buyers) and the law matches its definition everywhere', () => {
    const start = -Math.log(0.95);
    const bookSlope = (start + 2 * LAMBDA) / (2 * 2 * LAMBDA * LAMBDA);
    expect(rel(law.slopeAt(start * (1 + 1e-9)), bookSlope)).toBeLessThan(1e-6);
    for (const x of [0.001, 0.02, 0.03, 0.06, 0.1, 0.2, 0.28])
      expect(rel(law.depthsAt(x), definedDepths(BOUNDED_IMPACT_DEFAULTS, x))).toBeLessThan(1e-12);
    for (const v of [0.3, 3, 7, 30, 300, 3e4])
      expect(law.logGap(v)).toBeCloseTo(definedGap(BOUNDED_IMPACT_DEFAULTS, v), 13);
  });

  it('never let the price fall below b = 0.75 of the fundamental nor rise above 1/b, whatever the net flow', () => {
    const params = fc.record({
      crossoverDepths: fc.double({ min: 1, max: 1e3, noNaN: true }),
      valueBuyersFromPct: fc.double({ min: 1, max: 50, noNaN: true }),
      gapAbove: fc.double({ min: 0.5, max: 45, noNaN: true }),
      valueBuyersHalfwayDepths: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(params, fc.double({ min: -1e15, max: 1e15, noNaN: true }), (p, v) => {
        const spec = { ...p, maxGapPct: p.valueBuyersFromPct + p.gapAbove };
        const floor = 1 - spec.maxGapPct / 100;
        const l = new BoundedImpact(spec);
        const g = Math.exp(-l.logGap(v));
        // At the bound itself exp(−x) may round a few ulps past it: allow 4ε relative (e.g. 1.6731185702929143 vs
        // 1/b = 1.673118570292914 at a flow of −1.4e13 depths).
        const ulps = 1 + 4 * Number.EPSILON;
        return g * ulps >= floor && g <= ulps / floor && (v >= 0 ? g <= 1 : g >= 1);
      }),
      { numRuns: 500 },
    );
  });

  it('is monotone: more net sales, a lower price', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (v, dv) => law.logGap(v + dv) >= law.logGap(v),
      ),
      { numRuns: 500 },
    );
  });
});

describe('bounded impact law: trades along the curve', () => {
  it('pays ∫ g dv: Φ in closed form against Simpson on the defined density e^(−x)·v′(x), both sides', () => {
    const density = (x: number) => {
      const h = 1e-6;
      const y = Math.abs(x);
      return (
        Math.exp(-x) *
        ((definedDepths(BOUNDED_IMPACT_DEFAULTS, y + h) - definedDepths(BOUNDED_IMPACT_DEFAULTS, y - h)) / (2 * h))
      );
    };
    for (const x of [0.015, 0.05, 0.12, 0.25]) {
      // Split at the kinks (a = 2λ, 5% start) so Simpson sees smooth pieces.
      const kinks = [0, 2 * LAMBDA, -Math.log(0.95)].filter((k) => k < x);
      let up = 0;
      let down = 0;
      for (let i = 0; i < kinks.length; i++) {
        const end = i + 1 < kinks.length ? kinks[i + 1] : x;
        up += simpson(density, kinks[i], end);
        down += simpson((t) => density(-t), kinks[i], end);
      }
      expect(rel(law.proceeds(x), up)).toBeLessThan(1e-7);
      expect(rel(-law.proceeds(-x), down)).toBeLessThan(1e-7);
    }
  });

  it('sells in pieces for what it sells at once, and a purchase undoes a sale', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 1e-6, max: 300, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (v0, dv, share) => {
          const whole = law.between(v0, dv);
          const parts = law.between(v0, share * dv) + law.between(v0 + share * dv, dv - share * dv);
          const back = law.purchase(v0 + dv, whole);
          // v0 + dv is rounded to within ε·|v0 + dv|: relative to dv, that much of the trade is not the one asked.
          const rounding = (4 * Number.EPSILON * (Math.abs(v0) + dv)) / dv;
          return rel(whole, parts) < 1e-9 + rounding && rel(back, dv) < 1e-9 + rounding;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('OffchainMarket on the bounded law', () => {
  const F = 2000;
  const D = 2e6;
  const market = () =>
    new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USDC',
      fundamental: F,
      depthUsdPer1Pct: D,
      impact: 'bounded',
      resilienceHalfLifeSeconds: 1800,
    });

  it('keeps D: selling D from rest moves the mid 1% and depthUsdPer1Pct() is D at rest', () => {
    const cex = market();
    expect(cex.depthUsdPer1Pct()).toBeCloseTo(D, 4);
    cex.sell(D / F);
    expect(rel(cex.mid(), F * 0.99)).toBeLessThan(1e-14);
  });

  it('gives the same bits whether or not the price was looked at between trades (runs that record series or not)', () => {
    const watched = market();
    const unwatched = market();
    const proceeds: [number[], number[]] = [[], []];
    for (let i = 0; i < 40; i++) {
      const size = 137 * (i + 1);
      watched.mid();
      watched.depthUsdPer1Pct();
      proceeds[0].push(watched.sell(size));
      proceeds[1].push(unwatched.sell(size));
      watched.advance(F * (1 - i / 400), 12);
      unwatched.advance(F * (1 - i / 400), 12);
    }
    expect(proceeds[0]).toEqual(proceeds[1]);
    expect(watched.mid()).toBe(unwatched.mid());
    expect(watched.quoteBuy(1e6)).toBe(unwatched.quoteBuy(1e6));
  });

  it('holds the mid above 0.75·F under any sales, and resilience halves V per half-life', () => {
    const cex = market();
    for (let i = 0; i < 50; i++) cex.sell(1e6);
    expect(cex.mid()).toBeGreaterThan(0.75 * F);
    const v = cex.outstandingUsd();
    cex.advance(F, 1800);
    expect(cex.outstandingUsd()).toBeCloseTo(v / 2, 0);
    expect(rel(cex.mid(), F * Math.exp(-definedGap(BOUNDED_IMPACT_DEFAULTS, v / 2 / D)))).toBeLessThan(1e-12);
  });
});

describe('bounded impact law: a narrow trade', () => {
  it('is 3-point Gauss–Legendre in v of e^(−x(v)), to the bit, on both sides of each kink and near the floor', () => {
    // The rule (docs in impact-bounded.ts): a piece narrower than 2% of its smoothness scale, the slope at its start
    // times its distance to the floor, is ∫ g dv = (w/2)·(8/9·g(m) + 5/9·(g(m − (w/2)·√0.6) + g(m + (w/2)·√0.6))),
    // m the middle, g(v) = e^(−x(v)) solved from the start's log gap.
    const node = Math.sqrt(3 / 5);
    for (const v0 of [0.5, 3, 40, 400, 3000]) {
      const x0 = law.logGap(v0);
      const g = (v: number) => Math.exp(-law.logGap(v, x0));
      for (const width of [1e-6, 1e-3, 0.01 * v0 * 1e-3]) {
        const half = width / 2;
        const mid = v0 + half;
        const expected = half * ((8 / 9) * g(mid) + (5 / 9) * (g(mid - half * node) + g(mid + half * node)));
        expect(law.between(v0, width, x0)).toBe(expected);
        expect(law.between(v0, width)).toBe(expected);
      }
    }
  });
});
