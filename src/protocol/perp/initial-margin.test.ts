import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { oiScaledInitialMarginFraction, sizePremiumMarginRatio } from './initial-margin.js';

describe('dYdX v4 open-interest-scaled initial margin fraction', () => {
  // Base IMF 20%, caps 1,000,000 and 2,000,000: the cases of dYdX's own TestGetAdjustedInitialMarginPpm
  // (protocol/x/perpetuals/types/liquidity_tier_test.go), worked out by hand below.
  it('keeps the base fraction at or below the lower cap', () => {
    expect(oiScaledInitialMarginFraction(0.2, 0, 1_000_000, 2_000_000)).toBe(0.2);
    expect(oiScaledInitialMarginFraction(0.2, 500_000, 1_000_000, 2_000_000)).toBe(0.2);
    expect(oiScaledInitialMarginFraction(0.2, 1_000_000, 1_000_000, 2_000_000)).toBe(0.2);
  });

  it('rises linearly between the caps', () => {
    // 0.2 + (1.5e6 − 1e6)/(2e6 − 1e6) × 0.8 = 0.2 + 0.5 × 0.8 = 0.6
    expect(oiScaledInitialMarginFraction(0.2, 1_500_000, 1_000_000, 2_000_000)).toBeCloseTo(0.6, 12);
    // 0.2 + 0.234567 × 0.8 = 0.3876536 (dYdX floors this to 387,653 ppm)
    expect(oiScaledInitialMarginFraction(0.2, 1_234_567, 1_000_000, 2_000_000)).toBeCloseTo(0.3876536, 12);
    // dYdX's "realistic numbers" case: OI 28,123,456,789,123 between 25e12 and 60e12 quote quantums.
    // scaling = 3,123,456,789,123 / 35e12 = 0.0892416225464; IMF = 0.2 + 0.8 × that = 0.2713932980371;
    // on 500,000 quote quantums: 135,696.649 → dYdX rounds the margin up to 135,697.
    const realistic = oiScaledInitialMarginFraction(0.2, 28_123_456_789_123, 25e12, 60e12);
    expect(realistic).toBeCloseTo(0.2713932980371, 12);
    expect(Math.ceil(realistic * 500_000)).toBe(135_697);
  });

  it('is 1 at and above the upper cap', () => {
    expect(oiScaledInitialMarginFraction(0.2, 2_000_000, 1_000_000, 2_000_000)).toBe(1);
    expect(oiScaledInitialMarginFraction(0.2, 2_500_000, 1_000_000, 2_000_000)).toBe(1);
    expect(oiScaledInitialMarginFraction(0.2, 80e12, 25e12, 50e12)).toBe(1);
  });

  it('is disabled when the upper cap is 0', () => {
    expect(oiScaledInitialMarginFraction(0.2, 1_500_000, 0, 0)).toBe(0.2);
    expect(oiScaledInitialMarginFraction(0.2, 1.5e12, 0, 0)).toBe(0.2);
  });

  it('never divides by zero when the caps coincide', () => {
    expect(oiScaledInitialMarginFraction(0.1, 999, 1_000, 1_000)).toBe(0.1);
    expect(oiScaledInitialMarginFraction(0.1, 1_000, 1_000, 1_000)).toBe(0.1); // lower-cap test comes first, as in dYdX
    expect(oiScaledInitialMarginFraction(0.1, 1_001, 1_000, 1_000)).toBe(1);
  });

  it('stays in [base, 1] and never falls as open interest grows (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        (base, lower, width, oiA, oiB) => {
          const upper = lower + width;
          const [low, high] = oiA <= oiB ? [oiA, oiB] : [oiB, oiA];
          const fLow = oiScaledInitialMarginFraction(base, low, lower, upper);
          const fHigh = oiScaledInitialMarginFraction(base, high, lower, upper);
          for (const f of [fLow, fHigh]) {
            expect(f).toBeGreaterThanOrEqual(base);
            expect(f).toBeLessThanOrEqual(1);
          }
          expect(fHigh).toBeGreaterThanOrEqual(fLow - 1e-15);
        },
      ),
    );
  });
});

/**
 * Drift v2 `calculate_size_premium_liability_weight` in its own integer units, written out from the published
 * rule: size × 1e9, weight × 1e4, imf × 1e6; w − ⌊w/5⌋ + ⌊isqrt(10·size + 1)·imf / 1e7⌋, kept at least w.
 */
