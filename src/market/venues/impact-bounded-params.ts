// Parameters of the `bounded` impact law (see impact-bounded.ts for the law itself) and their checks.
import { InvariantError } from '../../kernel/errors.js';

/** −ln 0.99: the log-price fall of one depth on the linear branch. */
export const LAMBDA = -Math.log(0.99);

/**
 * Parameters of the bounded law, as the scenario gives them.
 *
 * @example
 * const p: BoundedImpactParams = { crossoverDepths: 2, valueBuyersFromPct: 5, maxGapPct: 25, valueBuyersHalfwayDepths: 50 };
 */
export interface BoundedImpactParams {
  /** c: net flow, in depths, up to which the law is linear (≥ 1, so D still moves the price exactly 1% from rest). */
  crossoverDepths: number;
  /** Gap from the fundamental, %, at which value buyers start to absorb sales (≥ 1). */
  valueBuyersFromPct: number;
  /** Gap, %, the price never reaches: value buyers take any quantity there (above valueBuyersFromPct, below 100). */
  maxGapPct: number;
  /** h: net flow, in depths, value buyers have absorbed when the gap is halfway from valueBuyersFromPct to maxGapPct.
   * */
  valueBuyersHalfwayDepths: number;
}

/**
 * Default parameters of the bounded law (see docs/impact.md for the reasoning behind each).
 *
 * @example
 * new BoundedImpact(BOUNDED_IMPACT_DEFAULTS).floor(); // 0.75
 */
export const BOUNDED_IMPACT_DEFAULTS: Readonly<BoundedImpactParams> = Object.freeze({
  crossoverDepths: 2,
  valueBuyersFromPct: 5,
  maxGapPct: 25,
  valueBuyersHalfwayDepths: 50,
});

/**
 * The law's constants derived from its parameters (checked): a = λ·c, s, b, h, −ln s and −ln b.
 *
 * @example
 * boundedShape(BOUNDED_IMPACT_DEFAULTS).b; // 0.75
 */
export interface BoundedShape {
  /** a = λ·c: the log gap at the crossover. */
  readonly crossoverGap: number;
  /** −ln s: the log gap at which value buyers start. */
  readonly buyersGap: number;
  /** −ln b: the log gap never reached. */
  readonly maxGap: number;
  /** s = 1 − from%: price/fundamental where value buyers start. */
  readonly s: number;
  /** b = 1 − maxGap%: the floor of price/fundamental. */
  readonly b: number;
  /** h: value buyers' holding (depths) halfway from s to b. */
  readonly h: number;
}

/**
 * Checks `params` and derives the law's constants; throws naming the field that is out of range.
 *
 * @example
 * boundedShape({ ...BOUNDED_IMPACT_DEFAULTS, maxGapPct: 30 }).b; // 0.7
 */
export function boundedShape(params: BoundedImpactParams): BoundedShape {
  const { crossoverDepths: c, valueBuyersFromPct: from, maxGapPct: gap, valueBuyersHalfwayDepths: h } = params;
  if (!(c >= 1 && Number.isFinite(c))) throw new InvariantError(`crossoverDepths must be ≥ 1, got ${c}`);
  if (!(from >= 1 && gap > from && gap < 100))
    throw new InvariantError(`need 1 ≤ valueBuyersFromPct < maxGapPct < 100, got ${from} and ${gap}`);
  if (!(h > 0 && Number.isFinite(h))) throw new InvariantError(`valueBuyersHalfwayDepths must be > 0, got ${h}`);
  const s = 1 - from / 100;
  const b = 1 - gap / 100;
  return { crossoverGap: LAMBDA * c, buyersGap: -Math.log(s), maxGap: -Math.log(b), s, b, h };
}
