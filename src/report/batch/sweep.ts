/**
 * Charts of parameter sweeps: a heatmap of one metric over a two-parameter grid, and a line of
 * a metric's mean with its confidence band over one parameter.
 */
import type { EChartsOption, HeatmapSeriesOption, LineSeriesOption, XAXisComponentOption } from 'echarts';
import type { ParameterValue } from '../../analysis/batch/types.js';
import { InvariantError } from '../../kernel/errors.js';
import { valueAxis } from '../chart-style.js';
import { stackedBands } from './bands.js';
import { requireFiniteValues } from './stats.js';
import { BATCH_COLORS, batchBaseOption, noteText, parameterLabel, shortNumber, valueXAxis } from './style.js';

/**
 * A metric over a two-parameter grid: `cells[yi][xi]` is the value at (`xValues[xi]`,
 * `yValues[yi]`), `null` where there is none (a gap).
 *
 * @example
 * const grid: SweepGrid = { xParam: 'bonus', xValues: [0.05, 0.1], yParam: 'depth', yValues: [1e6], cells: [[12, null]], metricLabel: 'mean bad debt (USD)' };
 */
export interface SweepGrid {
  xParam: string;
  xValues: readonly ParameterValue[];
  yParam: string;
  yValues: readonly ParameterValue[];
  /** One row per y value, one entry per x value. */
  cells: readonly (readonly (number | null)[])[];
  /** What the cells hold, with the unit, e.g. `P(bad debt > 0)` or `mean bad debt (USD)`. */
  metricLabel: string;
}

/** Most cells that still get their value printed inside. */
const MAX_LABELLED_CELLS = 144;

/**
 * `[xi, yi, value]` of every non-null cell, row by row: the heatmap's data.
 *
 * @example
 * heatmapCells({ ...grid, cells: [[1, null], [3, 4]] }); // [[0, 0, 1], [0, 1, 3], [1, 1, 4]]
 */
export function heatmapCells(grid: SweepGrid): [number, number, number][] {
  if (grid.cells.length !== grid.yValues.length) {
    throw new InvariantError(
      `sweep heatmap: ${grid.cells.length} rows of cells for ${grid.yValues.length} values of ${grid.yParam}`,
    );
  }
  const out: [number, number, number][] = [];
  grid.cells.forEach((row, yi) => {
    if (row.length !== grid.xValues.length) {
      throw new InvariantError(
        `sweep heatmap: row ${yi} has ${row.length} cells for ${grid.xValues.length} values of ${grid.xParam}`,
      );
    }
    row.forEach((v, xi) => {
      if (v === null) return;
      requireFiniteValues([v], `sweep heatmap cell (${xi}, ${yi})`);
      out.push([xi, yi, v]);
    });
  });
  return out;
}

/**
 * Heatmap of a metric over a two-parameter sweep: x and y are the parameters' values (as
 * categories, in the order given), colour is the metric on a pale-yellow-to-purple scale from
 * its smallest to its largest value. Cells print their value when the grid has at most 144
 * cells; null cells are left blank and a note says so.
 *
 * @example
 * const option = sweepHeatmap(grid);
 */
