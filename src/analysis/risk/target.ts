/**
 * Risk targets for the frontier search: `"badDebt.var99 <= 1e6"` reads "the cell's VaR 99% of bad
 * debt is at most 1,000,000 USD". A target is parsed once ({@link parseRiskTarget}) and evaluated
 * against each cell's {@link CellRiskSummary} ({@link evaluateRiskTarget}).
 */
import { UsageError } from '../../kernel/errors.js';
import type { Interval } from './interval.js';
import type { CellRiskSummary, LossRiskSummary, MetricDistribution } from './summary.js';

const DISTRIBUTION_STATISTICS = ['mean', 'sd', 'min', 'p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99', 'max'] as const;
const LOSS_STATISTICS = [...DISTRIBUTION_STATISTICS, 'var95', 'var99', 'cvar95', 'cvar99'] as const;

/**
 * Metrics a target can name, and the statistics each allows. USD metrics' thresholds are USD;
 * `probability` thresholds are fractions in [0, 1].
 *
 * @example TARGET_STATISTICS.fundExhausted; // ['probability']
 */
export const TARGET_STATISTICS = {
  badDebt: [...LOSS_STATISTICS, 'probability'],
  liquidatedCollateral: LOSS_STATISTICS,
  fundExhausted: ['probability'],
  amplification: DISTRIBUTION_STATISTICS,
  cascadeGenerations: DISTRIBUTION_STATISTICS,
} as const satisfies Record<string, readonly string[]>;

/** A metric a risk target can name. */
export type TargetMetric = keyof typeof TARGET_STATISTICS;

/** Comparison operators of a risk target. */
export const TARGET_OPERATORS = ['<=', '<', '>=', '>'] as const;

/** A comparison operator of a risk target. */
export type TargetOperator = (typeof TARGET_OPERATORS)[number];

/** Other spellings accepted for a metric (the RunMetrics field names). */
const METRIC_ALIASES: Readonly<Record<string, TargetMetric>> = { badDebtUsd: 'badDebt', liquidatedCollateralUsd: 'liquidatedCollateral' };

/**
 * A parsed risk target.
 *
 * @example parseRiskTarget('badDebt.var99 <= 1e6'); // { metric: 'badDebt', statistic: 'var99', op: '<=', threshold: 1000000, text: … }
 */
export interface RiskTarget {
  metric: TargetMetric;
  statistic: string;
  op: TargetOperator;
  threshold: number;
  /** The target as written. */
  text: string;
}

/**
 * A target checked against one cell. `satisfied` compares the point estimate. `ciStraddles` tells
 * whether the 95% interval has values on both sides of the threshold (null when the statistic has
 * no interval: sd, min, p1…p99, max, and every statistic of amplification and cascadeGenerations).
 * `verdict` is `met` / `not-met` when the interval (or, without one, the point estimate) lies on one
 * side, `uncertain` when the interval straddles the threshold. When the value is undefined
 * (amplification on a cell whose external price never fell) `value` is null and the target is not met.
 *
 * @example evaluateRiskTarget(parseRiskTarget('badDebt.var99 <= 1e6'), cell).verdict; // 'met'
 */
export interface TargetEvaluation {
  target: RiskTarget;
  value: number | null;
  ci95: Interval | null;
  satisfied: boolean;
  ciStraddles: boolean | null;
  verdict: 'met' | 'not-met' | 'uncertain';
}

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses `<metric>.<statistic> <op> <threshold>`, e.g. `badDebt.var99 <= 1e6`,
 * `fundExhausted.probability < 0.01`, `amplification.p95 <= 1.5`. Throws a UsageError naming the
 * allowed metrics, statistics or operators.
 *
 * @example parseRiskTarget('fundExhausted.probability < 0.01').op; // '<'
 */
