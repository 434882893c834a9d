/**
 * Risk targets for the frontier search: `"badDebt.var99 <= 1e6"` reads "the cell's VaR 99% of bad
 * debt is at most 1,000,000 USD"; `"adlNotional[perp-dex].var99 <= 5e7"` targets one margin engine.
 * A target is parsed once ({@link parseRiskTarget}) and evaluated against each cell's
 * {@link CellRiskSummary} ({@link evaluateRiskTarget}).
 */
import { UsageError } from '../../kernel/errors.js';
import type { Interval } from './interval.js';
import type { CellRiskSummary, LossRiskSummary, MetricDistribution } from './summary.js';
import type { ProbabilityEstimate } from './interval.js';

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
  perpLiquidatedNotional: LOSS_STATISTICS,
  adlNotional: [...LOSS_STATISTICS, 'probability'],
  liquidated: LOSS_STATISTICS,
} as const satisfies Record<string, readonly string[]>;

/**
 * Metrics a target can name for one margin engine (`<metric>[<protocol id>].<statistic>`): its bad debt, what it
 * liquidated (collateral seized, or perp notional closed), its ADL notional (perp) and its fund's exhaustion.
 *
 * @example PROTOCOL_TARGET_METRICS.includes('badDebt'); // true
 */
export const PROTOCOL_TARGET_METRICS = [
  'badDebt',
  'liquidated',
  'adlNotional',
  'fundExhausted',
] as const satisfies readonly TargetMetric[];

/** Metrics that only exist per protocol (no total of that name). */
const PROTOCOL_ONLY_METRICS: readonly string[] = ['liquidated'];

/** A metric a risk target can name. */
export type TargetMetric = keyof typeof TARGET_STATISTICS;

/** Comparison operators of a risk target. */
export const TARGET_OPERATORS = ['<=', '<', '>=', '>'] as const;

/** A comparison operator of a risk target. */
export type TargetOperator = (typeof TARGET_OPERATORS)[number];

/** Other spellings accepted for a metric (the RunMetrics field names). */
const METRIC_ALIASES: Readonly<Record<string, TargetMetric>> = {
  badDebtUsd: 'badDebt',
  liquidatedCollateralUsd: 'liquidatedCollateral',
  insuranceFundExhausted: 'fundExhausted',
  perpLiquidatedNotionalUsd: 'perpLiquidatedNotional',
  adlNotionalUsd: 'adlNotional',
  liquidatedUsd: 'liquidated',
};

/** Other spellings accepted for a statistic. */
const STATISTIC_ALIASES: Readonly<Record<string, string>> = { p: 'probability' };

/**
 * A parsed risk target.
 *
 * @example parseRiskTarget('badDebt.var99 <= 1e6'); // { metric: 'badDebt', statistic: 'var99', op: '<=', threshold: 1000000, text: … }
 */
export interface RiskTarget {
  metric: TargetMetric;
  /** The margin engine a per-protocol target names (`badDebt[lend-b].var99`); absent for a total. */
  protocol?: string;
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
    throw new UsageError(
      `risk target "${text}": ${why} (form: <metric>.<statistic> <op> <number>, e.g. "badDebt.var99 <= 1e6")`,
    );
  };
  const opMatch = /<=|>=|=<|=>|<|>|==|=|!=/.exec(text);
  if (opMatch === null || !(TARGET_OPERATORS as readonly string[]).includes(opMatch[0])) {
    fail(
      `${opMatch === null ? 'no comparison operator' : `unknown operator "${opMatch[0]}"`}; allowed operators: ${TARGET_OPERATORS.join(', ')}`,
    );
  }
  const op = opMatch![0] as TargetOperator;
  const left = text.slice(0, opMatch!.index).trim();
  const right = text.slice(opMatch!.index + op.length).trim();

  const parts = /^([A-Za-z]+)(?:\[([^\]]+)\])?\.([A-Za-z0-9]+)$/.exec(left);
  if (parts === null)
    fail(`"${left}" is not <metric>.<statistic> or <metric>[<protocol>].<statistic>; metrics: ${metricList()}`);
  const [, name, protocol, written] = parts!;
  const metric = resolveMetric(name);
  if (metric === undefined) fail(`unknown metric "${name}"; allowed metrics: ${metricList()}`);
  if (protocol !== undefined && !(PROTOCOL_TARGET_METRICS as readonly string[]).includes(metric!)) {
    fail(`${metric} has no per-protocol value; per-protocol metrics: ${PROTOCOL_TARGET_METRICS.join(', ')}`);
  }
  if (protocol === undefined && PROTOCOL_ONLY_METRICS.includes(metric!))
    fail(`${metric} is per protocol: write ${metric}[<protocol id>].<statistic>`);
  const allowed: readonly string[] = TARGET_STATISTICS[metric!];
  const statistic = STATISTIC_ALIASES[written] ?? written;
  if (!allowed.includes(statistic))
    fail(`unknown statistic "${written}" for ${metric}; allowed statistics: ${allowed.join(', ')}`);

  if (!NUMBER_PATTERN.test(right)) fail(`threshold "${right}" is not a number`);
  const threshold = Number(right);
  if (!Number.isFinite(threshold)) fail(`threshold "${right}" is not finite`);
  if (statistic === 'probability' && !(threshold >= 0 && threshold <= 1))
    fail(`a probability threshold is a fraction in [0, 1] (0.05 for 5%), got ${right}`);
  return { metric: metric!, ...(protocol !== undefined ? { protocol } : {}), statistic, op, threshold, text };
}

