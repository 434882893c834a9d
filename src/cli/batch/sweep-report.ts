import type { GridAxis } from '../../analysis/batch/grid.js';
import type { PathRecord } from '../../analysis/batch/types.js';
import type {
  CellRiskSummary,
  PairedComparison,
  PairedDifference,
  PairedMetric,
  RiskSummary,
} from '../../analysis/risk/index.js';
import type { CellParameters } from '../../analysis/batch/types.js';
import { cdfChart, sweepHeatmap, sweepLineChart } from '../../report/index.js';
import { formatFixed, formatGrouped, formatPercent, formatUsd } from '../../kernel/format.js';
import type { BatchChart } from './outputs.js';
import { drawsNothing, omittedNote } from './mc-report.js';

/** Most cells overlaid on one CDF chart (colours run out and lines blur past this). */
const MAX_CDF_CELLS = 12;

/**
 * The per-cell table of a sweep: the cell's parameters, then its headline risk numbers; lending columns (collateral
 * liquidated) when a cell has a lending protocol, perp columns (notional liquidated, ADL) when one has a perp exchange.
 */
export function sweepRows(axes: readonly GridAxis[], summary: RiskSummary): { header: string[]; rows: string[][] } {
  const lending = summary.cells.some((c) => c.byProtocol.some((p) => p.kind !== 'perp'));
  const perp = summary.cells.some((c) => c.perp !== undefined);
  const header = [
    ...axes.map((a) => a.path),
    'paths',
    'bad debt mean USD',
    'bad debt VaR99 USD',
    'bad debt CVaR99 USD',
    'P(bad debt)',
    'P(fund exhausted)',
    ...(lending ? ['liquidated mean USD'] : []),
    ...(perp ? ['perp liquidated mean USD', 'ADL mean USD', 'ADL VaR99 USD'] : []),
    'amplification p50',
    'P(outside calibrated range)',
  ];
  const rows = summary.cells.map((c) => [
    ...axes.map((a) => String(c.parameters[a.path])),
    String(c.paths),
    formatUsd(c.badDebtUsd.mean.value),
    formatUsd(c.badDebtUsd.var99.value),
    formatUsd(c.badDebtUsd.cvar99.value),
    formatPercent(c.probabilityOfBadDebt.value),
    formatPercent(c.probabilityOfFundExhaustion.value),
    ...(lending ? [formatUsd(c.liquidatedCollateralUsd.mean.value)] : []),
    ...(perp
      ? [
          c.perp?.perpLiquidatedNotionalUsd.mean.value,
          c.perp?.adlNotionalUsd.mean.value,
          c.perp?.adlNotionalUsd.var99.value,
        ].map((v) => (v === undefined ? 'n/a' : formatUsd(v)))
      : []),
    c.amplification.distribution ? formatGrouped(c.amplification.distribution.p50, 3) : 'n/a',
    formatPercent(c.probabilityOutsideCalibration.value),
  ]);
  return { header, rows };
}

/** A signed number with thousands separators and `decimals` decimals, e.g. +1,234.5 or -0.25 (0 unsigned). */
function signed(value: number, decimals: number): string {
  const text = formatFixed(value, decimals);
  return /^-?[0.,]+$/.test(text) ? text.replace('-', '') : value > 0 ? `+${text}` : text;
}

/** The paired columns of a sweep's comparison table: metric, header, scale to display units, decimals. */
const PAIRED_COLUMNS: { metric: PairedMetric; header: string; scale: number; decimals: number }[] = [
  { metric: 'badDebtUsd', header: 'Δ bad debt USD', scale: 1, decimals: 0 },
  { metric: 'probabilityOfBadDebt', header: 'Δ P(bad debt) pp', scale: 100, decimals: 2 },
  { metric: 'liquidatedCollateralUsd', header: 'Δ liquidated USD', scale: 1, decimals: 0 },
  { metric: 'oracleDrawdown', header: 'Δ oracle drawdown pp', scale: 100, decimals: 2 },
  { metric: 'amplification', header: 'Δ amplification', scale: 1, decimals: 3 },
];

