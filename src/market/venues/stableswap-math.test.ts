import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../kernel/errors.js';
import {
  annOf,
  stableSwapBalance,
  stableSwapInput,
  stableSwapInvariant,
  stableSwapOutput,
  stableSwapPrice,
} from './stableswap-math.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const PHI = (1 + Math.sqrt(5)) / 2;

/** The published two-coin invariant, Ann·S + D = Ann·D + D³/(4xy) with Ann = 4A, as a relative residual. */
function invariantResidual(x: number, y: number, d: number, a: number): number {
  const ann = 4 * a;
  const left = ann * (x + y) + d;
  return (left - ann * d - (d * d * d) / (4 * x * y)) / left;
}

/**
 * Reference D by bisection (independent of the Newton code): D³/(4xy) + (Ann − 1)·D − Ann·S is < 0 at 0, ≥ 0 at S
 * (AM-GM) and convex, so it crosses 0 once in (0, S].
 */
function referenceD(x: number, y: number, a: number): number {
  const ann = 4 * a;
  const s = x + y;
  const f = (d: number) => (d * d * d) / (4 * x * y) + (ann - 1) * d - ann * s;
  let lo = 0;
  let hi = s;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Reference new output balance: the positive root of y² + (b − D)·y − c = 0, b = x + D/Ann, c = D³/(4·Ann·x). */
function referenceY(x: number, d: number, a: number): number {
  const ann = 4 * a;
  const bMinusD = x + d / ann - d;
  const c = (d * d * d) / (4 * ann * x);
  const root = Math.sqrt(bMinusD * bMinusD + 4 * c);
  // Cancellation-free form of (−(b − D) + √((b − D)² + 4c)) / 2.
  return bMinusD >= 0 ? (2 * c) / (bMinusD + root) : (root - bMinusD) / 2;
}

const amplification = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
const ratio = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

describe('stableSwapInvariant (get_D)', () => {
  it('Ann is A·nⁿ = 4A for two coins', () => {
    expect(annOf(100)).toBe(400);
  });

  it('of a balanced pool is the sum of its balances, for any A (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), amplification, (x, a) => {
        expect(stableSwapInvariant(x, x, a)).toBe(2 * x);
      }),
    );
  });

  it('matches hand-solved pools', () => {
    // A = 1, (x, y) = (1/2, φ): 4·(1/2 + φ) + 2 = 8 + 8/(4·φ/2) because 2φ + 4 = 8 + 4/φ ⇔ φ² = φ + 1, so D = 2.
    expect(relErr(stableSwapInvariant(0.5, PHI, 1), 2)).toBeLessThan(1e-15);
    // A = 1/4 (Ann = 1): the invariant reduces to D³ = 4xy(x + y); (1, 2) gives D = ∛24.
    expect(relErr(stableSwapInvariant(1, 2, 0.25), Math.cbrt(24))).toBeLessThan(1e-15);
  });

  it('satisfies the invariant and agrees with bisection, below the sum (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), ratio, amplification, (x, r, a) => {
        const y = x * r;
        const d = stableSwapInvariant(x, y, a);
        expect(Math.abs(invariantResidual(x, y, d, a))).toBeLessThan(1e-13);
        expect(relErr(d, referenceD(x, y, a))).toBeLessThan(1e-12);
        expect(d).toBeLessThanOrEqual((x + y) * (1 + 1e-15));
      }),
    );
  });

  it('stays finite and positive for pools lopsided far beyond any trade (1e-300 : 1)', () => {
    for (const a of [1e-6, 1, 1e6]) {
      const d = stableSwapInvariant(1e300, 1, a);
      expect(Number.isFinite(d) && d > 0).toBe(true);
      // Far from balance the cubic dominates: D³/(4xy) ≈ Ann·x, so D ≈ ∛(4·Ann·x²·y) within a few percent.
      expect(relErr(d, Math.cbrt(16 * a) * Math.cbrt(1e300) ** 2)).toBeLessThan(0.05);
    }
  });

  it('rejects non-positive balances and amplification', () => {
    expect(() => stableSwapInvariant(0, 1, 1)).toThrow(InvariantError);
    expect(() => stableSwapInvariant(1, Number.NaN, 1)).toThrow(InvariantError);
    expect(() => stableSwapInvariant(1, 1, 0)).toThrow(InvariantError);
  });
});

describe('stableSwapOutput (get_y)', () => {
  it('matches the hand-solved A = 1/4 and A = 1 swaps', () => {
    // Ann = 1, from (1, 1), D = 2: adding 1 gives 8 = 4·2·y·(2 + y), y² + 2y − 1 = 0, y = √2 − 1: out 2 − √2.
    expect(relErr(stableSwapOutput(1, 1, 1, 2, 0.25), 2 - Math.SQRT2)).toBeLessThan(1e-15);
    // A = 1, D = 2: (1/2, φ) is on the curve (see get_D), so raising 1 to φ takes 1/2 out of the other side.
    expect(relErr(stableSwapOutput(1, 1, PHI - 1, 2, 1), 0.5)).toBeLessThan(1e-15);
  });

  it('agrees with the closed-form root of get_y’s quadratic (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        ratio,
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        amplification,
        (x, r, t, a) => {
          const y = x * r;
          const d = stableSwapInvariant(x, y, a);
          const out = stableSwapOutput(x, y, t * x, d, a);
          // The reference subtracts two balances, so compare on the scale of the balance.
          expect(Math.abs(out - (y - referenceY(x + t * x, d, a)))).toBeLessThan(1e-12 * y);
        },
      ),
    );
  });

  it('keeps relative accuracy for tiny trades: out/in tends to the marginal price (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e9, noNaN: true }), ratio, amplification, (x, r, a) => {
        const y = x * r;
        const d = stableSwapInvariant(x, y, a);
        const amount = 1e-12 * Math.min(x, y);
        // out = p·in − O(in²/balance): the second-order term is ~1e-12 of the first here. Subtracting two
        // balances (y − get_y) would be off by ~1e-16·y, i.e. ~1e-4 of this output.
        expect(relErr(stableSwapOutput(x, y, amount, d, a) / amount, stableSwapPrice(x, y, d, a))).toBeLessThan(1e-9);
      }),
    );
  });

  it('is 0 for 0, rises with the input and stays below the balance even for absurd inputs', () => {
    const d = stableSwapInvariant(1e6, 1e6, 100);
    expect(stableSwapOutput(1e6, 1e6, 0, d, 100)).toBe(0);
    let previous = 0;
    for (const amount of [1e-6, 1, 1e3, 1e5, 9e5, 1e6, 1e7, 1e12, 1e100, 1e300]) {
      const out = stableSwapOutput(1e6, 1e6, amount, d, 100);
      expect(out).toBeGreaterThanOrEqual(previous);
      expect(out).toBeLessThanOrEqual(1e6);
      previous = out;
    }
    expect(() => stableSwapOutput(1e6, 1e6, -1, d, 100)).toThrow(InvariantError);
  });
});