/**
 * Checks a parsed target against one cell's risk summary (see {@link TargetEvaluation}).
 *
 * @example evaluateRiskTarget(parseRiskTarget('badDebt.probability <= 0.05'), summary.cells[0]).satisfied;
 */
export function evaluateRiskTarget(target: RiskTarget, cell: CellRiskSummary): TargetEvaluation {
  const { value, ci95 } = lookUp(target, cell);
  const meets = (x: number): boolean => compare(x, target.op, target.threshold);
  if (value === null)
    return { target, value, ci95, satisfied: false, ciStraddles: ci95 === null ? null : false, verdict: 'not-met' };
  const satisfied = meets(value);
  if (ci95 === null)
    return { target, value, ci95, satisfied, ciStraddles: null, verdict: satisfied ? 'met' : 'not-met' };
  // The operators are monotone, so the interval's endpoints decide for the whole interval.
  const lowerMeets = meets(ci95.lower);
  const upperMeets = meets(ci95.upper);
  const ciStraddles = lowerMeets !== upperMeets;
  return {
    target,
    value,
    ci95,
    satisfied,
    ciStraddles,
    verdict: ciStraddles ? 'uncertain' : lowerMeets ? 'met' : 'not-met',
  };
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

type Looked = { value: number | null; ci95: Interval | null };

function lookUp(target: RiskTarget, cell: CellRiskSummary): Looked {
  const { metric, statistic } = target;
  if (target.protocol !== undefined) return lookUpProtocol(target, target.protocol, cell);
  if (metric === 'amplification' || metric === 'cascadeGenerations') {
    const distribution: MetricDistribution = metric === 'amplification' ? cell.amplification : cell.cascadeGenerations;
    const value =
      distribution.distribution === null
        ? null
        : distribution.distribution[statistic as keyof NonNullable<MetricDistribution['distribution']>];
    return { value, ci95: null };
  }
  if (metric === 'perpLiquidatedNotional' || metric === 'adlNotional') {
    const perp = cell.perp;
    if (perp === undefined) throw new UsageError(`risk target "${target.text}": the scenario has no perp exchange`);
    if (statistic === 'probability') return probabilityOf(perp.probabilityOfAdl);
    return statisticOf(metric === 'adlNotional' ? perp.adlNotionalUsd : perp.perpLiquidatedNotionalUsd, statistic);
  }
  if (statistic === 'probability')
    return probabilityOf(metric === 'fundExhausted' ? cell.probabilityOfFundExhaustion : cell.probabilityOfBadDebt);
  return statisticOf(metric === 'badDebt' ? cell.badDebtUsd : cell.liquidatedCollateralUsd, statistic);
}

/** A per-protocol target against the cell's entry for that protocol. */
function lookUpProtocol(target: RiskTarget, protocol: string, cell: CellRiskSummary): Looked {
  const entry = cell.byProtocol.find((p) => p.protocol === protocol);
  const fail = (why: string): never => {
    throw new UsageError(`risk target "${target.text}": ${why}`);
  };
  if (entry === undefined)
    return fail(`no protocol "${protocol}"; protocols: ${cell.byProtocol.map((p) => p.protocol).join(', ')}`);
  const { metric, statistic } = target;
  if (metric === 'fundExhausted') return probabilityOf(entry.probabilityOfFundExhaustion);
  if (metric === 'adlNotional') {
    if (entry.adlNotionalUsd === undefined)
      return fail(`${protocol} is a ${entry.kind} protocol; adlNotional is a perp exchange's`);
    if (statistic === 'probability')
      return fail('per protocol, adlNotional has no probability; use adlNotional.probability for the total');
    return statisticOf(entry.adlNotionalUsd, statistic);
  }
  if (statistic === 'probability') return probabilityOf(entry.probabilityOfBadDebt);
  return statisticOf(metric === 'badDebt' ? entry.badDebtUsd : entry.liquidatedUsd, statistic);
}

function probabilityOf(p: ProbabilityEstimate): Looked {
  return { value: p.value, ci95: p.ci95 };
}

function statisticOf(loss: LossRiskSummary, statistic: string): Looked {
  if (
    statistic === 'mean' ||
    statistic === 'var95' ||
    statistic === 'var99' ||
    statistic === 'cvar95' ||
    statistic === 'cvar99'
  ) {
    return { value: loss[statistic].value, ci95: loss[statistic].ci95 };
  }
  return { value: loss.distribution[statistic as keyof LossRiskSummary['distribution']], ci95: null };
}

function resolveMetric(name: string): TargetMetric | undefined {
  if (Object.hasOwn(TARGET_STATISTICS, name)) return name as TargetMetric;
  return Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
}

function metricList(): string {
  return Object.keys(TARGET_STATISTICS).join(', ');
}
