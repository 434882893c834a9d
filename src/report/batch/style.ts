/**
 * What the batch charts share beyond the report's chart style: their colours (taken from the
 * report's palette, so batch and single-run pages look alike), compact number labels and axes.
 * Pure (no Node built-ins), so a browser bundle can import the batch option builders; the
 * rendering to SVG is in `render.ts`.
 */
import type { EChartsOption, GraphicComponentOption, XAXisComponentOption } from 'echarts';
import type { ParameterValue } from '../../analysis/batch/types.js';
import { COLORS, FONT_FAMILY, LEGEND_ROW, baseOption, legendRows } from '../chart-style.js';
import { DESIGN_COLORS } from '../comparison-charts.js';
import { formatGrouped, plainDecimal } from '../../kernel/format.js';

/**
 * Colours of the batch charts by role. `cells` colours one line per cell (as designs are coloured
 * on the comparison page); `heat` runs from low (pale yellow) to high (dark purple).
 *
 * @example
 * BATCH_COLORS.cells[0]; // '#1f77b4'
 */
export const BATCH_COLORS = {
  cells: DESIGN_COLORS,
  bars: COLORS.before,
  band: COLORS.venue[0],
  median: COLORS.venue[0],
  estimate: COLORS.fundamental[1],
  meets: COLORS.venue[1],
  misses: COLORS.threshold,
  target: COLORS.threshold,
  answer: COLORS.fundamental[0],
  note: '#5b6475',
  heat: COLORS.generations,
} as const;

/**
 * The report's {@link baseOption} with room on the right for the last x tick label. The legend is
 * the shared one: a wider gap here (once 28 px) made its rows taller than the room the grid
 * reserved for them, and a long legend then covered the plot.
 *
 * @example
 * const option: EChartsOption = { ...batchBaseOption(['median']), series: [] };
 */
export function batchBaseOption(legendNames: readonly string[] = []): EChartsOption {
  const base = baseOption(legendNames);
  return {
    ...base,
    // More room on the right than the shared grid: the last x tick label is centred on the plot's edge.
    grid: { ...(base.grid as object), right: 44 },
  };
}

/**
 * A line of grey text centred under the legend of `legendNames`, above the plot:
 * {@link batchBaseOption}'s grid leaves room there for the y axis name, which sits at the left.
 *
 * @example
 * const option = { ...batchBaseOption(['x']), graphic: [noteText('412 of 1,000 paths are exactly 0', ['x'])] };
 */
export function noteText(text: string, legendNames: readonly string[]): GraphicComponentOption {
  const top = 32 + Math.max(0, legendRows(legendNames) - 1) * LEGEND_ROW;
  return { type: 'text', left: 'center', top, style: { text, fill: BATCH_COLORS.note, font: `12px ${FONT_FAMILY}` } };
}

/**
 * `value` rounded to 4 significant digits, with thousands separators and no exponent: short
 * enough for a heatmap cell or a marker label.
 *
 * @example
 * shortNumber(1234567.891); // '1,235,000'
 * shortNumber(0.000123456); // '0.0001235'
 */
export function shortNumber(value: number): string {
  return formatGrouped(Number(value.toPrecision(4)), 12);
}

/**
 * A parameter value as an axis label: numbers to 15 significant digits (so `0.1 + 0.2` reads `0.3`), with thousands
 * separators; strings and
 * booleans as they are.
 *
 * @example
 * parameterLabel(2000000); // '2,000,000'
 * parameterLabel(0.075);   // '0.075'
 * parameterLabel('twap');  // 'twap'
 */
export function parameterLabel(value: ParameterValue): string {
  if (typeof value !== 'number') return String(value);
  const [int, frac] = plainDecimal(value, 15, 'parameter value').split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
}

/**
 * `name (unit)`, or `name` alone when `unit` is empty.
 *
 * @example
 * axisName('bad debt', 'USD'); // 'bad debt (USD)'
 */
export function axisName(name: string, unit: string): string {
  return unit.trim() === '' ? name : `${name} (${unit})`;
}

/**
 * Value x axis named `name` below the plot, without vertical grid lines, fitted to the data
 * (zero not forced in).
 *
 * @example
 * valueXAxis('bad debt (USD)');
 */
export function valueXAxis(name: string): XAXisComponentOption {
  return { type: 'value', name, nameLocation: 'middle', nameGap: 28, scale: true, splitLine: { show: false } };
}
