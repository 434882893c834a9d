/**
 * Paired differences between the cells of a sweep. Every cell runs path p with the same seed (common
 * random numbers, batch/seeds.ts), so path p of two cells saw the same exogenous price path and the
 * same borrower book; the per-path difference d_p = x_p(cell) − x_p(baseline) isolates the effect of
 * the parameters. Its mean is estimated with the t interval d̄ ± t_{0.975, n−1}·s_d/√n over the n
 * pairs (Student 1908; e.g. Wasserman, All of Statistics, 2004, §10.9 for paired comparisons).
 */
import type { RunMetrics } from '../result.js';
import type { CellParameters, PathRecord } from '../batch/types.js';
import { UsageError } from '../../kernel/errors.js';
import type { Interval } from './interval.js';
import { studentTQuantile } from './student-t.js';

/**
 * The metrics compared between cells, and how each is read from a path's RunMetrics: the value, or
 * null when the path has none (amplification when the exogenous price never fell). Indicators are 0
 * or 1, so their mean difference is a difference of probabilities.
 */
export const PAIRED_METRICS = {
  badDebtUsd: { unit: 'USD', read: (m: RunMetrics): number | null => m.badDebtUsd },
  probabilityOfBadDebt: {
    unit: 'probability (1 when badDebtUsd > 0, else 0)',
    read: (m: RunMetrics): number | null => (m.badDebtUsd > 0 ? 1 : 0),
  },
  probabilityOfFundExhaustion: {
    unit: 'probability (1 when insuranceFundShortfalls > 0, else 0)',
    read: (m: RunMetrics): number | null => (m.insuranceFundShortfalls > 0 ? 1 : 0),
  },
  liquidatedCollateralUsd: { unit: 'USD', read: (m: RunMetrics): number | null => m.liquidatedCollateralUsd },
  oracleDrawdown: {
    unit: 'fraction of the peak oracle price (0.01 = 1 percentage point)',
    read: (m: RunMetrics): number | null => m.oracleDrawdown,
  },
  amplification: {
    unit: 'ratio oracleDrawdown / externalDrawdown; pairs where either path has none are left out',
    read: (m: RunMetrics): number | null => m.amplification,
  },
  cascadeGenerations: { unit: 'count', read: (m: RunMetrics): number | null => m.cascadeGenerations },
  perpLiquidatedNotionalUsd: {
    unit: 'USD (perp exchanges; 0 without one)',
    read: (m: RunMetrics): number | null => m.perpLiquidatedNotionalUsd,
  },
  adlNotionalUsd: {
    unit: 'USD (perp exchanges; 0 without one)',
    read: (m: RunMetrics): number | null => m.adlNotionalUsd,
  },
} as const;

/** A metric of {@link PAIRED_METRICS}. */
export type PairedMetric = keyof typeof PAIRED_METRICS;

/**
 * The paired difference of one metric between a cell and the baseline, over the paths both ran.
 *
 * @example const d: PairedDifference = { pairs: 200, mean: -1.5e5, ci95: { lower: -1.9e5, upper: -1.1e5 }, sd: 2.9e5, cellMean: 1.1e6, baselineMean: 1.25e6, correlation: 0.97 };
 */
export interface PairedDifference {
  /** Paths with a value in both cells. */
  pairs: number;
  /** Mean of (cell − baseline) over the pairs, in the metric's unit. */
  mean: number;
  /** 95% t interval of the mean difference; null with fewer than 2 pairs. */
  ci95: Interval | null;
  /** Sample standard deviation (n − 1) of the per-path differences. */
  sd: number;
  /** Means of the cell and of the baseline over the same pairs. */
  cellMean: number;
  baselineMean: number;
  /**
   * Pearson correlation of the cell's and the baseline's values over the pairs: how much the common
   * random numbers shrink the interval (Var(d) = Var(x) + Var(y) − 2·ρ·sd(x)·sd(y)); null when either is constant.
   */
  correlation: number | null;
}

/**
 * One cell against the baseline.
 *
 * @example comparison.cells[0].differences.badDebtUsd?.ci95;
 */
export interface CellComparison {
  cell: number;
  parameters: CellParameters;
  /** Per metric; null when no path has a value in both cells. */
  differences: Record<PairedMetric, PairedDifference | null>;
}

/**
 * Every other cell of a batch against the baseline cell.
 *
 * @example pairedComparison(records, 0).cells.map((c) => c.differences.badDebtUsd?.mean);
 */
export interface PairedComparison {
  baselineCell: number;
  baselineParameters: CellParameters;
  units: Record<PairedMetric, string>;
  method: typeof PAIRED_METHOD;
  /** Every cell but the baseline, in cell order. */
  cells: CellComparison[];
}

