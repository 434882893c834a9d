/**
 * Risk summary of a batch's paths, per cell: what `cascade mc --json` prints. Plain JSON: every
 * number is finite; USD values are in the numeraire, probabilities are fractions in [0, 1].
 */
import type { CellParameters, PathRecord } from '../batch/types.js';
import type { RunMetrics } from '../result.js';
import type { ProtocolKind, ProtocolMetrics } from '../result.js';
import { InvariantError, UsageError } from '../../kernel/errors.js';
import { BOOTSTRAP_STREAM, DEFAULT_RESAMPLES, bootstrapIntervals, type BootstrapIntervals } from './bootstrap.js';
import {
  DEFAULT_HISTOGRAM_BINS,
  distributionSummaryOfSorted,
  histogram,
  type DistributionSummary,
  type Histogram,
} from './distribution.js';
import {
  normalMeanInterval,
  probabilityEstimate,
  type Estimate,
  type Interval,
  type ProbabilityEstimate,
} from './interval.js';
import { QUANTILE_DEFINITION } from '../../kernel/statistics.js';
import { sortedCopy } from './sample.js';
import { tailRiskOfSorted } from './tail.js';
import { liquidationRiskSummary, type CellLiquidationRiskSummary } from './liquidation-risk-summary.js';

/**
 * Options of {@link riskSummary}.
 *
 * @example const options: RiskSummaryOptions = { resamples: 1000, seed: 1, histogramBins: 20 };
 */
export interface RiskSummaryOptions {
  /** Bootstrap resamples per cell (default 1000). */
  resamples?: number;
  /** Seed of the bootstrap stream (default 1). The same seed gives the same intervals. */
  seed?: number;
  /** Bins of every histogram (default 20). */
  histogramBins?: number;
}

/**
 * Mean, distribution and tail risk of a per-path loss in USD. `mean.ci95` is the percentile
 * bootstrap interval, `mean.normalCi95` the analytic x̄ ± 1.96·s/√n.
 *
 * @example summary.cells[0].badDebtUsd.var99.value; // USD lost or exceeded on 1% of paths
 */
export interface LossRiskSummary {
  mean: Estimate & { normalCi95: Interval };
  /** VaR at 95% / 99%: the lower empirical 0.95 / 0.99 quantile of the losses, USD. */
  var95: Estimate;
  var99: Estimate;
  /** CVaR (expected shortfall) at 95% / 99%: the mean of the worst 5% / 1% of paths (Acerbi–Tasche), USD. */
  cvar95: Estimate;
  cvar99: Estimate;
  distribution: DistributionSummary;
  histogram: Histogram;
}

/**
 * Distribution of a metric that may be undefined on some paths (amplification is null when the
 * exogenous price never fell): those paths are excluded and counted. `distribution` and `histogram`
 * are null when no path has a value.
 *
 * @example summary.cells[0].amplification.excludedNull; // paths whose external price never fell
 */
export interface MetricDistribution {
  /** Paths with a value (the sample size of `distribution`). */
  paths: number;
  /** Paths excluded because the metric was null. */
  excludedNull: number;
  distribution: DistributionSummary | null;
  histogram: Histogram | null;
}

/**
 * Risk summary of one cell.
 *
 * @example summary.cells[0].probabilityOfBadDebt.ci95.upper; // fraction
 */
export interface CellRiskSummary {
  cell: number;
  parameters: CellParameters;
  /** Paths of this cell. */
  paths: number;
  /** RunMetrics.badDebtUsd per path, USD. */
  badDebtUsd: LossRiskSummary;
  /** RunMetrics.liquidatedCollateralUsd per path, USD. */
  liquidatedCollateralUsd: LossRiskSummary;
  /** P(badDebtUsd > 0): the share of paths with any bad debt, with its Wilson 95% interval. */
  probabilityOfBadDebt: ProbabilityEstimate;
  /** P(insuranceFundShortfalls > 0): the share of paths on which an insurance fund ran out (see {@link RISK_METHOD}).
   * */
  probabilityOfFundExhaustion: ProbabilityEstimate;
  /** RunMetrics.amplification (oracleDrawdown / externalDrawdown, a ratio); null paths excluded. */
  amplification: MetricDistribution;
  /** RunMetrics.cascadeGenerations (a count). */
  cascadeGenerations: MetricDistribution;
  /** Lending capital efficiency per path (RunMetrics.averageLtv, borrowingPowerUsed, borrowingCapacity: fractions);
   * present when some path has a lending protocol. */
  capitalEfficiency?: CapitalEfficiencySummary;
  /** P(calibrationWarnings > 0): the share of paths that left the range the model is calibrated for
   * (analysis/metrics/calibration.ts). */
  probabilityOutsideCalibration: ProbabilityEstimate;
  /** Perp exchanges' totals, present when the scenario has one. */
  perp?: PerpRiskSummary;
  /** Each margin engine's own risk, in RunMetrics.byProtocol order. */
  byProtocol: ProtocolRiskSummary[];
  /** Liquidation probability by block-0 health, recovery and saturation (absent when no path carries them). */
  liquidationRisk?: CellLiquidationRiskSummary;
}

