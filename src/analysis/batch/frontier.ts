/**
 * Frontier search: the largest (or smallest) value of one parameter at which a risk criterion is
 * still met, by bisection. Assumes feasibility is monotone in the parameter: for `largest`, every
 * value below a met value also meets; for `smallest`, every value above. Noisy or non-monotone
 * criteria are out of scope: bisection then converges to *a* boundary between an evaluated met and an
 * evaluated failed value, not necessarily the extreme one (the evaluated points are all returned so a
 * caller can inspect them).
 */
import { CascadeError, UsageError } from '../../kernel/errors.js';

/** What evaluating the criterion at one parameter value gave (e.g. from a Monte Carlo batch). */
export interface FrontierEvaluation {
  /** Whether the criterion is met at this value (e.g. estimated p99 bad debt ≤ target). */
  meets: boolean;
  /** The estimate compared with the target. */
  estimate: number;
  /** Confidence interval of the estimate, [lower, upper]. */
  ci: [number, number];
}

/** One evaluated value, in evaluation order. */
export interface FrontierPoint extends FrontierEvaluation {
  value: number;
}

/** Options of {@link findFrontier}. */
export interface FrontierOptions {
  evaluate: (value: number) => Promise<FrontierEvaluation>;
  /** Search range, low < high. */
  low: number;
  high: number;
  /** `largest`: the met values lie below the frontier; `smallest`: above it. */
  direction: 'largest' | 'smallest';
  /** Stop once the bracket is this narrow (> 0). */
  tolerance: number;
  /** Most bisection steps after the two end evaluations (integer ≥ 0). */
  maxSteps: number;
  /** The target the estimate is compared with; only used to tell whether the CI at the answer straddles it. */
  target: number;
  /** Search integers only (block counts, account counts): midpoints are rounded down; low and high must be integers. */
  integer?: boolean;
}

/**
 * `found`: the range holds a met and a failed end and bisection ran; `all-meet`: both ends meet, the
 * frontier lies beyond the range; `none-meet`: neither end meets; `inverted`: the ends meet the wrong
 * way round for `direction` (try the other direction).
 */
export type FrontierStatus = 'found' | 'all-meet' | 'none-meet' | 'inverted';

/** What {@link findFrontier} found. */
export interface FrontierResult {
  status: FrontierStatus;
  /** The evaluated value that meets the criterion and is nearest the frontier (the conservative answer); null unless
   * found or all-meet. */
  value: number | null;
  /** The evaluated values either side of the frontier; null unless found. */
  bracket: { meets: number; fails: number } | null;
  /** |fails − meets|, the uncertainty in the parameter from bisection alone; null unless found. */
  bracketWidth: number | null;
  /** Whether the bracket is within tolerance (always true for all-meet; false when maxSteps ran out first). */
  converged: boolean;
  /** Bisection steps run after the two end evaluations. */
  steps: number;
  /** Every evaluation, in order: low, high, then each midpoint. */
  points: FrontierPoint[];
  /** Whether the CI at the answer contains the target (the met/failed decision there is not statistically resolved);
   * null without an answer. */
  ciStraddlesTarget: boolean | null;
  /** The result and its uncertainty in one or two sentences. */
  statement: string;
}

