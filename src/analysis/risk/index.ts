/**
 * Risk measures over Monte Carlo paths: quantiles, VaR/CVaR, Wilson intervals, a seeded bootstrap,
 * distribution summaries, paired differences between sweep cells, the per-cell {@link riskSummary} and risk targets for
 * the frontier search.
 *
 * @example
 * import { riskSummary, parseRiskTarget, evaluateRiskTarget } from './analysis/risk/index.js';
 * const summary = riskSummary(records);
 * evaluateRiskTarget(parseRiskTarget('badDebt.var99 <= 1e6'), summary.cells[0]).verdict;
 */
export {
  BOOTSTRAP_STREAM,
  DEFAULT_RESAMPLES,
  bootstrapIntervals,
  percentileInterval,
  type BootstrapIntervals,
  type BootstrapOptions,
} from './bootstrap.js';
export {
  DEFAULT_HISTOGRAM_BINS,
  SUMMARY_QUANTILES,
  distributionSummary,
  distributionSummaryOfSorted,
  histogram,
  type DistributionSummary,
  type Histogram,
} from './distribution.js';
export {
  normalMeanInterval,
  probabilityEstimate,
  wilsonInterval,
  type Estimate,
  type Interval,
  type ProbabilityEstimate,
} from './interval.js';
export { standardNormalQuantile, twoSidedZ } from './normal.js';
export {
  PAIRED_METHOD,
  PAIRED_METRICS,
  pairedComparison,
  pairedDifference,
  type CellComparison,
  type PairedComparison,
  type PairedDifference,
  type PairedMetric,
} from './paired.js';
export {
  lowerQuantileRank,
  mean,
  quantile,
  quantileOfSorted,
  sortedCopy,
  standardDeviation,
  type Sample,
} from './sample.js';
export {
  RISK_METHOD,
  RISK_UNITS,
  riskSummary,
  type CapitalEfficiencySummary,
  type CellRiskSummary,
  type LossRiskSummary,
  type MetricDistribution,
  type RiskSummary,
  type RiskSummaryOptions,
} from './summary.js';
export {
  TARGET_OPERATORS,
  TARGET_STATISTICS,
  PROTOCOL_TARGET_METRICS,
  evaluateRiskTarget,
  parseRiskTarget,
  type RiskTarget,
  type TargetEvaluation,
  type TargetMetric,
  type TargetOperator,
} from './target.js';
export { conditionalValueAtRisk, tailRiskOfSorted, valueAtRisk, type TailRisk } from './tail.js';
export { studentTQuantile } from './student-t.js';
