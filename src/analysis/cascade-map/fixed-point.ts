/**
 * The cascade's fixed point for one shock: start at the shocked price, sell what liquidates there,
 * move the price by the depth curve, liquidate what the new price triggers, and repeat. The volume
 * V(P) is non-increasing in P and the price after a sale non-increasing in the volume, so the
 * iteration P_{k+1} = Φ(P_k) = priceAfter(V(P_k)) falls monotonically to the highest fixed point below
 * the start, sup{P ≤ P_start : Φ(P) ≥ P}.
 */
import type { ShockedDepth } from './depth.js';
import { totalVolumeAt, type LiquidationLadder } from './ladder.js';
import type { InstantFixedPoint, ShockOutcome } from './types.js';

/**
 * The iteration stops when a round moves the price by less than this fraction.
 *
 * @example
 * Math.abs(next / price - 1) < PRICE_TOLERANCE; // converged
 */
export const PRICE_TOLERANCE = 1e-12;
/**
 * Rounds before giving up (only near a critical shock, where convergence slows).
 *
 * @example
 * outcome.iterations <= MAX_ITERATIONS; // always
 */
export const MAX_ITERATIONS = 100_000;

/**
 * The fixed point of one shock, with its shock, multiplier and critical mark.
 *
 * @example
 * const o: FixedPointOutcome = { shock: 0.1, initialPrice: 1800, finalPrice: 1700, totalMove: 0.15, multiplier: 1.5, rounds: 4, iterations: 31, converged: true, soldUnits: 5000, soldUsd: 8.5e6, accounts: 700, critical: false };
 */
export interface FixedPointOutcome extends InstantFixedPoint {
  shock: number;
  multiplier: number;
  /** soldUnits valued at the final price, USD. */
  soldUsd: number;
  critical: boolean;
}

/**
 * Runs the monotone iteration for shock `shock` on `ladders` (all protocols on the collateral)
 * against `depth` (the venues after the shock), with P0 = `initialPrice`. `critical` is left false;
 * {@link markCritical} sets it across the grid.
 *
 * @example
 * const outcome = cascadeFixedPoint(ladders, new ShockedDepth(venues, 0.1), 2000, 0.1);
 * outcome.multiplier; // final move / 0.1
 */
export function cascadeFixedPoint(
  ladders: readonly LiquidationLadder[],
  depth: ShockedDepth,
  initialPrice: number,
  shock: number,
): FixedPointOutcome {
  let price = depth.initialPrice;
  let volume = totalVolumeAt(ladders, price);
  let rounds = volume.accounts > 0 ? 1 : 0;
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    const next = depth.priceAfter(volume.soldUnits);
    iterations += 1;
    if (!(next < price * (1 - PRICE_TOLERANCE))) {
      price = Math.min(price, next);
      converged = true;
      break;
    }
    price = next;
    const after = totalVolumeAt(ladders, price);
    if (after.accounts > volume.accounts) rounds += 1;
    volume = after;
  }
  const totalMove = 1 - price / initialPrice;
  return {
    shock,
    initialPrice: depth.initialPrice,
    finalPrice: price,
    totalMove,
    multiplier: totalMove / shock,
    rounds,
    iterations,
    converged,
    soldUnits: volume.soldUnits,
    soldUsd: volume.soldUnits * price,
    accounts: volume.accounts,
    critical: false,
  };
}

/**
 * Marks the critical shocks of an ascending grid: shock j is critical when its final move grew at
 * least `criticalSlope` times as fast as the shock since the previous grid point (the first point is
 * compared with no shock and no move): (move_j − move_{j−1}) / (s_j − s_{j−1}) ≥ criticalSlope. A smooth
 * amplification keeps this marginal multiplier finite; a jump of the fixed point (a new, lower
 * fixed point taking over) makes it about jump/step, so it exceeds any fixed threshold as the grid refines.
 *
 * @example
 * markCritical(outcomes, 3).filter((o) => o.critical).map((o) => o.shock);
 */
export function markCritical<T extends Pick<ShockOutcome, 'shock' | 'totalMove' | 'critical'>>(
  outcomes: readonly T[],
  criticalSlope: number,
): T[] {
  return outcomes.map((o, j) => {
    const previousShock = j === 0 ? 0 : outcomes[j - 1].shock;
    const previousMove = j === 0 ? 0 : outcomes[j - 1].totalMove;
    const marginal = (o.totalMove - previousMove) / (o.shock - previousShock);
    return { ...o, critical: marginal >= criticalSlope };
  });
}
