import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../kernel/errors.js';
import { StableSwapPool } from './stableswap.js';
import { InsufficientLiquidityError } from './venue-errors.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const PHI = (1 + Math.sqrt(5)) / 2;

const pool = (amplification: number, feeBps: number, liquidityUsd = 2e6, pegPrice?: number) =>
  new StableSwapPool({ id: 'curve', base: 'USDT', quote: 'USDC', liquidityUsd, amplification, feeBps, pegPrice });

/** The published two-coin invariant Ann·S + D = Ann·D + D³/(4xy), Ann = 4A, as a relative residual. */
function invariantResidual(x: number, y: number, d: number, a: number): number {
  const ann = 4 * a;
  const left = ann * (x + y) + d;
  return (left - ann * d - (d * d * d) / (4 * x * y)) / left;
}

/** Reference D by bisection on the invariant (its cubic is < 0 at 0 and ≥ 0 at x + y, one crossing). */
function referenceD(x: number, y: number, a: number): number {
  const ann = 4 * a;
  const f = (d: number) => (d * d * d) / (4 * x * y) + (ann - 1) * d - ann * (x + y);
  let lo = 0;
  let hi = x + y;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const trades = fc.array(
  fc.record({ side: fc.constantFrom('sell', 'buy'), share: fc.double({ min: 1e-6, max: 0.9, noNaN: true }) }),
  { minLength: 1, maxLength: 15 },
);
const amplification = fc.double({ min: 1e-3, max: 1e5, noNaN: true });

/** Runs one trade worth, at the peg, `share` of the balance it draws on. */
function trade(p: StableSwapPool, side: string, share: number): number {
  const { base, quote } = p.reserves();
  return side === 'sell' ? p.sell((share * quote) / p.pegPrice) : p.buy(share * base * p.pegPrice);
}

describe('StableSwapPool construction', () => {
  it('splits the liquidity half and half at the peg, base held in peg units', () => {
    const p = pool(100, 4, 2e6, 1.25);
    expect(p.reserves()).toEqual({ base: 1e6 / 1.25, quote: 1e6 });
    expect(p.mid()).toBe(1.25);
    expect(pool(100, 4).mid()).toBe(1);
  });

  it('returns a copy of its reserves', () => {
    const p = pool(100, 4);
    p.reserves().quote = 0;
    expect(p.reserves().quote).toBe(1e6);
  });

  it('rejects invalid settings', () => {
    expect(() => pool(0, 4)).toThrow(InvariantError);
    expect(() => pool(Number.NaN, 4)).toThrow(InvariantError);
    expect(() => pool(100, -1)).toThrow(InvariantError);
    expect(() => pool(100, 4, 0)).toThrow(InvariantError);
    expect(() => pool(100, 4, 2e6, 0)).toThrow(InvariantError);
  });
});

describe('StableSwapPool swaps', () => {
  it('sells along the hand-solved A = 1/4 curve, fee taken from the output', () => {
    // Ann = 1: D³ = 4xy(x + y). Balances (1, 1), D = 2; selling 1 gives y² + 2y − 1 = 0, y = √2 − 1.
    expect(relErr(pool(0.25, 0, 2).quoteSell(1), 2 - Math.SQRT2)).toBeLessThan(1e-15);
    const p = pool(0.25, 4, 2);
    const out = p.sell(1);
    expect(relErr(out, (2 - Math.SQRT2) * (1 - 0.0004))).toBeLessThan(1e-15);
    // The fee stays: quote balance = √2 − 1 + 0.0004·(2 − √2).
    expect(relErr(p.reserves().quote, Math.SQRT2 - 1 + 0.0004 * (2 - Math.SQRT2))).toBeLessThan(1e-15);
    expect(p.reserves().base).toBe(2);
    // Without the fee, the mid at (2, √2 − 1) is the slope y(2x + y)/(x(x + 2y)) of D³ = 4xy(x + y).
    const q = pool(0.25, 0, 2);
    q.sell(1);
    const y = Math.SQRT2 - 1;
    expect(relErr(q.mid(), (y * (4 + y)) / (2 * (2 + 2 * y)))).toBeLessThan(1e-14);
  });

  it('buys along the hand-solved A = 1 curve', () => {
    // A = 1, D = 2: (1/2, φ) is on the curve (4·(1/2 + φ) + 2 = 8 + 2/φ), so paying φ − 1 quote takes 1/2 base,
    // and the mid there is (4 + 8/φ)/(4 + 4/φ²) = φ.
    const p = pool(1, 0, 2);
    expect(relErr(p.buy(PHI - 1), 0.5)).toBeLessThan(1e-15);
    expect(relErr(p.mid(), PHI)).toBeLessThan(1e-14);
  });

  it('quotes equal executions and quotes leave the pool unchanged (property)', () => {
    fc.assert(
      fc.property(trades, amplification, fc.integer({ min: 0, max: 100 }), (list, a, f) => {
        const p = pool(a, f);
        for (const { side, share } of list) {
          const size = side === 'sell' ? share * p.reserves().quote : share * p.reserves().base;
          const before = p.reserves();
          const quoted = side === 'sell' ? p.quoteSell(size) : p.quoteBuy(size);
          expect(p.reserves()).toEqual(before);
          expect(side === 'sell' ? p.sell(size) : p.buy(size)).toBe(quoted);
        }
      }),
    );
  });

  it('without a fee every state stays on the first curve, D = liquidity (property)', () => {
    fc.assert(
      fc.property(trades, amplification, (list, a) => {
        const p = pool(a, 0);
        for (const { side, share } of list) {
          trade(p, side, share);
          const { base, quote } = p.reserves();
          expect(Math.abs(invariantResidual(base, quote, 2e6, a))).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('with a fee the pre-fee point is on the curve before the trade and D grows (property)', () => {
    fc.assert(
      fc.property(trades, amplification, fc.integer({ min: 1, max: 100 }), (list, a, f) => {
        const p = pool(a, f);
        for (const { side, share } of list) {
          const before = p.reserves();
          const dBefore = referenceD(before.base, before.quote, a);
          const out = trade(p, side, share);
          const after = p.reserves();
          // Curve exchange: the trader gets dy − fee·dy, so dy = out / (1 − fee); dy left the balance on the curve.
          const gross = out / (1 - f / 10_000);
          const onCurve = side === 'sell' ? [after.base, before.quote - gross] : [before.base - gross, after.quote];
          expect(Math.abs(invariantResidual(onCurve[0], onCurve[1], dBefore, a))).toBeLessThan(1e-11);
          expect(referenceD(after.base, after.quote, a)).toBeGreaterThan(dBefore);
        }
      }),
    );
  });

  it('moves the mid down with every sale and up with every purchase (property)', () => {
    fc.assert(
      fc.property(trades, amplification, fc.integer({ min: 0, max: 100 }), (list, a, f) => {
        const p = pool(a, f);
        for (const { side, share } of list) {
          const midBefore = p.mid();
          trade(p, side, share);
          if (side === 'sell') expect(p.mid()).toBeLessThan(midBefore);
          else expect(p.mid()).toBeGreaterThan(midBefore);
        }
      }),
    );
  });

  it('from balance, a sale leaves the mid below the peg and a purchase above it (property)', () => {
    fc.assert(
      // From 1 USD up: a smaller move of the mid can be below float64's resolution at 1 when A is large.
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        amplification,
        (peg, size, a) => {
          const seller = pool(a, 4, 2e6, peg);
          seller.sell(size / peg);
          expect(seller.mid()).toBeLessThan(peg);
          const buyer = pool(a, 4, 2e6, peg);
          buyer.buy(size);
          expect(buyer.mid()).toBeGreaterThan(peg);
        },
      ),
    );
  });

  it('a sale bought back, or a purchase sold back, never profits (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 10, noNaN: true }),
        amplification,
        fc.integer({ min: 1, max: 100 }),
        (share, a, f) => {
          const sold = share * 1e6;
          const seller = pool(a, f);
          expect(seller.buy(seller.sell(sold))).toBeLessThan(sold);
          const buyer = pool(a, f);
          expect(buyer.sell(buyer.buy(sold))).toBeLessThan(sold);
        },
      ),
    );
  });

  it('trades nothing for 0 and rejects negative sizes', () => {
    const p = pool(100, 4);
    expect(p.quoteSell(0)).toBe(0);
    expect(p.quoteBuy(0)).toBe(0);
    expect(p.sell(0)).toBe(0);
    expect(p.reserves()).toEqual({ base: 1e6, quote: 1e6 });
    expect(p.mid()).toBe(1);
    expect(() => p.sell(-1)).toThrow(InvariantError);
    expect(() => p.quoteBuy(Number.NaN)).toThrow(InvariantError);
  });

  it('a peg scales the base side: selling b at peg P is selling b·P at peg 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        amplification,
        (peg, size, a) => {
          const pegged = pool(a, 4, 2e6, peg);
          const plain = pool(a, 4);
          expect(relErr(pegged.quoteSell(size / peg), plain.quoteSell(size))).toBeLessThan(1e-12);
          expect(relErr(pegged.quoteBuy(size) * peg, plain.quoteBuy(size))).toBeLessThan(1e-12);
          pegged.sell(size / peg);
          plain.sell(size);
          // (size/peg)·peg is size to rounding; a sale of half the pool magnifies that rounding in the mid.
          expect(relErr(pegged.mid(), peg * plain.mid())).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('StableSwapPool marginal rates', () => {
  it('are (1 − fee)·mid and (1 − fee)/mid, the slopes of the quotes at 0', () => {
    const p = pool(100, 4);
    expect(p.marginalSellRate()).toBe(0.9996);
    expect(p.marginalBuyRate()).toBe(0.9996);
    p.sell(3e5);
    // out = rate·in − O(in²/balance): at 1e-6 of a 1M balance the second-order term is ~1e-12 of the first.
    expect(relErr(p.quoteSell(1e-6) / 1e-6, p.marginalSellRate())).toBeLessThan(1e-9);
    expect(relErr(p.quoteBuy(1e-6) / 1e-6, p.marginalBuyRate())).toBeLessThan(1e-9);
    expect(relErr(p.marginalSellRate(), 0.9996 * p.mid())).toBeLessThan(1e-15);
  });

  it('bound every quote from any state: sale ≤ σ·b, purchase ≤ β·q (property)', () => {
    fc.assert(
      fc.property(
        trades,
        amplification,
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
        (list, a, f, peg, share) => {
          const p = pool(a, f, 2e6, peg);
          for (const { side, share: s } of list) trade(p, side, s);
          const b = share * p.reserves().base;
          const q = share * p.reserves().quote;
          // Exact for the curve (concave through 0); 1e-12 allows float64 rounding of both sides.
          expect(p.quoteSell(b)).toBeLessThanOrEqual(p.marginalSellRate() * b * (1 + 1e-12));
          expect(p.quoteBuy(q)).toBeLessThanOrEqual(p.marginalBuyRate() * q * (1 + 1e-12));
        },
      ),
    );
  });
});

describe('StableSwapPool against constant product', () => {
  // Both pools hold 1M of each side at price 1 and charge no fee.
  // x·y = k by hand: selling s leaves (1e6 + s, 1e12/(1e6 + s)), mid (1e6/(1e6 + s))², output 1e6·s/(1e6 + s).

  it('at large A keeps the price near the peg for sales 100× what moves x·y = k by 1%', () => {
    // x·y = k falls 1% after s = 1e6·(1/√0.99 − 1) ≈ 5,038; sell 100 times that.
    const s = 100 * 1e6 * (1 / Math.sqrt(0.99) - 1);
    expect((1e6 / (1e6 + s)) ** 2).toBeLessThan(0.45); // x·y = k: mid = 1/1.50378² ≈ 0.4422
    const p = pool(1000, 0);
    const out = p.sell(s);
    expect(p.mid()).toBeGreaterThan(0.99);
    expect(out / s).toBeGreaterThan(0.995); // x·y = k pays 1e6/(1e6 + s) ≈ 0.665 per base
  });

  it('at A → 0 follows x·y = k: output and mid after a 10% sale', () => {
    const p = pool(1e-6, 0);
    // x·y = k: output 1e6·1e5/1.1e6 = 90,909.09…, mid (1/1.1)² = 0.826446…
    expect(relErr(p.sell(1e5), 1e11 / 1.1e6)).toBeLessThan(1e-5);
    expect(relErr(p.mid(), 1 / 1.21)).toBeLessThan(1e-5);
  });
});

describe('StableSwapPool depthUsdPer1Pct', () => {
  it('selling it moves the mid down 1%, fee included, from any state (property)', () => {
    fc.assert(
      fc.property(trades, amplification, fc.integer({ min: 0, max: 100 }), (list, a, f) => {
        const p = pool(a, f);
        for (const { side, share } of list) trade(p, side, share);
        const before = p.mid();
        p.sell(p.depthUsdPer1Pct() / before);
        expect(relErr(p.mid() / before, 0.99)).toBeLessThan(1e-9);
      }),
    );
  });

  it('tends to the constant-product depth as A → 0 and far exceeds it at large A', () => {
    // Constant product without a fee: (1/√0.99 − 1) of the quote reserve = 5,037.8 for 1M.
    const constantProduct = 1e6 * (1 / Math.sqrt(0.99) - 1);
    expect(relErr(pool(1e-6, 0).depthUsdPer1Pct(), constantProduct)).toBeLessThan(1e-5);
    expect(pool(100, 0).depthUsdPer1Pct()).toBeGreaterThan(50 * constantProduct);
    // More amplification, more depth, never more than the whole quote reserve.
    const depths = [1, 10, 100, 1000, 1e5].map((a) => pool(a, 0).depthUsdPer1Pct());
    for (let i = 1; i < depths.length; i++) expect(depths[i]).toBeGreaterThan(depths[i - 1]);
    expect(depths[depths.length - 1]).toBeLessThan(1e6);
  });
});

describe('StableSwapPool huge trades', () => {
  it('a sale of 1e12 times the reserve pays a finite amount below the quote balance', () => {
    for (const a of [1e-3, 1, 100, 1e5]) {
      const p = pool(a, 4);
      const quoted = p.quoteSell(1e18);
      expect(Number.isFinite(quoted)).toBe(true);
      expect(quoted).toBeLessThan(1e6);
      // The fee is 4 bps of an output of at most the whole balance.
      expect(quoted).toBeLessThanOrEqual(1e6 * (1 - 0.0004));
      expect(p.sell(1e18)).toBe(quoted);
      for (const value of [p.mid(), p.depthUsdPer1Pct(), p.quoteBuy(1), p.reserves().quote]) {
        expect(Number.isFinite(value) && value >= 0).toBe(true);
      }
      expect(p.reserves().quote).toBeGreaterThan(0);
    }
  });

  it('a purchase far larger than the pool pays less than the base balance', () => {
    const p = pool(100, 4);
    const out = p.buy(1e300);
    expect(Number.isFinite(out) && out < 1e6).toBe(true);
    expect(Number.isFinite(p.mid()) && p.mid() > 1).toBe(true);
  });

  it('without a fee a quote may round to the whole balance; executing it throws and leaves the pool', () => {
    const p = pool(100, 0);
    expect(p.quoteSell(1e300)).toBeLessThanOrEqual(1e6);
    expect(() => p.sell(1e300)).toThrow(InsufficientLiquidityError);
    expect(p.reserves()).toEqual({ base: 1e6, quote: 1e6 });
  });
});

describe('StableSwapPool.quoteForExactBase (Curve get_dx)', () => {
  it('is the least quote that buys the units: it delivers them, and 1e-9 less does not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5e5, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        (units, a, feeBps) => {
          const pool = new StableSwapPool({
            id: 'p',
            base: 'USDX',
            quote: 'USDC',
            liquidityUsd: 2e6,
            amplification: a,
            feeBps,
          });
          const quote = pool.quoteForExactBase(units);
          expect(pool.quoteBuy(quote)).toBeGreaterThanOrEqual(units);
          expect(pool.quoteBuy(quote * (1 - 1e-9))).toBeLessThan(units);
        },
      ),
    );
  });

  it('is never negative for a tiny purchase from a deep, skewed pool (a rounding error crashed keepers here)', () => {
    // cdp-stablecoin's USDX pool after holders sold into it. Curve's form, get_y(base left) − quote balance, subtracts
    // two ~3e7 balances each known to ~1e-12 relative, so for purchases below ~1e-4 units it could round below 0
    // (−3.7e-9 and −1.5e-8 were seen) and the venue threw "quoteIn must be a finite number ≥ 0".
    const pool = new StableSwapPool({
      id: 'p',
      base: 'USDX',
      quote: 'USDC',
      liquidityUsd: 60e6,
      amplification: 100,
      feeBps: 4,
    });
    pool.sell(4_321_987.654321);
    for (const units of [1e-12, 1e-9, 3.7e-7, 1e-5, 1e-3, 0.1]) {
      const quote = pool.quoteForExactBase(units);
      expect(quote).toBeGreaterThanOrEqual(0);
      expect(pool.quoteBuy(quote)).toBeGreaterThanOrEqual(units);
      // To first order a purchase of u costs u·mid/(1 − fee) (the fee comes off the output).
      expect(Math.abs(quote - (units * pool.mid()) / (1 - 4e-4))).toBeLessThan(1e-6 * units + 1e-15);
    }
  });

  it('costs at least units × mid (fees and impact only add) and is infinite beyond the base balance', () => {
    const pool = new StableSwapPool({
      id: 'p',
      base: 'USDX',
      quote: 'USDC',
      liquidityUsd: 2e6,
      amplification: 100,
      feeBps: 4,
    });
    expect(pool.quoteForExactBase(1000)).toBeGreaterThan(1000 * pool.mid());
    // A balanced 2M pool holds 1M base: the fee comes off the output, so 1M·(1 − 4 bp) is already out of reach.
    expect(pool.quoteForExactBase(1e6 * (1 - 4e-4))).toBe(Number.POSITIVE_INFINITY);
  });
});
