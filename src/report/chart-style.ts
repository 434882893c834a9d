/**
 * Shared look of the report charts: fonts, grid, legend and the time axis. Options only (no
 * functions), so they stay JSON-serialisable and can feed a browser dashboard unchanged.
 */
import type { EChartsOption, XAXisComponentOption, YAXisComponentOption } from 'echarts';
import type { RunResult } from '../analysis/result.js';
import { blockMinutes } from './columns.js';

/**
 * System font stack: no web fonts, so the SVG renders offline.
 *
 * @example
 * const textStyle = { fontFamily: FONT_FAMILY };
 */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

/**
 * Colours by role.
 *
 * @example
 * cycle(COLORS.venue, 0); // '#1f77b4'
 */
export const COLORS = {
  fundamental: ['#222222', '#6b6b6b', '#9a9a9a'],
  venue: ['#1f77b4', '#2ca02c', '#17becf', '#9467bd', '#8c564b'],
  oracle: ['#ff7f0e', '#d62728', '#e377c2'],
  generations: ['#f2c14e', '#f08a4b', '#d1495b', '#a4286a', '#6a1b5d', '#3b0f3f'],
  before: '#7f9cbf',
  after: '#d1495b',
  badDebt: '#d62728',
  insurance: '#1f77b4',
  quantiles: ['#f08a4b', '#222222', '#2ca02c'],
  threshold: '#d62728',
} as const;

/**
 * The options every report chart shares: no animation, system font, a legend on top, a grid
 * that keeps axis labels inside, axis tooltips for interactive use.
 *
 * @example
 * const option: EChartsOption = { ...baseOption(), xAxis: timeAxis(result), series: [] };
 */
export function baseOption(): EChartsOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 12 },
    legend: { top: 4, left: 'center', itemGap: 14 },
    grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
    tooltip: { trigger: 'axis' },
  };
}

/**
 * Value x axis in simulated minutes, from 0 to the end of the run.
 *
 * @example
 * timeAxis(result); // { type: 'value', name: 'time (min)', min: 0, max: 60, ... }
 */
export function timeAxis(result: RunResult): XAXisComponentOption {
  return {
    type: 'value',
    name: 'time (min)',
    nameLocation: 'middle',
    nameGap: 28,
    min: 0,
    max: blockMinutes(result, result.blocks),
    splitLine: { show: false },
  };
}

/**
 * Value y axis with its name (which carries the unit) above the axis.
 *
 * @example
 * valueAxis('price (USD)', true); // zero not forced into view
 */
export function valueAxis(name: string, scale = false): YAXisComponentOption {
  return { type: 'value', name, scale, nameTextStyle: { align: 'left' } };
}

/**
 * Picks colour `index` of a palette, cycling when there are more series than colours.
 *
 * @example
 * cycle(COLORS.venue, 6); // '#2ca02c'
 */
export function cycle(palette: readonly string[], index: number): string {
  return palette[index % palette.length];
}
