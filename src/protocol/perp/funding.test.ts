import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fundingPaymentUsd, fundingRate } from './funding.js';

describe('funding rate (clamped mean premium)', () => {
  it('passes a premium inside the clamp through and clips one outside it', () => {
    expect(fundingRate(0.0004, 0.0075)).toBe(0.0004);
    expect(fundingRate(-0.0004, 0.0075)).toBe(-0.0004);
    expect(fundingRate(0.02, 0.0075)).toBe(0.0075);
    expect(fundingRate(-0.02, 0.0075)).toBe(-0.0075);
    expect(fundingRate(0.0075, 0.0075)).toBe(0.0075);
  });

  it("uses dYdX's clamp when given factor × (IMF − MMF)", () => {
    // dYdX's GetMaxAbsFundingClampPpm test: 600% × (15% − 15% × 80%) = 6 × 0.03 = 18%.
    const clamp = 6 * (0.15 - 0.15 * 0.8);
    expect(fundingRate(0.5, clamp)).toBeCloseTo(0.18, 15);
    expect(fundingRate(-0.5, clamp)).toBeCloseTo(-0.18, 15);
  });

  it('ignores the sign of the clamp and gives 0 with a zero clamp', () => {
    expect(fundingRate(0.02, -0.0075)).toBe(0.0075);
    expect(fundingRate(0.02, 0)).toBe(0);
    expect(fundingRate(-0.02, 0)).toBe(0);
  });

  it('stays within the clamp, is odd in the premium and leaves in-range premiums alone (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (premium, clamp) => {
          const rate = fundingRate(premium, clamp);
          expect(Math.abs(rate)).toBeLessThanOrEqual(clamp);
          expect(fundingRate(-premium, clamp) + rate).toBe(0);
          if (Math.abs(premium) <= clamp)
            expect(rate).toBe(premium + 0); // (+ 0: −0 comes back as 0)
          else expect(Math.abs(rate)).toBe(clamp);
        },
      ),
    );
  });
});

describe('funding payment (size × mark × rate, paid by the position)', () => {
  it('makes longs pay and shorts receive when the rate is positive, and the reverse when negative', () => {
    // 2 BTC × 30,000 × 0.01% = 6 USD.
    expect(fundingPaymentUsd(2, 30_000, 0.0001)).toBeCloseTo(6, 12);
    expect(fundingPaymentUsd(-2, 30_000, 0.0001)).toBeCloseTo(-6, 12);
    expect(fundingPaymentUsd(2, 30_000, -0.0001)).toBeCloseTo(-6, 12);
    expect(fundingPaymentUsd(-2, 30_000, -0.0001)).toBeCloseTo(6, 12);
    expect(fundingPaymentUsd(0, 30_000, 0.0001)).toBe(0);
  });

  it('sums to zero over a market whose long and short sizes balance (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        (longs, shortWeights, mark, rate) => {
          // Split the total long size over the shorts by weight, so open interest is the same on both sides.
          const total = longs.reduce((a, b) => a + b, 0);
          const weightSum = shortWeights.reduce((a, b) => a + b, 0);
          const shorts = shortWeights.map((w) => -(total * w) / weightSum);
          const paid = [...longs, ...shorts].reduce((sum, size) => sum + fundingPaymentUsd(size, mark, rate), 0);
          expect(Math.abs(paid)).toBeLessThanOrEqual(1e-9 * total * mark * Math.max(Math.abs(rate), 1e-12));
          // And the longs' side alone is total × mark × rate.
          const longsPaid = longs.reduce((sum, size) => sum + fundingPaymentUsd(size, mark, rate), 0);
          expect(longsPaid).toBeCloseTo(total * mark * rate, 6);
        },
      ),
    );
  });
});