/**
 * Distributions over a cell's paths of the capital-efficiency metrics (docs/closed-loop.md).
 *
 * @example summary.cells[0].capitalEfficiency?.borrowingCapacity.distribution?.mean; // 1 for static thresholds
 */
export interface CapitalEfficiencySummary {
  averageLtv: MetricDistribution;
  borrowingPowerUsed: MetricDistribution;
  borrowingCapacity: MetricDistribution;
}

/**
 * The perp exchanges' risk in one cell: notional liquidated and auto-deleveraged per path.
 *
 * @example summary.cells[0].perp?.adlNotionalUsd.var99.value;
 */
export interface PerpRiskSummary {
  /** RunMetrics.perpLiquidatedNotionalUsd per path, USD. */
  perpLiquidatedNotionalUsd: LossRiskSummary;
  /** RunMetrics.adlNotionalUsd per path, USD. */
  adlNotionalUsd: LossRiskSummary;
  /** P(adlFills > 0): the share of paths on which some profitable trader was deleveraged. */
  probabilityOfAdl: ProbabilityEstimate;
}

/**
 * One margin engine's risk in one cell, from RunMetrics.byProtocol.
 *
 * @example summary.cells[0].byProtocol.find((p) => p.protocol === 'lend-b')?.badDebtUsd.cvar99.value;
 */
export interface ProtocolRiskSummary {
  protocol: string;
  kind: ProtocolKind;
  /** Its bad debt per path (perp: negative equity of accounts closed out), USD. */
  badDebtUsd: LossRiskSummary;
  /** Collateral seized (lending) or notional closed (perp) per path, USD. */
  liquidatedUsd: LossRiskSummary;
  /** ADL notional per path (perp exchanges only), USD. */
  adlNotionalUsd?: LossRiskSummary;
  probabilityOfBadDebt: ProbabilityEstimate;
  /** P(its insurance fund was asked for more than it held). */
  probabilityOfFundExhaustion: ProbabilityEstimate;
}

/**
 * The risk summary of a batch: one entry per cell, in cell order, and the definitions used.
 *
 * @example riskSummary(records).cells.map((c) => c.badDebtUsd.cvar99.value);
 */
export interface RiskSummary {
  units: typeof RISK_UNITS;
  method: typeof RISK_METHOD & { bootstrapResamples: number; bootstrapSeed: number; bootstrapStream: string };
  cells: CellRiskSummary[];
}

/** Units of the fields of a {@link RiskSummary}, printed with it. */
export const RISK_UNITS = {
  badDebtUsd: 'USD (numeraire): values, intervals and histogram edges',
  liquidatedCollateralUsd: 'USD (numeraire), collateral valued at the oracle price at seizure',
  probability: 'probabilityOf*.value and .ci95: fractions in [0, 1]',
  amplification: 'ratio oracleDrawdown / externalDrawdown (1 = no amplification)',
  cascadeGenerations: 'count of generations with liquidations',
  capitalEfficiency:
    "fractions per path, each averaged over the run's blocks (averageLtv, borrowingPowerUsed, borrowingCapacity)",
  perp: 'USD (numeraire): notional at the mark (liquidated) or at the bankruptcy prices (ADL)',
  byProtocol:
    'per margin engine; USD as the totals (liquidatedUsd: collateral at the oracle when seized, or perp notional at the mark)',
  liquidationRisk:
    'curve: health-factor buckets [lower, upper) at block 0, probabilities as fractions; recovery: minutes; saturation: blocks and USD',
} as const;