function checkOptions(options: FrontierOptions): void {
  const { low, high, tolerance, maxSteps, target } = options;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high))
    throw new UsageError(`frontier range needs finite low < high, got low ${low}, high ${high}`);
  if (options.integer && (!Number.isInteger(low) || !Number.isInteger(high)))
    throw new UsageError(`integer frontier range needs integer ends, got low ${low}, high ${high}`);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new UsageError(`frontier tolerance must be a number > 0, got ${tolerance}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 0)
    throw new UsageError(`frontier maxSteps must be an integer ≥ 0, got ${maxSteps}`);
  if (!Number.isFinite(target)) throw new UsageError(`frontier target must be a finite number, got ${target}`);
  if (options.direction !== 'largest' && options.direction !== 'smallest') {
    throw new UsageError(`frontier direction must be largest or smallest, got ${String(options.direction)}`);
  }
}

async function evaluateAt(options: FrontierOptions, value: number, points: FrontierPoint[]): Promise<FrontierPoint> {
  const { meets, estimate, ci } = await options.evaluate(value);
  if (
    typeof meets !== 'boolean' ||
    !Number.isFinite(estimate) ||
    !Number.isFinite(ci[0]) ||
    !Number.isFinite(ci[1]) ||
    ci[0] > ci[1]
  ) {
    throw new CascadeError(
      `frontier evaluation at ${value} returned meets ${String(meets)}, estimate ${estimate}, CI [${ci[0]}, ${ci[1]}]: need a boolean, a finite estimate and a finite CI with lower ≤ upper`,
    );
  }
  const point: FrontierPoint = { value, meets, estimate, ci: [ci[0], ci[1]] };
  points.push(point);
  return point;
}

const fmt = (n: number) => String(Number(n.toPrecision(6)));

function straddles(point: FrontierPoint, target: number): boolean {
  return point.ci[0] <= target && target <= point.ci[1];
}

function ciSentence(point: FrontierPoint, target: number): string {
  return straddles(point, target)
    ? ` The CI at the answer, [${fmt(point.ci[0])}, ${fmt(point.ci[1])}], straddles the target ${fmt(target)}: the decision there is not statistically resolved; more paths would narrow it.`
    : ` The CI at the answer, [${fmt(point.ci[0])}, ${fmt(point.ci[1])}], lies on one side of the target ${fmt(target)}.`;
}

/**
 * Bisection for the frontier of a monotone criterion. Evaluates `low` and `high` first (in that
 * order); if exactly the end on the met side for `direction` meets, halves the bracket between the
 * last met and last failed values until it is ≤ `tolerance` or `maxSteps` midpoints have been
 * evaluated. The answer is the met end of the final bracket, so it errs on the safe side by at most the
 * bracket width. Evaluations run one at a time, in a fixed order.
 *
 * @example
 * // largest x in [0, 4] with x² ≤ 2
 * const result = await findFrontier({
 *   evaluate: async (x) => ({ meets: x * x <= 2, estimate: x * x, ci: [x * x - 0.01, x * x + 0.01] }),
 *   low: 0, high: 4, direction: 'largest', tolerance: 1e-6, maxSteps: 40, target: 2,
 * });
 * result.value; // ≈ 1.4142126 (≤ √2, within 1e-6 of it)
 */
export async function findFrontier(options: FrontierOptions): Promise<FrontierResult> {
  checkOptions(options);
  const { direction, target, tolerance } = options;
  const points: FrontierPoint[] = [];
  const low = await evaluateAt(options, options.low, points);
  const high = await evaluateAt(options, options.high, points);
  const [metSide, otherSide] = direction === 'largest' ? [low, high] : [high, low];
  const base = { steps: 0, points };
  if (metSide.meets && otherSide.meets) {
    const text = `Every evaluated value meets the target: the ${direction} value in [${fmt(options.low)}, ${fmt(options.high)}] is ${fmt(otherSide.value)}, and the frontier lies beyond the range.`;
    return {
      ...base,
      status: 'all-meet',
      value: otherSide.value,
      bracket: null,
      bracketWidth: null,
      converged: true,
      ciStraddlesTarget: straddles(otherSide, target),
      statement: text + ciSentence(otherSide, target),
    };
  }
  if (!metSide.meets) {
    const inverted = otherSide.meets;
    const text = inverted
      ? `The ${direction === 'largest' ? 'high' : 'low'} end meets the target and the other end does not: feasibility runs the other way; search for the ${direction === 'largest' ? 'smallest' : 'largest'} value instead.`
      : `Neither end of [${fmt(options.low)}, ${fmt(options.high)}] meets the target; no value was found.`;
    return {
      ...base,
      status: inverted ? 'inverted' : 'none-meet',
      value: null,
      bracket: null,
      bracketWidth: null,
      converged: false,
      ciStraddlesTarget: null,
      statement: text,
    };
  }

  let met = metSide;
  let failed = otherSide;
  let steps = 0;
  const width = () => Math.abs(failed.value - met.value);
  const narrowEnough = () => width() <= tolerance || (options.integer === true && width() <= 1);
  while (!narrowEnough() && steps < options.maxSteps) {
    // Bisection: the bracket halves each step (Burden & Faires, Numerical Analysis, §2.1).
    const midpoint = options.integer ? Math.floor((met.value + failed.value) / 2) : (met.value + failed.value) / 2;
    const point = await evaluateAt(options, midpoint, points);
    steps += 1;
    if (point.meets) met = point;
    else failed = point;
  }
  const converged = narrowEnough();
  const text =
    `The ${direction} value meeting the target is ${fmt(met.value)} (bracket ${fmt(Math.min(met.value, failed.value))} … ${fmt(Math.max(met.value, failed.value))}, ` +
    `width ${fmt(width())}${converged ? ` ≤ tolerance ${fmt(tolerance)}` : `, wider than tolerance ${fmt(tolerance)}: maxSteps ${options.maxSteps} ran out`}, ${steps} bisection steps).`;
  return {
    status: 'found',
    value: met.value,
    bracket: { meets: met.value, fails: failed.value },
    bracketWidth: width(),
    converged,
    steps,
    points,
    ciStraddlesTarget: straddles(met, target),
    statement: text + ciSentence(met, target),
  };
}
