import { requirePositive } from './params.js';
import type { PriceProcess } from './process.js';

/** Parameters of {@link createConstant}. */
export interface ConstantParams {
  /** The price at every time, USD per unit (> 0). */
  initial: number;
}

/**
 * A price that never moves, e.g. a stablecoin at 1 USD. Draws no randomness.
 *
 * @throws ScenarioError if `initial` is not a positive finite number.
 * @example
 * const usdc = createConstant({ initial: 1 });
 * usdc.next(12, 12); // 1
 */
export function createConstant(params: ConstantParams): PriceProcess {
  const initial = requirePositive('constant', 'initial', params.initial);
  return {
    initial,
    next(): number {
      return initial;
    },
  };
}
