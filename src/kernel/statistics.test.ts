import { describe, expect, it } from 'vitest';
import { lowerQuantileRank, maxDrawdown, quantileSorted } from './statistics.js';

describe('statistics', () => {
  it('quantiles are the lower empirical quantile x_(⌈n·p⌉) (Hyndman–Fan type 1), derived by hand', () => {
    // n = 4: p = 0.5 → ⌈2⌉ = 2nd value → 2 (type 7 would interpolate to 2.5); p = 0 → rank max(1, 0) = 1st.
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    // n = 5: p = 0.1 → ⌈0.5⌉ = 1st → 10 (type 7: 14); p = 0.2 → ⌈1⌉ = 1st → 10; p = 0.21 → ⌈1.05⌉ = 2nd → 20.
    expect(quantileSorted([10, 20, 30, 40, 50], 0.1)).toBe(10);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.2)).toBe(10);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.21)).toBe(20);
    // n = 10: p10 → ⌈1⌉ = 1st, p50 → 5th, p90 → ⌈9⌉ = 9th (10 × 0.9 is 9 in binary; no ulp pushes it to 10th).
    const tenths = Float64Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
    expect([0.1, 0.5, 0.9].map((p) => quantileSorted(tenths, p))).toEqual([0.1, 0.5, 0.9]);
    expect(lowerQuantileRank(20, 0.95)).toBe(19);
  });

  it('rejects an empty sample and probabilities outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/);
    expect(() => quantileSorted([1], 1.5)).toThrow(/\[0, 1\]/);
  });
  it('max drawdown is the largest fall from a running peak', () => {
    expect(maxDrawdown([100, 120, 90, 130, 117])).toBeCloseTo(0.25, 12);
    expect(maxDrawdown([1, 2, 3])).toBe(0);
  });
});