/** The definitions behind a {@link RiskSummary}, printed with it. */
export const RISK_METHOD = {
  quantile: QUANTILE_DEFINITION,
  var: 'VaR_a = lower empirical a-quantile of the per-path loss',
  cvar: 'CVaR_a = [sum of L_(i) for i > k + (k − n·a)·L_(k)] / (n·(1 − a)), k = ceil(n·a) (Acerbi–Tasche 2002)',
  ci95: 'mean/VaR/CVaR: 95% percentile bootstrap over paths (joint across metrics); mean.normalCi95: x̄ ± 1.96·s/√n',
  probabilityCi95: '95% Wilson score interval',
  liquidationCurve:
    'per bucket: mean over paths (with accounts in the bucket) of the share liquidated at least once; 95% Wilson interval at the effective number of paths p(1 − p)/Var(mean) (Kish design effect), paths being the independent unit',
  fundExhausted:
    'a path exhausted an insurance fund when insuranceFundShortfalls > 0: a fund was asked for more than it held (bad debt it could not cover in full; a perp loss it could not pay, handed to ADL). Bad debt socialised to suppliers by the rule (Morpho Blue, Euler v2) never asks the fund',
} as const;

/**
 * Per-cell risk summary of a batch's path records. Records are grouped by cell and ordered by path
 * index, so the result does not depend on the order the records arrive in.
 *
 * @example
 * const summary = riskSummary(records, { resamples: 1000, seed: 1 });
 * summary.cells[0].badDebtUsd.var99; // { value, ci95: { lower, upper } } in USD
 */
export function riskSummary(records: readonly PathRecord[], options: RiskSummaryOptions = {}): RiskSummary {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? 1;
  const bins = options.histogramBins ?? DEFAULT_HISTOGRAM_BINS;
  if (!(Number.isInteger(resamples) && resamples >= 1))
    throw new UsageError(`bootstrap resamples must be an integer ≥ 1, got ${resamples}`);
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new UsageError(`histogram bins must be an integer ≥ 1, got ${bins}`);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`bootstrap seed must be an integer, got ${seed}`);
  const cells = groupByCell(records).map((paths) => cellSummary(paths, { resamples, seed, bins }));
  return {
    units: RISK_UNITS,
    method: { ...RISK_METHOD, bootstrapResamples: resamples, bootstrapSeed: seed, bootstrapStream: BOOTSTRAP_STREAM },
    cells,
  };
}

function cellSummary(paths: PathRecord[], options: { resamples: number; seed: number; bins: number }): CellRiskSummary {
  const n = paths.length;
  const protocols = paths[0].metrics.byProtocol;
  const hasPerp = protocols.some((p) => p.kind === 'perp');
  // Every loss sample of the cell, bootstrapped jointly (the same drawn paths for all); the totals first.
  const samples: Float64Array[] = [];
  const sample = (read: (m: RunMetrics) => number): number =>
    samples.push(Float64Array.from(paths, (p) => read(p.metrics))) - 1;
  const badDebt = sample((m) => m.badDebtUsd);
  const liquidated = sample((m) => m.liquidatedCollateralUsd);
  const perpNotional = hasPerp ? sample((m) => m.perpLiquidatedNotionalUsd) : -1;
  const adl = hasPerp ? sample((m) => m.adlNotionalUsd) : -1;
  const own = (k: number, read: (p: ProtocolMetrics) => number) => (m: RunMetrics) =>
    read(protocolAt(m, k, protocols[k].protocol));
  const perProtocol = protocols.map((p, k) => ({
    badDebt: sample(own(k, (x) => x.badDebtUsd)),
    liquidated: sample(own(k, (x) => x.liquidatedUsd)),
    adl: p.kind === 'perp' ? sample(own(k, (x) => x.adlNotionalUsd)) : -1,
  }));
  const cis = bootstrapIntervals(samples, { resamples: options.resamples, seed: options.seed, alphas: [0.95, 0.99] });
  const loss = (index: number): LossRiskSummary => lossSummary(samples[index], cis[index], options.bins);
  const count = (test: (m: RunMetrics) => boolean): number => paths.reduce((k, p) => k + (test(p.metrics) ? 1 : 0), 0);
  const probability = (test: (m: RunMetrics) => boolean): ProbabilityEstimate => probabilityEstimate(count(test), n);
  return {
    cell: paths[0].cell,
    parameters: paths[0].parameters,
    paths: n,
    badDebtUsd: loss(badDebt),
    liquidatedCollateralUsd: loss(liquidated),
    probabilityOfBadDebt: probability((m) => m.badDebtUsd > 0),
    probabilityOfFundExhaustion: probability((m) => m.insuranceFundShortfalls > 0),
    probabilityOutsideCalibration: probability((m) => m.calibrationWarnings > 0),
    amplification: metricDistribution(
      paths.map((p) => p.metrics.amplification),
      options.bins,
    ),
    cascadeGenerations: metricDistribution(
      paths.map((p) => p.metrics.cascadeGenerations),
      options.bins,
    ),
    ...capitalEfficiencyOf(paths, options.bins),
    ...(hasPerp
      ? {
          perp: {
            perpLiquidatedNotionalUsd: loss(perpNotional),
            adlNotionalUsd: loss(adl),
            probabilityOfAdl: probability((m) => m.adlFills > 0),
          },
        }
      : {}),
    byProtocol: protocols.map((p, k) => ({
      protocol: p.protocol,
      kind: p.kind,
      badDebtUsd: loss(perProtocol[k].badDebt),
      liquidatedUsd: loss(perProtocol[k].liquidated),
      ...(p.kind === 'perp' ? { adlNotionalUsd: loss(perProtocol[k].adl) } : {}),
      probabilityOfBadDebt: probability((m) => protocolAt(m, k, p.protocol).badDebtUsd > 0),
      probabilityOfFundExhaustion: probability((m) => protocolAt(m, k, p.protocol).insuranceFundShortfalls > 0),
    })),
    ...liquidationRiskOf(paths),
  };
}

