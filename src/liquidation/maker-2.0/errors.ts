import { CascadeError } from '../../kernel/errors.js';

/**
 * Why a Maker Liquidations 2.0 call was refused; each value names the dss revert it mirrors
 * (`Dog/not-unsafe`, `Clipper/needs-reset`, …), or `bad-parameter` for inputs dss would never accept.
 *
 * @example
 * const reason: MakerErrorReason = 'needs-reset';
 */
export type MakerErrorReason =
  | 'bad-parameter'
  | 'unknown-ilk'
  | 'not-unsafe'
  | 'liquidation-limit-hit'
  | 'dusty-auction-from-partial-liquidation'
  | 'null-auction'
  | 'zero-tab'
  | 'zero-lot'
  | 'zero-top-price'
  | 'not-running-auction'
  | 'cannot-reset'
  | 'needs-reset'
  | 'too-expensive'
  | 'no-partial-purchase'
  | 'zero-price'
  | 'time-before-start'
  | 'underflow';

/**
 * A Maker Liquidations 2.0 call that the dss contracts would revert (or a malformed parameter).
 *
 * @example
 * try { dog.bark({ ink: 10, art: 1000 }, 1, 500); } catch (e) {
 *   if (e instanceof MakerError && e.reason === 'not-unsafe') { ... }
 * }
 */
export class MakerError extends CascadeError {
  override name = 'MakerError';
  constructor(
    /** The dss revert this error mirrors. */
    readonly reason: MakerErrorReason,
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}

/**
 * Throws `bad-parameter` unless `value` is a finite number ≥ `min` (and ≤ `max` when given).
 *
 * @example
 * requireFinite('buf', 1.2, 0); // ok
 * requireFinite('cut', 1.5, 0, 1); // throws MakerError('bad-parameter')
 */
export function requireFinite(name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new MakerError('bad-parameter', `${name} must be a finite number in [${min}, ${max}], got ${value}`);
  }
}