export function parseRiskTarget(text: string): RiskTarget {
  const fail = (why: string): never => {
    throw new UsageError(`risk target "${text}": ${why} (form: <metric>.<statistic> <op> <number>, e.g. "badDebt.var99 <= 1e6")`);
  };
  const opMatch = /<=|>=|=<|=>|<|>|==|=|!=/.exec(text);
  if (opMatch === null || !(TARGET_OPERATORS as readonly string[]).includes(opMatch[0])) {
    fail(`${opMatch === null ? 'no comparison operator' : `unknown operator "${opMatch[0]}"`}; allowed operators: ${TARGET_OPERATORS.join(', ')}`);
  }
  const op = opMatch![0] as TargetOperator;
  const left = text.slice(0, opMatch!.index).trim();
  const right = text.slice(opMatch!.index + op.length).trim();

  const parts = left.split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') fail(`"${left}" is not <metric>.<statistic>; metrics: ${metricList()}`);
  const metric = resolveMetric(parts[0]);
  if (metric === undefined) fail(`unknown metric "${parts[0]}"; allowed metrics: ${metricList()}`);
  const allowed: readonly string[] = TARGET_STATISTICS[metric!];
  const statistic = parts[1];
  if (!allowed.includes(statistic)) fail(`unknown statistic "${statistic}" for ${metric}; allowed statistics: ${allowed.join(', ')}`);

  if (!NUMBER_PATTERN.test(right)) fail(`threshold "${right}" is not a number`);
  const threshold = Number(right);
  if (!Number.isFinite(threshold)) fail(`threshold "${right}" is not finite`);
  if (statistic === 'probability' && !(threshold >= 0 && threshold <= 1)) fail(`a probability threshold is a fraction in [0, 1] (0.05 for 5%), got ${right}`);
  return { metric: metric!, statistic, op, threshold, text };
}

/**
 * Checks a parsed target against one cell's risk summary (see {@link TargetEvaluation}).
 *
 * @example evaluateRiskTarget(parseRiskTarget('badDebt.probability <= 0.05'), summary.cells[0]).satisfied;
 */
export function evaluateRiskTarget(target: RiskTarget, cell: CellRiskSummary): TargetEvaluation {
  const { value, ci95 } = lookUp(target, cell);
  const meets = (x: number): boolean => compare(x, target.op, target.threshold);
  if (value === null) return { target, value, ci95, satisfied: false, ciStraddles: ci95 === null ? null : false, verdict: 'not-met' };
  const satisfied = meets(value);
  if (ci95 === null) return { target, value, ci95, satisfied, ciStraddles: null, verdict: satisfied ? 'met' : 'not-met' };
  // The operators are monotone, so the interval's endpoints decide for the whole interval.
  const lowerMeets = meets(ci95.lower);
  const upperMeets = meets(ci95.upper);
  const ciStraddles = lowerMeets !== upperMeets;
  return { target, value, ci95, satisfied, ciStraddles, verdict: ciStraddles ? 'uncertain' : lowerMeets ? 'met' : 'not-met' };
}

function compare(value: number, op: TargetOperator, threshold: number): boolean {
  switch (op) {
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
  }
}

function lookUp(target: RiskTarget, cell: CellRiskSummary): { value: number | null; ci95: Interval | null } {
  const { metric, statistic } = target;
  if (statistic === 'probability') {
    const p = metric === 'fundExhausted' ? cell.probabilityOfFundExhaustion : cell.probabilityOfBadDebt;
    return { value: p.value, ci95: p.ci95 };
  }
  if (metric === 'badDebt' || metric === 'liquidatedCollateral') {
    const loss: LossRiskSummary = metric === 'badDebt' ? cell.badDebtUsd : cell.liquidatedCollateralUsd;
    if (statistic === 'mean' || statistic === 'var95' || statistic === 'var99' || statistic === 'cvar95' || statistic === 'cvar99') {
      return { value: loss[statistic].value, ci95: loss[statistic].ci95 };
    }
    return { value: loss.distribution[statistic as keyof LossRiskSummary['distribution']], ci95: null };
  }
  const distribution: MetricDistribution = metric === 'amplification' ? cell.amplification : cell.cascadeGenerations;
  const value = distribution.distribution === null ? null : distribution.distribution[statistic as keyof NonNullable<MetricDistribution['distribution']>];
  return { value, ci95: null };
}

function resolveMetric(name: string): TargetMetric | undefined {
  if (Object.hasOwn(TARGET_STATISTICS, name)) return name as TargetMetric;
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
}

function metricList(): string {
  return Object.keys(TARGET_STATISTICS).join(', ');
}