/** The cell's capital-efficiency distributions as an optional field (absent when no path has a lending protocol). */
function capitalEfficiencyOf(
  paths: readonly PathRecord[],
  bins: number,
): { capitalEfficiency?: CapitalEfficiencySummary } {
  if (!paths.some((p) => (p.metrics.averageLtv ?? null) !== null)) return {};
  const of = (read: (m: RunMetrics) => number | null) =>
    metricDistribution(
      paths.map((p) => read(p.metrics) ?? null),
      bins,
    );
  return {
    capitalEfficiency: {
      averageLtv: of((m) => m.averageLtv),
      borrowingPowerUsed: of((m) => m.borrowingPowerUsed),
      borrowingCapacity: of((m) => m.borrowingCapacity),
    },
  };
}

/** The cell's liquidation-risk summary as an optional field. */
function liquidationRiskOf(paths: readonly PathRecord[]): { liquidationRisk?: CellLiquidationRiskSummary } {
  const liquidationRisk = liquidationRiskSummary(paths);
  return liquidationRisk ? { liquidationRisk } : {};
}

/** Protocol `k` of a path's metrics, checked to be `id` (every path of a cell runs the same protocols, in the same
 * order). */
function protocolAt(metrics: RunMetrics, k: number, id: string): ProtocolMetrics {
  const p = metrics.byProtocol[k];
  if (p?.protocol !== id)
    throw new InvariantError(`risk summary: paths of one cell disagree on protocol ${k} (${id} vs ${p?.protocol})`);
  return p;
}

function lossSummary(losses: Float64Array, cis: BootstrapIntervals, bins: number): LossRiskSummary {
  const sorted = sortedCopy(losses);
  const distribution = distributionSummaryOfSorted(sorted);
  const tail95 = tailRiskOfSorted(sorted, 0.95);
  const tail99 = tailRiskOfSorted(sorted, 0.99);
  return {
    mean: {
      value: distribution.mean,
      ci95: cis.mean,
      normalCi95: normalMeanInterval(distribution.mean, distribution.sd, losses.length),
    },
    var95: { value: tail95.valueAtRisk, ci95: cis.valueAtRisk[0] },
    var99: { value: tail99.valueAtRisk, ci95: cis.valueAtRisk[1] },
    cvar95: { value: tail95.conditionalValueAtRisk, ci95: cis.conditionalValueAtRisk[0] },
    cvar99: { value: tail99.conditionalValueAtRisk, ci95: cis.conditionalValueAtRisk[1] },
    distribution,
    histogram: histogram(sorted, bins),
  };
}

function metricDistribution(values: readonly (number | null)[], bins: number): MetricDistribution {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { paths: 0, excludedNull: values.length, distribution: null, histogram: null };
  const sorted = sortedCopy(present);
  return {
    paths: present.length,
    excludedNull: values.length - present.length,
    distribution: distributionSummaryOfSorted(sorted),
    histogram: histogram(sorted, bins),
  };
}

/** Records grouped by cell (ascending), each group ordered by path index; a repeated (cell, path) is a bug upstream. */
function groupByCell(records: readonly PathRecord[]): PathRecord[][] {
  const byCell = new Map<number, PathRecord[]>();
  for (const record of records) {
    const group = byCell.get(record.cell);
    if (group === undefined) byCell.set(record.cell, [record]);
    else group.push(record);
  }
  return [...byCell.keys()]
    .sort((a, b) => a - b)
    .map((cell) => {
      const group = byCell
        .get(cell)!
        .slice()
        .sort((a, b) => a.path - b.path);
      for (let i = 1; i < group.length; i++) {
        if (group[i].path === group[i - 1].path)
          throw new InvariantError(`risk summary: cell ${cell} has path ${group[i].path} twice`);
      }
      return group;
    });
}
