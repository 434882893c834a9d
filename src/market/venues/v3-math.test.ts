import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSwapStep as floatStep, sqrtRatioAtTick, tickAtSqrtRatio } from './v3-math.js';
import {
  computeSwapStep as refStep,
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
  Q96,
  TICK_FACTORS,
} from './v3-reference.test-helper.js';

const EPS = Number.EPSILON;

/** ⌊√n⌋ for a BigInt n ≥ 0 (Newton's method). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

describe('BigInt TickMath reference (hand-derived values)', () => {
  it('gives 2^96 at tick 0 and the published MIN/MAX_SQRT_RATIO at the boundary ticks', () => {
    expect(getSqrtRatioAtTick(0)).toBe(Q96);
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO);
  });

  it('gives √1.0001·2^96 at tick 1 and 2^96/√1.0001 at tick −1, to one unit (exact square roots in BigInt)', () => {
    // √(10001/10000)·2^96 = √(10001·2^192/10000); the contract rounds up, its Q128 constants are ≤ 1 unit off.
    const up = isqrt((10001n << 192n) / 10000n);
    const down = isqrt((10000n << 192n) / 10001n);
    expect(Number(getSqrtRatioAtTick(1) - up)).toBeGreaterThanOrEqual(0);
    expect(Number(getSqrtRatioAtTick(1) - up)).toBeLessThanOrEqual(2);
    expect(Math.abs(Number(getSqrtRatioAtTick(-1) - down))).toBeLessThanOrEqual(2);
  });

  it('matches each hard-coded factor 2^128/1.0001^(2^(k−1)) derived in 400-bit fixed point, within one unit', () => {
    const P = 400n;
    const one = 1n << P;
    // 1/√1.0001 and its squarings: factor k = 2^128·(10000/10001)^(2^k/2).
    let x = isqrt((10000n << (2n * P)) / 10001n); // 2^P/√1.0001
    for (let k = 0; k < TICK_FACTORS.length; k++) {
      const derived = x >> (P - 128n);
      expect(Number(TICK_FACTORS[k] - derived)).toBeGreaterThanOrEqual(-1);
      expect(Number(TICK_FACTORS[k] - derived)).toBeLessThanOrEqual(1);
      x = (x * x) / one;
    }
  });

  it('getTickAtSqrtRatio inverts getSqrtRatioAtTick and floors between ticks', () => {
    for (const tick of [MIN_TICK, -76012, -1, 0, 1, 76012, MAX_TICK - 1]) {
      expect(getTickAtSqrtRatio(getSqrtRatioAtTick(tick))).toBe(tick);
      expect(getTickAtSqrtRatio(getSqrtRatioAtTick(tick + 1) - 1n)).toBe(tick);
    }
  });
});

describe('float sqrtRatioAtTick / tickAtSqrtRatio', () => {
  it('agrees with TickMath within 3ε relative plus its rounding up to a unit of 2^−96, at random ticks', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), (tick) => {
        const float = sqrtRatioAtTick(tick);
        const exact = Number(getSqrtRatioAtTick(tick)) / 2 ** 96;
        // exp of an exact argument ≤ 1 ulp, the correction's product and sum ½ ulp each, Number() of the BigInt ½ ulp
        // ≤ 2.5 ulp, an ulp being ≤ ε relative; TickMath rounds up to Q64.96, one unit being 2^−96/√P relative (its
        // 20 products of Q128 constants add ~2^−123, negligible).
        const bound = 3 * EPS + 2 ** -96 / exact;
        expect(Math.abs(float - exact) / exact).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it('returns the greatest tick at or below a price, and the tick itself at a tick price', () => {
    expect(tickAtSqrtRatio(Math.sqrt(2000))).toBe(76012); // 1.0001^76012 ≈ 1999.84 ≤ 2000 < 1.0001^76013
    expect(tickAtSqrtRatio(Math.sqrt(0.5))).toBe(-6932);
    for (const tick of [-200_000, -1, 0, 1, 76_012, 300_000]) expect(tickAtSqrtRatio(sqrtRatioAtTick(tick))).toBe(tick);
  });
});

describe('computeSwapStep: float vs the contract arithmetic', () => {
  // Raw amounts: 18-decimal tokens on both sides, so the raw price equals the price.
  const WAD = 1e18;
  const step = fc.record({
    tick: fc.integer({ min: -200_000, max: 200_000 }),
    width: fc.integer({ min: 1, max: 5000 }),
    up: fc.boolean(),
    liquidity: fc.bigInt({ min: 10n ** 18n, max: 10n ** 27n }),
    amount: fc.bigInt({ min: 10n ** 9n, max: 10n ** 28n }),
    exactIn: fc.boolean(),
    fee: fc.constantFrom(0, 100, 500, 3000, 10_000),
  });

  it('agrees on price, amounts and fee within the derived error bound', () => {
    fc.assert(
      fc.property(step, ({ tick, width, up, liquidity, amount, exactIn, fee }) => {
        const startRaw = getSqrtRatioAtTick(tick);
        const targetRaw = getSqrtRatioAtTick(up ? tick + width : tick - width);
        const signed = exactIn ? amount : -amount;
        const [nextRaw, inRaw, outRaw, feeRaw] = refStep(startRaw, targetRaw, liquidity, signed, BigInt(fee));
        const s = Number(startRaw) / 2 ** 96;
        const t = Number(targetRaw) / 2 ** 96;
        const L = Number(liquidity) / WAD;
        const f = floatStep(s, t, L, Number(signed) / WAD, fee);
        // Error model: the sqrt prices carry ≤ 2ε (conversion), amounts are ≤ 8 rounded operations on magnitudes
        // bounded by the virtual reserves L·√P_max (quote) and L/√P_min (base) of the step; the contract rounds each
        // amount by ≤ 1 wei and its next price by ≤ 1 unit of 2^−96.
        const hi = Math.max(s, t);
        const lo = Math.min(s, t);
        const reserve = Math.max(L * hi, L / lo);
        // A wei of input floored by the contract moves the output by up to a wei times the price, either way.
        const wei = (2 * (1 + hi * hi + 1 / (lo * lo))) / WAD;
        const tol = 16 * EPS * (reserve + Math.abs(Number(signed)) / WAD) + wei + (L * 2 ** -96) / lo / lo;
        expect(Math.abs(f.amountIn - Number(inRaw) / WAD)).toBeLessThanOrEqual(tol);
        expect(Math.abs(f.amountOut - Number(outRaw) / WAD)).toBeLessThanOrEqual(tol);
        expect(Math.abs(f.feeAmount - Number(feeRaw) / WAD)).toBeLessThanOrEqual(tol);
        // The next price: ≤ 16ε relative in float; the contract's 1-wei floor of the input less fee moves it by
        // 1 wei/L (quote in) or P·1 wei/L (base in), and its own rounding by 2^−96.
        const priceTol = 16 * EPS * hi + (2 * (1 + hi * hi)) / (WAD * L) + 2 ** -96;
        expect(Math.abs(f.sqrtNext - Number(nextRaw) / 2 ** 96)).toBeLessThanOrEqual(priceTol);
      }),
      { numRuns: 2000 },
    );
  });
});
