import { describe, expect, it } from 'vitest';
import { lowerQuantileRank, mean, quantile, quantileOfSorted, sortedCopy, standardDeviation } from './sample.js';

describe('sample statistics', () => {
  it('the quantile is the lower empirical quantile x_(⌈n·p⌉), always an observed value', () => {
    const sample = [40, 10, 30, 20];
    // n = 4: p = 0.5 → ⌈2⌉ = 2nd → 20 (type 7 would give 25); p = 0.51 → ⌈2.04⌉ = 3rd → 30.
    expect(quantile(sample, 0.5)).toBe(20);
    expect(quantile(sample, 0.51)).toBe(30);
    expect(quantile(sample, 0.25)).toBe(10);
    expect(quantile(sample, 0)).toBe(10);
    expect(quantile(sample, 1)).toBe(40);
    expect(quantileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10); // ⌈9.5⌉ = 10
  });

  it('n·p one ulp above an integer does not move the rank', () => {
    // 0.95 and 0.99 are not exact in binary; the ranks must still be the integers n·α.
    expect(lowerQuantileRank(20, 0.95)).toBe(19);
    expect(lowerQuantileRank(1000, 0.99)).toBe(990);
    expect(lowerQuantileRank(100, 0.07)).toBe(7); // 100 × 0.07 = 7.000000000000001 in binary
    expect(lowerQuantileRank(100, 0.56)).toBe(56); // 56.00000000000001
    expect(lowerQuantileRank(100, 0.565)).toBe(57); // a genuine fraction still rounds up
    expect(lowerQuantileRank(10, 0)).toBe(1);
  });

  it('mean and Bessel-corrected standard deviation', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32 over n − 1 = 7.
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(standardDeviation(Float64Array.of(3))).toBe(0);
    expect(standardDeviation([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBeCloseTo(1, 9);
  });

  it('sortedCopy sorts numerically and leaves the input alone; empty and non-finite samples are rejected', () => {
    const input = [10, 9, 100, -1];
    expect(Array.from(sortedCopy(input))).toEqual([-1, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, -1]);
    expect(() => mean([])).toThrow(/empty/);
    expect(() => quantile([1, Number.POSITIVE_INFINITY], 0.5)).toThrow(/not finite/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });
});