function driftIntegerMarginRatio(sizeE9: bigint, weightE4: bigint, imfE6: bigint): bigint {
  if (imfE6 === 0n) return weightE4;
  const root = integerSqrt(sizeE9 * 10n + 1n);
  const premium = weightE4 - weightE4 / 5n + (root * imfE6) / 10_000_000n;
  return premium > weightE4 ? premium : weightE4;
}

function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

describe('Drift v2 size premium margin ratio', () => {
  it('is the base ratio when imfFactor is 0', () => {
    expect(sizePremiumMarginRatio(0.05, 1e9, 0)).toBe(0.05);
  });

  it('matches hand computations of max(base, 0.8·base + imf·√size)', () => {
    // 0.8 × 0.05 + 0.0005 × √100 = 0.04 + 0.005 = 0.045 < 0.05 → base.
    expect(sizePremiumMarginRatio(0.05, 100, 0.0005)).toBe(0.05);
    // 0.04 + 0.0005 × √10,000 = 0.04 + 0.05 = 0.09.
    expect(sizePremiumMarginRatio(0.05, 10_000, 0.0005)).toBeCloseTo(0.09, 15);
    // The premium starts to bind where 0.0005·√size = 0.2 × 0.05, i.e. √size = 20, size 400.
    expect(sizePremiumMarginRatio(0.05, 400, 0.0005)).toBeCloseTo(0.05, 15);
    expect(sizePremiumMarginRatio(0.05, 900, 0.0005)).toBeCloseTo(0.055, 15); // 0.04 + 0.0005 × 30
    // A short's signed size gives the same ratio.
    expect(sizePremiumMarginRatio(0.05, -10_000, 0.0005)).toBeCloseTo(0.09, 15);
  });

  it("agrees with the integer values asserted in Drift's own margin tests (to their 1e-4 precision)", () => {
    // programs/drift/src/math/margin/tests.rs, spot_market_asset_weight: 1,000 units, liability weight 1.1.
    // imf 0.01:  0.88 + 0.01 × √1000 = 0.88 + 0.316228 = 1.196228; Drift asserts 11962 (× 1e-4).
    expect(Math.abs(sizePremiumMarginRatio(1.1, 1_000, 0.01) - 1.1962)).toBeLessThan(1e-4);
    // imf 0.1:   0.88 + 3.162278 = 4.042278; Drift asserts 40422.
    expect(Math.abs(sizePremiumMarginRatio(1.1, 1_000, 0.1) - 4.0422)).toBeLessThan(1e-4);
    // weight 0, imf 0.1: 3.162278; Drift asserts 31622.
    expect(Math.abs(sizePremiumMarginRatio(0, 1_000, 0.1) - 3.1622)).toBeLessThan(1e-4);
    // And the integer rule written out here reproduces those three numbers exactly.
    expect(driftIntegerMarginRatio(1_000n * 1_000_000_000n, 11_000n, 10_000n)).toBe(11_962n);
    expect(driftIntegerMarginRatio(1_000n * 1_000_000_000n, 11_000n, 100_000n)).toBe(40_422n);
    expect(driftIntegerMarginRatio(1_000n * 1_000_000_000n, 0n, 100_000n)).toBe(31_622n);
  });

  it("stays within Drift's rounding of the integer rule: < 0.9e-4 below it, < (1 + imf/10)·1e-4 above (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }), // size × 1e9, up to 1e9 base units
        fc.bigInt({ min: 1n, max: 10_000n }), // margin ratio × 1e4, up to 100%
        fc.bigInt({ min: 0n, max: 1_000_000n }), // imf_factor × 1e6, up to 1
        (sizeE9, weightE4, imfE6) => {
          const drift = Number(driftIntegerMarginRatio(sizeE9, weightE4, imfE6)) / 1e4;
          const float = sizePremiumMarginRatio(Number(weightE4) / 1e4, Number(sizeE9) / 1e9, Number(imfE6) / 1e6);
          const slack = 1e-12 * Math.max(1, float);
          expect(drift - float).toBeLessThan(0.9e-4 + slack);
          expect(float - drift).toBeLessThan((1 + Number(imfE6) / 1e7) * 1e-4 + slack);
        },
      ),
    );
  });

  it('never falls below the base ratio and never falls as size grows (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (base, a, b, imf) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(sizePremiumMarginRatio(base, small, imf)).toBeGreaterThanOrEqual(base);
          expect(sizePremiumMarginRatio(base, large, imf)).toBeGreaterThanOrEqual(
            sizePremiumMarginRatio(base, small, imf),
          );
        },
      ),
    );
  });
});
