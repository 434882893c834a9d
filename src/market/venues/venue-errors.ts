import { CascadeError, InvariantError } from '../../kernel/errors.js';

/**
 * A trade asks a venue for at least everything it holds (e.g. buying the whole base reserve
 * of a constant-product pool), which no finite input can achieve.
 *
 * @example
 * throw new InsufficientLiquidityError('pool ETH/USDC: cannot take 10 ETH out of 10 ETH reserve');
 */
export class InsufficientLiquidityError extends CascadeError {
  override name = 'InsufficientLiquidityError';
}

/**
 * Returns `amount` if it is a finite number ≥ 0; throws an {@link InvariantError} otherwise
 * (a negative or NaN trade size is a caller bug, never bad input).
 *
 * @example
 * const baseIn = tradeAmount(1.5, 'baseIn'); // 1.5
 */
export function tradeAmount(amount: number, what: string): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new InvariantError(`${what} must be a finite number ≥ 0, got ${amount}`);
  }
  return amount;
}

/**
 * Returns `value` if it is a finite number > 0; throws an {@link InvariantError} otherwise.
 *
 * @example
 * const price = positive(2000, 'price'); // 2000
 */
export function positive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvariantError(`${what} must be a finite number > 0, got ${value}`);
  }
  return value;
}

/**
 * Returns `feeBps` if it is a finite number in [0, 10000); throws an {@link InvariantError} otherwise.
 *
 * @example
 * const fee = feeBpsIn(30, 'pool fee'); // 30 (0.30%)
 */
export function feeBpsIn(feeBps: number, what: string): number {
  if (!Number.isFinite(feeBps) || feeBps < 0 || feeBps >= 10_000) {
    throw new InvariantError(`${what} must be in [0, 10000) bps, got ${feeBps}`);
  }
  return feeBps;
}