describe('stableSwapPrice', () => {
  it('is 1 for a balanced pool and matches hand-derived slopes', () => {
    expect(stableSwapPrice(5e5, 5e5, 1e6, 100)).toBe(1);
    // Ann = 1: D³ = 4xy(x + y) ⇒ −dy/dx = y(2x + y)/(x(x + 2y)); at (2, √2 − 1), D = 2.
    const y = Math.SQRT2 - 1;
    expect(relErr(stableSwapPrice(2, y, 2, 0.25), (y * (4 + y)) / (2 * (2 + 2 * y)))).toBeLessThan(1e-15);
    // A = 1 at (1/2, φ), D = 2: (4 + 8/φ)/(4 + 4/φ²) = (2φ − 1)/(3 − φ) = φ since φ(3 − φ) = 2φ − 1.
    expect(relErr(stableSwapPrice(0.5, PHI, 2, 1), PHI)).toBeLessThan(1e-15);
  });

  it('tends to y/x as A → 0 and to 1 as A → ∞', () => {
    const x = 1;
    const y = 3;
    expect(relErr(stableSwapPrice(x, y, stableSwapInvariant(x, y, 1e-9), 1e-9), 3)).toBeLessThan(1e-7);
    expect(relErr(stableSwapPrice(x, y, stableSwapInvariant(x, y, 1e9), 1e9), 1)).toBeLessThan(1e-7);
  });

  it('is the slope of the curve: central difference of the closed-form y (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e9, noNaN: true }), ratio, amplification, (x, r, a) => {
        const y = x * r;
        const d = stableSwapInvariant(x, y, a);
        // Five-point stencil (error O(h⁴)) with a step well inside the smaller balance's scale.
        const h = 1e-3 * Math.min(x, y);
        const yAt = (k: number) => referenceY(x + k * h, d, a);
        const slope = (8 * (yAt(-1) - yAt(1)) - (yAt(-2) - yAt(2))) / (12 * h);
        expect(relErr(stableSwapPrice(x, y, d, a), slope)).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('stableSwapBalance (Curve get_y)', () => {
  it('solves the A = 1/4 invariant D³ = 4xy(x + y) by hand', () => {
    // D = 2: x = 1 gives 8 = 4y(1 + y), y = 1; x = 2 gives 8 = 8y(2 + y), y = √2 − 1.
    expect(stableSwapBalance(1, 2, 0.25)).toBeCloseTo(1, 12);
    expect(stableSwapBalance(2, 2, 0.25)).toBeCloseTo(Math.SQRT2 - 1, 12);
  });

  it('returns a balance on the invariant for any pool state', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e9, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (x, ratio, a) => {
          const d = stableSwapInvariant(x, x * ratio, a);
          expect(invariantResidual(x, stableSwapBalance(x, d, a), d, a)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('stableSwapInput (Curve get_dx, fee aside)', () => {
  it('inverts the hand-solved A = 1/4 trade', () => {
    // From (1, 1), D = 2, adding 1 takes out 2 − √2 (stableSwapOutput's example), so taking 2 − √2 out needs 1.
    expect(stableSwapInput(1, 1, 2 - Math.SQRT2, 2, 0.25)).toBeCloseTo(1, 12);
    expect(stableSwapInput(1, 1, 0, 2, 0.25)).toBe(0);
    expect(stableSwapInput(1, 1, 1, 2, 0.25)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is the rise of the input balance to get_y of the output balance left, and never negative, down to 1e-15 of the pool', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e9, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: -15, max: -0.01, noNaN: true }),
        (x, ratio, a, logShare) => {
          const y = x * ratio;
          const d = stableSwapInvariant(x, y, a);
          const out = y * 10 ** logShare;
          const input = stableSwapInput(x, y, out, d, a);
          expect(input).toBeGreaterThanOrEqual(0);
          // Reference: the new input balance from the independent quadratic root, less the old one. That difference
          // loses precision for tiny trades (it is what rounded below 0 in Curve's form), so compare on the balance's
          // scale.
          expect(Math.abs(x + input - referenceY(y - out, d, a))).toBeLessThan(1e-9 * x);
          // A tiny trade costs out × (marginal price of the output coin in the input coin) to first order.
          if (logShare < -8) expect(relErr(input, out / stableSwapPrice(x, y, d, a))).toBeLessThan(1e-6);
        },
      ),
    );
  });
});