/** The paired columns added when the batch has a perp exchange. */
const PERP_PAIRED_COLUMNS: typeof PAIRED_COLUMNS = [
  { metric: 'probabilityOfFundExhaustion', header: 'Δ P(fund exhausted) pp', scale: 100, decimals: 2 },
  { metric: 'perpLiquidatedNotionalUsd', header: 'Δ perp liquidated USD', scale: 1, decimals: 0 },
  { metric: 'adlNotionalUsd', header: 'Δ ADL USD', scale: 1, decimals: 0 },
];

/** `mean [lower, upper]` of a paired difference in display units; 'n/a' without pairs. */
function pairedText(d: PairedDifference | null, scale: number, decimals: number): string {
  if (d === null) return 'n/a';
  const mean = signed(d.mean * scale, decimals);
  return d.ci95 === null
    ? mean
    : `${mean} [${signed(d.ci95.lower * scale, decimals)}, ${signed(d.ci95.upper * scale, decimals)}]`;
}

/** `path=value` of every swept path of a cell, for titles. */
export function describeParameters(axes: readonly GridAxis[], parameters: CellParameters): string {
  return axes.map((a) => `${a.path}=${String(parameters[a.path])}`).join(', ');
}

/**
 * The paired-difference table of a sweep: one row per cell other than the baseline, its parameters,
 * the paths paired, then per headline metric the mean of (cell − baseline) over paths with its 95% t
 * interval in brackets (USD, or percentage points for probabilities and drawdowns).
 *
 * @example pairedRows(axes, pairedComparison(records, 0)).rows[0]; // ['4000000', '200', '-1,234 [-2,000, -468]', …]
 */
export function pairedRows(
  axes: readonly GridAxis[],
  comparison: PairedComparison,
  perp = false,
): { header: string[]; rows: string[][] } {
  const columns = perp ? [...PAIRED_COLUMNS, ...PERP_PAIRED_COLUMNS] : PAIRED_COLUMNS;
  const header = [...axes.map((a) => a.path), 'paired paths', ...columns.map((c) => `${c.header} [95% CI]`)];
  const rows = comparison.cells.map((c) => [
    ...axes.map((a) => String(c.parameters[a.path])),
    String(c.differences.badDebtUsd?.pairs ?? 0),
    ...columns.map((column) => pairedText(c.differences[column.metric], column.scale, column.decimals)),
  ]);
  return { header, rows };
}

/**
 * Line charts of a one-axis sweep's paired differences against the baseline (the baseline itself at 0),
 * with their 95% t intervals as bands: liquidated collateral and bad debt.
 *
 * @example pairedCharts(axes, comparison);
 */
export function pairedCharts(axes: readonly GridAxis[], comparison: PairedComparison): BatchChart[] {
  if (axes.length !== 1 || comparison.cells.length === 0) return [];
  const axis = axes[0];
  const baselineText = describeParameters(axes, comparison.baselineParameters);
  const line = (id: string, metric: PairedMetric, label: string): BatchChart => ({
    id,
    title: `${label} vs the baseline (${baselineText}), same paths`,
    caption: `Mean over paths of (cell − baseline) with its 95% t interval; every cell runs the same seeds, so the difference is the parameter's effect, not a different draw.`,
    option: sweepLineChart({
      param: axis.path,
      metricLabel: `Δ ${label}`,
      points: [
        { value: comparison.baselineParameters[axis.path], mean: 0, ciLow: 0, ciHigh: 0 },
        ...comparison.cells.map((c) => {
          const d = c.differences[metric];
          return {
            value: c.parameters[axis.path],
            mean: d?.mean ?? null,
            ciLow: d?.ci95?.lower ?? null,
            ciHigh: d?.ci95?.upper ?? null,
          };
        }),
      ],
    }),
  });
  return [
    line('sweep-paired-liquidated', 'liquidatedCollateralUsd', 'collateral liquidated (USD)'),
    line('sweep-paired-bad-debt', 'badDebtUsd', 'bad debt (USD)'),
  ];
}

