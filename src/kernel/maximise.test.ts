import { describe, expect, it } from 'vitest';
import { maximiseConcave } from './maximise.js';

describe('maximiseConcave', () => {
  it('finds an interior maximum', () => {
    // x − x² peaks at x = 1/2.
    expect(maximiseConcave((x) => x - x * x, 10)).toBeCloseTo(0.5, 8);
  });
  it('returns the upper bound when the function still rises there', () => {
    expect(maximiseConcave((x) => Math.sqrt(x), 7)).toBe(7);
  });
  it('returns 0 for an empty interval', () => {
    expect(maximiseConcave((x) => x, 0)).toBe(0);
  });
});
