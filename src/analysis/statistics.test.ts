import { describe, expect, it } from 'vitest';
import { maxDrawdown, quantileSorted } from './statistics.js';

describe('statistics', () => {
  it('type-7 quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    // position (5 − 1)·0.1 = 0.4 → 10 + 0.4·(20 − 10)
    expect(quantileSorted([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14, 12);
  });
  it('max drawdown is the largest fall from a running peak', () => {
    expect(maxDrawdown([100, 120, 90, 130, 117])).toBeCloseTo(0.25, 12);
    expect(maxDrawdown([1, 2, 3])).toBe(0);
  });
});