/** The cell summary at grid position (x, y) of a two-axis sweep, if it ran. */
function cellAt(summary: RiskSummary, axes: readonly GridAxis[], x: number, y: number): CellRiskSummary | undefined {
  // gridCells: the first axis varies slowest, so cell = y·|x axis| + x with y on axis 0.
  return summary.cells.find((c) => c.cell === y * axes[1].values.length + x);
}

/**
 * The charts of a sweep: a heatmap per headline measure for two axes, mean lines with confidence
 * bands for one axis, and the bad-debt CDF of every cell (up to twelve); not the CDFs when every
 * path has no bad debt (the first chart's caption says so).
 *
 * @example sweepCharts(axes, summary, records);
 */
export function sweepCharts(
  axes: readonly GridAxis[],
  summary: RiskSummary,
  records: readonly PathRecord[],
): BatchChart[] {
  const charts: BatchChart[] = [];
  if (axes.length === 2) {
    const heat = (id: string, label: string, pick: (c: CellRiskSummary) => number | null): BatchChart => ({
      id,
      title: label,
      caption: `${label} for each (${axes[0].path}, ${axes[1].path}) cell.`,
      option: sweepHeatmap({
        xParam: axes[1].path,
        xValues: axes[1].values,
        yParam: axes[0].path,
        yValues: axes[0].values,
        cells: axes[0].values.map((_, y) =>
          axes[1].values.map((__, x) => {
            const cell = cellAt(summary, axes, x, y);
            return cell ? pick(cell) : null;
          }),
        ),
        metricLabel: label,
      }),
    });
    charts.push(heat('sweep-bad-debt-mean', 'Mean bad debt (USD)', (c) => c.badDebtUsd.mean.value));
    charts.push(heat('sweep-bad-debt-var99', 'Bad debt VaR 99% (USD)', (c) => c.badDebtUsd.var99.value));
    charts.push(
      heat('sweep-amplification', 'Median amplification (×)', (c) => c.amplification.distribution?.p50 ?? null),
    );
  } else if (axes.length === 1) {
    const line = (
      id: string,
      label: string,
      pick: (c: CellRiskSummary) => CellRiskSummary['badDebtUsd'],
    ): BatchChart => ({
      id,
      title: label,
      caption: `${label} against ${axes[0].path}, with its 95% bootstrap interval.`,
      option: sweepLineChart({
        param: axes[0].path,
        metricLabel: label,
        points: summary.cells.map((c) => ({
          value: c.parameters[axes[0].path],
          mean: pick(c).mean.value,
          ciLow: pick(c).mean.ci95.lower,
          ciHigh: pick(c).mean.ci95.upper,
        })),
      }),
    });
    charts.push(line('sweep-bad-debt', 'Mean bad debt (USD)', (c) => c.badDebtUsd));
    charts.push(line('sweep-liquidated', 'Mean collateral liquidated (USD)', (c) => c.liquidatedCollateralUsd));
  }
  const shown = summary.cells.slice(0, MAX_CDF_CELLS);
  const cdfs = shown.map((c) => ({
    name: axes.map((a) => `${a.path.split('.').pop()}=${String(c.parameters[a.path])}`).join(' ') || `cell ${c.cell}`,
    values: records.filter((r) => r.cell === c.cell).map((r) => r.metrics.badDebtUsd),
    var99: c.badDebtUsd.var99.value,
  }));
  const title = 'Bad debt by cell: cumulative distributions';
  if (cdfs.every((c) => drawsNothing(c.values))) {
    // Every line would be a vertical stroke on the y axis: say so instead of drawing a blank chart.
    const note = omittedNote([title], records.length);
    if (charts.length > 0) charts[0] = { ...charts[0], caption: `${charts[0].caption} ${note}` };
    return charts;
  }
  charts.push({
    id: 'sweep-bad-debt-cdf',
    title,
    caption: `Share of paths with bad debt at or below each level${summary.cells.length > MAX_CDF_CELLS ? ` (first ${MAX_CDF_CELLS} cells)` : ''}.`,
    option: cdfChart(cdfs, { title: 'bad debt', unit: 'USD' }),
  });
  return charts;
}
