/**
 * The liquidation-risk part of a cell's risk summary: the liquidation probability curve by block-0 health, recovery
 * times and saturation over paths. Each path contributes its per-bucket counts, so the aggregation reads plain numbers
 * and does not depend on the worker count or the order paths arrive in (they are taken in path order).
 */
import type { PathRecord } from '../batch/types.js';
import type { HealthBucketCount, LiquidationRiskReport } from '../result.js';
import { distributionSummaryOfSorted, type DistributionSummary } from './distribution.js';
import { normalMeanInterval, probabilityEstimate, type Interval, type ProbabilityEstimate } from './interval.js';
import { pathShareEstimate, type PathShareEstimate } from './path-share.js';
import { sortedCopy } from './sample.js';

/**
 * One bucket of the curve over paths.
 *
 * @example summary.cells[0].liquidationRisk?.curve.lending[1].probability.value;
 */
export interface BucketProbability {
  /** Health range [lower, upper); null for an open end. */
  lower: number | null;
  upper: number | null;
  /** Accounts in the bucket, summed over paths, and their mean per path. */
  accounts: number;
  meanAccountsPerPath: number;
  /** Of those, liquidated at least once during their path. */
  liquidated: number;
  /** Paths with at least one account in the bucket (the sample of the estimates). */
  paths: number;
  /** P(an account of the bucket is liquidated at least once): mean over those paths of the share liquidated. */
  probability: PathShareEstimate | null;
  /** The same with each account weighted by its block-0 debt (perp: notional). */
  weightedProbability: PathShareEstimate | null;
}

/**
 * A per-path quantity over the paths where it is defined (a time that was reached), with the mean's normal interval.
 *
 * @example summary.cells[0].liquidationRisk?.recovery.minutesToClear.distribution?.p50;
 */
export interface DefinedDistribution {
  /** Paths with a value, and paths without one (never reached within the run, or nothing to measure). */
  paths: number;
  excludedNull: number;
  distribution: DistributionSummary | null;
  meanCi95: Interval | null;
}

/**
 * Liquidation risk of one cell.
 *
 * @example summary.cells[0].liquidationRisk?.saturation.probabilityOfSaturation.value;
 */
export interface CellLiquidationRiskSummary {
  /** Paths that carry the report (a path stored by an older Cascade has none). */
  paths: number;
  curve: { edges: number[]; lending: BucketProbability[]; perp?: BucketProbability[] };
  recovery: {
    /** P(any lending liquidation), then, over all paths, P(cleared within the run) and P(recovered within the run). */
    probabilityOfLiquidation: ProbabilityEstimate;
    probabilityCleared: ProbabilityEstimate;
    probabilityRecovered: ProbabilityEstimate;
    /** Minutes from the first liquidation, over the paths that got there. */
    minutesToClear: DefinedDistribution;
    minutesToRecovery: DefinedDistribution;
  };
  saturation: {
    probabilityOfSaturation: ProbabilityEstimate;
    saturatedBlocks: DefinedDistribution;
    longestSaturatedRunBlocks: DefinedDistribution;
    peakSaturatedBacklogUsd: DefinedDistribution;
    peakBacklogUsd: DefinedDistribution;
  };
}

/**
 * The liquidation-risk summary of one cell's paths (taken in path order, whatever order they come in); undefined when
 * no path carries the report.
 *
 * @example liquidationRiskSummary(records)?.curve.lending.map((b) => b.probability?.value);
 */
export function liquidationRiskSummary(paths: readonly PathRecord[]): CellLiquidationRiskSummary | undefined {
  const ordered = [...paths].sort((a, b) => a.cell - b.cell || a.path - b.path);
  const reports = ordered.flatMap((p) => (p.liquidationRisk ? [p.liquidationRisk] : []));
  if (reports.length === 0) return undefined;
  const n = reports.length;
  const edges = reports[0].curve.edges;
  const probability = (test: (r: LiquidationRiskReport) => boolean) =>
    probabilityEstimate(reports.filter(test).length, n);
  const defined = (read: (r: LiquidationRiskReport) => number | null) => definedDistribution(reports.map(read));
  const perp = reports.every((r) => r.curve.perp !== undefined)
    ? {
        perp: curveOver(
          reports.map((r) => r.curve.perp!),
          edges,
        ),
      }
    : {};
  return {
    paths: n,
    curve: {
      edges: [...edges],
      lending: curveOver(
        reports.map((r) => r.curve.lending),
        edges,
      ),
      ...perp,
    },
    recovery: {
      probabilityOfLiquidation: probability((r) => r.recovery.status !== 'no-liquidations'),
      probabilityCleared: probability((r) => r.recovery.status === 'cleared' || r.recovery.status === 'recovered'),
      probabilityRecovered: probability((r) => r.recovery.status === 'recovered'),
      minutesToClear: defined((r) => r.recovery.minutesToClear),
      minutesToRecovery: defined((r) => r.recovery.minutesToRecovery),
    },
    saturation: {
      probabilityOfSaturation: probability((r) => r.saturation.saturatedBlocks > 0),
      saturatedBlocks: defined((r) => r.saturation.saturatedBlocks),
      longestSaturatedRunBlocks: defined((r) => r.saturation.longestSaturatedRunBlocks),
      peakSaturatedBacklogUsd: defined((r) => r.saturation.peakSaturatedBacklogUsd),
      peakBacklogUsd: defined((r) => r.saturation.peakBacklogUsd),
    },
  };
}

/** Each bucket over paths: totals, and the per-path shares averaged over the paths that have accounts in it. */
function curveOver(curves: readonly HealthBucketCount[][], edges: readonly number[]): BucketProbability[] {
  return Array.from({ length: edges.length + 1 }, (_, k) => {
    let accounts = 0;
    let liquidated = 0;
    const shares: number[] = [];
    const weighted: number[] = [];
    for (const curve of curves) {
      const b = curve[k];
      accounts += b.accounts;
      liquidated += b.liquidated;
      if (b.accounts === 0) continue;
      shares.push(b.liquidated / b.accounts);
      if (b.weightUsd > 0) weighted.push(b.liquidatedWeightUsd / b.weightUsd);
    }
    return {
      lower: k === 0 ? null : edges[k - 1],
      upper: k === edges.length ? null : edges[k],
      accounts,
      meanAccountsPerPath: accounts / curves.length,
      liquidated,
      paths: shares.length,
      probability: shares.length > 0 ? pathShareEstimate(shares, accounts) : null,
      weightedProbability: weighted.length > 0 ? pathShareEstimate(weighted, accounts) : null,
    };
  });
}

function definedDistribution(values: readonly (number | null)[]): DefinedDistribution {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { paths: 0, excludedNull: values.length, distribution: null, meanCi95: null };
  const distribution = distributionSummaryOfSorted(sortedCopy(present));
  return {
    paths: present.length,
    excludedNull: values.length - present.length,
    distribution,
    meanCi95: normalMeanInterval(distribution.mean, distribution.sd, present.length),
  };
}
