import type { z } from 'zod';
import type { RISK_PARAMETER_NAMES, stewardLimits } from '../../scenario/schema-risk-oracle.js';
import { CascadeError } from '../../kernel/errors.js';

export { RISK_PARAMETER_NAMES, stewardLimits } from '../../scenario/schema-risk-oracle.js';

/** One of {@link RISK_PARAMETER_NAMES}. */
export type RiskParameterName = (typeof RISK_PARAMETER_NAMES)[number];

/** Which steward limit bound a published value (null = the target was published as is). */
export type StewardLimit = null | 'maxChange' | 'minInterval' | 'bounds' | 'excluded';

/** Parsed steward limits (defaults filled). */
export type StewardLimits = z.output<typeof stewardLimits>;

/** One proposed change of one parameter of one asset. */
export interface StewardRequest {
  name: RiskParameterName;
  /** Asset the parameter belongs to (the collateral asset of a lending protocol). */
  asset: string;
  /** Value in force now. */
  current: number;
  /** Value the policy recommends. */
  target: number;
  /** When this parameter of this asset last changed, seconds; null = never. */
  lastChangeSeconds: number | null;
  nowSeconds: number;
}

/** The value a steward lets through and the limit that bound it. */
export interface StewardDecision {
  published: number;
  limitedBy: StewardLimit;
}

/**
 * The value published for a recommended parameter under steward limits. In order: an excluded asset keeps
 * its value; a change within `minSecondsBetween` of the last one is refused; otherwise the target is clamped
 * into the bounds, then moved from `current` by at most `maxRelativeChange·|current|`. The published value
 * always lies between `current` and the bounded target, so when `current` is outside the bounds it moves toward
 * them by at most one step per update and never further out. `limitedBy` names the limit that set the
 * published value ('maxChange' when the step limit bound, else 'bounds' when the clamp changed the target).
 *
 * @example
 * applySteward({ name: 'liquidationThreshold', asset: 'ETH', current: 0.8, target: 0.7, lastChangeSeconds: null, nowSeconds: 0 },
 *   stewardLimits.parse({})); // { published: 0.76, limitedBy: 'maxChange' }
 */
export function applySteward(request: StewardRequest, limits: StewardLimits): StewardDecision {
  const { current, target, lastChangeSeconds, nowSeconds } = request;
  if (!Number.isFinite(current) || !Number.isFinite(target) || !Number.isFinite(nowSeconds))
    throw new CascadeError(
      `steward: ${request.name} of ${request.asset} needs finite current, target and time, got ${current}, ${target}, ${nowSeconds}`,
    );
  if (target === current) return { published: current, limitedBy: null };
  if (limits.excluded.includes(request.asset)) return { published: current, limitedBy: 'excluded' };
  if (lastChangeSeconds !== null && nowSeconds - lastChangeSeconds < limits.minSecondsBetween)
    return { published: current, limitedBy: 'minInterval' };
  const bounds = limits.bounds[request.name];
  const bounded = bounds ? Math.min(bounds[1], Math.max(bounds[0], target)) : target;
  // Risk steward rule: |new − current| ≤ maxRelativeChange·|current| per update.
  const step = limits.maxRelativeChange * Math.abs(current);
  const published = Math.min(current + step, Math.max(current - step, bounded));
  if (published !== bounded) return { published, limitedBy: 'maxChange' };
  return { published, limitedBy: bounded !== target ? 'bounds' : null };
}
