/**
 * Empirical CDFs of one metric across the paths of one or more cells, overlaid, with each
 * cell's value-at-risk levels as vertical lines.
 */
import type { EChartsOption, LineSeriesOption, MarkLineComponentOption } from 'echarts';
import { cycle, valueAxis } from '../chart-style.js';
import { ecdfPoints, requireFiniteValues } from './stats.js';
import { BATCH_COLORS, axisName, batchBaseOption, noteText, shortNumber, valueXAxis } from './style.js';

/**
 * One drawn CDF: a cell's values and, when known, its VaR levels (the 95th and 99th percentile
 * of the loss, as the risk measures define them).
 *
 * @example
 * const s: CdfSeries = { name: 'bonus=0.05', values: badDebts, var95: 120000, var99: 410000 };
 */
export interface CdfSeries {
  name: string;
  values: readonly number[];
  var95?: number;
  var99?: number;
}

/**
 * Axis naming of {@link cdfChart}.
 *
 * @example
 * const options: CdfOptions = { title: 'bad debt', unit: 'USD' };
 */
export interface CdfOptions {
  /** What the values are, e.g. `bad debt`; names the x axis with the unit. */
  title: string;
  unit: string;
}

const VAR_LINES = [
  { key: 'var95', label: 'VaR95', type: 'dashed', level: 0.95 },
  { key: 'var99', label: 'VaR99', type: 'dotted', level: 0.99 },
] as const;

function varLines(s: CdfSeries): (typeof VAR_LINES)[number][] {
  const lines = VAR_LINES.filter((v) => s[v.key] !== undefined);
  requireFiniteValues(
    lines.map((v) => s[v.key]!),
    `VaR of ${s.name}`,
  );
  return lines;
}

function varMarks(s: CdfSeries, color: string): MarkLineComponentOption | undefined {
  const lines = varLines(s);
  if (lines.length === 0) return undefined;
  return {
    silent: true,
    symbol: 'none',
    label: { show: false },
    data: lines.map((v) => ({ xAxis: s[v.key]!, lineStyle: { color, type: v.type, width: 1.25 } })),
  };
}

/**
 * Legend name of a CDF series: its name, then its VaR levels when given (the lines themselves
 * carry no label, which would collide when several cells have close VaRs).
 *
 * @example
 * cdfLegendName({ name: 'base', values: [], var95: 120000, var99: 410000 }); // 'base (VaR95 120,000 · VaR99 410,000)'
 */
export function cdfLegendName(s: CdfSeries): string {
  const lines = varLines(s);
  if (lines.length === 0) return s.name;
  return `${s.name} (${lines.map((v) => `${v.label} ${shortNumber(s[v.key]!)}`).join(' · ')})`;
}

/**
 * Empirical CDFs F(x) = share of paths with value ≤ x, one stepped line per series (cell) in the
 * cell colours, y from 0 to 1. A series' `var95`/`var99`, when given, are vertical lines in its
 * colour (dashed and dotted), and their values follow its name in the legend. Samples with many distinct values are
 * drawn through at most {@link MAX_CDF_POINTS} exact points (see {@link ecdfPoints}).
 *
 * @example
 * const option = cdfChart([{ name: 'base', values: badDebts, var95: 1.2e5 }], { title: 'bad debt', unit: 'USD' });
 */
export function cdfChart(series: readonly CdfSeries[], options: CdfOptions): EChartsOption {
  const names = series.map(cdfLegendName);
  const lines: LineSeriesOption[] = series.map((s, i) => {
    const color = cycle(BATCH_COLORS.cells, i);
    return {
      type: 'line',
      name: names[i],
      data: ecdfPoints(s.values),
      step: 'end',
      showSymbol: false,
      lineStyle: { width: 1.75, color },
      itemStyle: { color },
      emphasis: { disabled: true },
      markLine: varMarks(s, color),
    };
  });
  // Name only the kinds of line drawn: a sweep marks VaR99 alone.
  const drawn = VAR_LINES.filter((v) => series.some((s) => varLines(s).includes(v)));
  const note = `vertical lines: ${drawn.map((v) => `${v.label} ${v.type}`).join(', ')}`;
  return {
    ...batchBaseOption(names),
    graphic: drawn.length > 0 ? [noteText(note, names)] : [],
    xAxis: valueXAxis(axisName(options.title, options.unit)),
    yAxis: { ...valueAxis('share of paths ≤ x'), min: 0, max: 1 },
    series: lines,
  };
}