export function sweepHeatmap(grid: SweepGrid): EChartsOption {
  const cells = heatmapCells(grid);
  const values = cells.map((c) => c[2]);
  const min = values.length === 0 ? 0 : Math.min(...values);
  const max = values.length === 0 ? 1 : Math.max(...values);
  const labelled = grid.xValues.length * grid.yValues.length <= MAX_LABELLED_CELLS;
  const data = cells.map(([xi, yi, v]) => {
    // Dark text on the pale end of the scale, white on the dark end.
    const dark = max > min && (v - min) / (max - min) > 0.45;
    return { value: [xi, yi, v], label: { formatter: shortNumber(v), color: dark ? '#ffffff' : '#1d2330' } };
  });
  const series: HeatmapSeriesOption = {
    type: 'heatmap',
    name: grid.metricLabel,
    data,
    label: { show: labelled, fontSize: 11 },
    itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
    emphasis: { disabled: true },
  };
  const gaps = cells.length < grid.xValues.length * grid.yValues.length;
  const base = batchBaseOption([]);
  return {
    ...base,
    legend: { show: false },
    tooltip: { trigger: 'item' },
    grid: { ...(base.grid as object), right: 110 },
    graphic: gaps ? [noteText('blank cells: no data', [])] : [],
    xAxis: {
      type: 'category',
      name: grid.xParam,
      nameLocation: 'middle',
      nameGap: 28,
      data: grid.xValues.map(parameterLabel),
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      name: grid.yParam,
      data: grid.yValues.map(parameterLabel),
      nameTextStyle: { align: 'left' },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max > min ? max : min + 1,
      calculable: false,
      orient: 'vertical',
      right: 12,
      top: 'middle',
      itemHeight: 200,
      text: [`${shortNumber(max)}`, `${shortNumber(min)}`],
      inRange: { color: [...BATCH_COLORS.heat] },
    },
    title: {
      text: grid.metricLabel,
      right: 12,
      top: 32,
      textStyle: { fontSize: 12, fontWeight: 'normal', color: BATCH_COLORS.note },
    },
    series: [series],
  };
}

/**
 * One point of a one-parameter sweep: the parameter value, the metric's mean over the cell's
 * paths and its confidence interval (`null` where undefined, e.g. one path).
 *
 * @example
 * const p: SweepLinePoint = { value: 0.05, mean: 1.2e5, ciLow: 0.9e5, ciHigh: 1.5e5 };
 */
export interface SweepLinePoint {
  value: ParameterValue;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * What {@link sweepLineChart} draws.
 *
 * @example
 * const sweep: SweepLine = { param: 'bonus', points, metricLabel: 'bad debt (USD)' };
 */
export interface SweepLine {
  param: string;
  points: readonly SweepLinePoint[];
  /** The metric, with its unit, e.g. `bad debt (USD)`. */
  metricLabel: string;
  /** Legend name of the band (default `95% CI`). */
  ciLabel?: string;
}

/**
 * A metric's mean over a one-parameter sweep, with its confidence interval as a band. Numeric
 * parameter values go on a value axis in ascending order; other values (strings, booleans) are
 * categories in the order given.
 *
 * @example
 * const option = sweepLineChart({ param: 'bonus', points, metricLabel: 'mean bad debt (USD)' });
 */
export function sweepLineChart(sweep: SweepLine): EChartsOption {
  const numeric = sweep.points.every((p) => typeof p.value === 'number');
  const points = numeric
    ? [...sweep.points].sort((a, b) => (a.value as number) - (b.value as number))
    : [...sweep.points];
  requireFiniteValues(
    points.flatMap((p) => [p.mean, p.ciLow, p.ciHigh, numeric ? p.value : 0].filter((v) => v !== null) as number[]),
    'sweep line',
  );
  const x = points.map((p) => (numeric ? (p.value as number) : parameterLabel(p.value)));
  const ciLabel = sweep.ciLabel ?? '95% CI';
  const band = stackedBands(
    'ci',
    x,
    [points.map((p) => p.ciLow), points.map((p) => p.ciHigh)],
    [{ name: ciLabel, color: BATCH_COLORS.band, opacity: 0.2 }],
  );
  const mean: LineSeriesOption = {
    type: 'line',
    name: 'mean',
    data: points.map((p, i) => [x[i], p.mean]),
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { width: 2, color: BATCH_COLORS.median },
    itemStyle: { color: BATCH_COLORS.median },
    emphasis: { disabled: true },
  };
  const xAxis: XAXisComponentOption = numeric
    ? valueXAxis(sweep.param)
    : {
        type: 'category',
        name: sweep.param,
        nameLocation: 'middle',
        nameGap: 28,
        data: x.map(String),
        boundaryGap: false,
      };
  const base = batchBaseOption([ciLabel, 'mean']);
  return {
    ...base,
    legend: { ...(base.legend as object), data: [{ name: ciLabel, icon: 'rect' }, 'mean'] },
    xAxis,
    yAxis: valueAxis(sweep.metricLabel, true),
    series: [...band, mean],
  };
}
