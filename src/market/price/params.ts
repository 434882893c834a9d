import { ScenarioError } from '../../kernel/errors.js';

/**
 * Throws a {@link ScenarioError} unless `value` is a finite number strictly greater than 0.
 *
 * @example
 * requirePositive('gbm', 'initial', 2000); // ok, returns 2000
 */
export function requirePositive(process: string, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ScenarioError(`${process}: "${field}" must be a positive finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * Throws a {@link ScenarioError} unless `value` is a finite number ≥ 0.
 *
 * @example
 * requireNonNegative('gbm', 'volatilityAnnual', 0.8); // ok, returns 0.8
 */
export function requireNonNegative(process: string, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScenarioError(`${process}: "${field}" must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/**
 * Throws a {@link ScenarioError} unless `value` is a finite number (any sign).
 *
 * @example
 * requireFinite('gbm', 'driftAnnual', -0.2); // ok, returns -0.2
 */
export function requireFinite(process: string, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScenarioError(`${process}: "${field}" must be a finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * Throws a {@link ScenarioError} unless `min ≤ value ≤ max` (or `< max` when `maxExclusive`).
 *
 * @example
 * requireInRange('shock', 'recoveryPct', 50, 0, 100); // ok, returns 50
 */
export function requireInRange(
  process: string,
  field: string,
  value: number,
  min: number,
  max: number,
  maxExclusive = false,
): number {
  const aboveMax = maxExclusive ? value >= max : value > max;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || aboveMax) {
    const upper = maxExclusive ? `< ${max}` : `≤ ${max}`;
    throw new ScenarioError(
      `${process}: "${field}" must be a number with ${min} ≤ value ${upper}, got ${String(value)}`,
    );
  }
  return value;
}
