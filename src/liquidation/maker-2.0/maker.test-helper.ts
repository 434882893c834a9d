/** Test helpers shared by the Maker Liquidations 2.0 tests. */
import { expect } from 'vitest';
import { MakerError, type MakerErrorReason } from './errors.js';

/**
 * Asserts |actual − expected| ≤ rel·|expected| (float64 against hand-derived values).
 *
 * @example
 * expectRel(0.1 + 0.2, 0.3);
 */
export function expectRel(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/**
 * The `MakerError` reason `f` throws, or `undefined` if it returns; rethrows any other error.
 *
 * @example
 * expect(reason(() => clip.take(9, 1, 1, 0))).toBe('not-running-auction');
 */
export function reason(f: () => unknown): MakerErrorReason | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MakerError) return e.reason;
    throw e;
  }
  return undefined;
}
