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

  it('finds the interior maximum when the far end of the interval cannot be had (−∞ there)', () => {
    // f(x) = 2x − x², with −∞ from x = 10 on (a purchase beyond what the venue holds): maximum at x = 1.
    const f = (x: number) => (x >= 10 ? Number.NEGATIVE_INFINITY : 2 * x - x * x);
    expect(maximiseConcave(f, 1000)).toBeCloseTo(1, 6);
  });
});