/** How the paired differences are computed, printed with them. */
export const PAIRED_METHOD = {
  pairing:
    'path p of every cell runs with the same seed (common random numbers): same exogenous price path and borrower book; cells differ only by their parameters',
  difference: 'd_p = value in the cell − value in the baseline cell, path by path; mean over the paths both cells ran',
  ci95: "95% t interval: mean(d) ± t(0.975, n − 1)·sd(d)/√n (Student's t, n = pairs); it assumes the mean of the differences is near normal, which needs more paths when the differences are rare and large (bad debt)",
} as const;

/** Pearson correlation of two equal-length samples; null when either has zero variance. */
function correlation(x: Float64Array, y: Float64Array, meanX: number, meanY: number): number | null {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - meanX) * (y[i] - meanY);
    sxx += (x[i] - meanX) ** 2;
    syy += (y[i] - meanY) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

const meanOf = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * The paired difference of `cell` − `baseline` values given pair by pair (equal lengths, finite).
 *
 * @example
 * pairedDifference(Float64Array.of(3, 5, 7), Float64Array.of(1, 2, 3)).mean; // 3 (differences 2, 3, 4)
 */
export function pairedDifference(cell: Float64Array, baseline: Float64Array): PairedDifference {
  if (cell.length !== baseline.length)
    throw new RangeError(`paired difference: ${cell.length} cell values for ${baseline.length} baseline values`);
  const n = cell.length;
  if (n === 0) throw new RangeError('paired difference of no pairs');
  const differences = cell.map((v, i) => v - baseline[i]);
  if (!differences.every(Number.isFinite)) throw new RangeError('paired difference: a value is not finite');
  const mean = meanOf(differences);
  const sd = n < 2 ? 0 : Math.sqrt(differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1));
  // Student's t interval of a mean: d̄ ± t_{0.975, n−1}·s/√n.
  const halfWidth = n < 2 ? 0 : (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  const cellMean = meanOf(cell);
  const baselineMean = meanOf(baseline);
  return {
    pairs: n,
    mean,
    ci95: n < 2 ? null : { lower: mean - halfWidth, upper: mean + halfWidth },
    sd,
    cellMean,
    baselineMean,
    correlation: correlation(cell, baseline, cellMean, baselineMean),
  };
}

/** Each cell's records by path index. */
function byCellAndPath(records: readonly PathRecord[]): Map<number, Map<number, PathRecord>> {
  const cells = new Map<number, Map<number, PathRecord>>();
  for (const record of records) {
    let paths = cells.get(record.cell);
    if (paths === undefined) cells.set(record.cell, (paths = new Map()));
    paths.set(record.path, record);
  }
  return cells;
}

/**
 * Paired differences of every cell of `records` against `baselineCell`, per {@link PAIRED_METRICS}.
 * Paths are paired by index; a path one of the two cells lacks (a stopped batch) is left out. Throws a
 * UsageError when the baseline cell has no paths.
 *
 * @example
 * const comparison = pairedComparison(records, 0);
 * comparison.cells[0].differences.liquidatedCollateralUsd; // { mean, ci95, ... } in USD
 */
export function pairedComparison(records: readonly PathRecord[], baselineCell: number): PairedComparison {
  const cells = byCellAndPath(records);
  const baseline = cells.get(baselineCell);
  if (baseline === undefined) throw new UsageError(`paired differences: baseline cell ${baselineCell} has no paths`);
  const metrics = Object.keys(PAIRED_METRICS) as PairedMetric[];
  const comparisons: CellComparison[] = [...cells.keys()]
    .filter((cell) => cell !== baselineCell)
    .sort((a, b) => a - b)
    .map((cell) => {
      const paths = cells.get(cell)!;
      const shared = [...paths.keys()].filter((path) => baseline.has(path)).sort((a, b) => a - b);
      const differences = Object.fromEntries(
        metrics.map((metric) => {
          const read = PAIRED_METRICS[metric].read;
          const pairs = shared.flatMap((path) => {
            const [x, y] = [read(paths.get(path)!.metrics), read(baseline.get(path)!.metrics)];
            return x === null || y === null ? [] : [[x, y] as const];
          });
          if (pairs.length === 0) return [metric, null];
          return [
            metric,
            pairedDifference(
              Float64Array.from(pairs, (p) => p[0]),
              Float64Array.from(pairs, (p) => p[1]),
            ),
          ];
        }),
      ) as Record<PairedMetric, PairedDifference | null>;
      return { cell, parameters: paths.values().next().value!.parameters, differences };
    });
  return {
    baselineCell,
    baselineParameters: baseline.values().next().value!.parameters,
    units: Object.fromEntries(metrics.map((metric) => [metric, PAIRED_METRICS[metric].unit])) as Record<
      PairedMetric,
      string
    >,
    method: PAIRED_METHOD,
    cells: comparisons,
  };
}
