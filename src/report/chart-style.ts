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
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/**
 * Pixel width the report charts are rendered at (they scale to the page width); the legend
 * layout of {@link baseOption} reserves room for the rows the legend needs at this width.
 *
 * @example
 * renderSvg(priceChart(result), CHART_WIDTH, CHART_HEIGHT);
 */
export const CHART_WIDTH = 1040;
/**
 * Pixel height of the report charts; see {@link CHART_WIDTH}.
 *
 * @example
 * const aspect = CHART_WIDTH / CHART_HEIGHT;
 */
export const CHART_HEIGHT = 380;

const FONT_SIZE = 12;
const LEGEND_TOP = 4;
const LEGEND_ITEM_GAP = 14;
/** Legend symbol width plus the space between symbol and text (ECharts defaults 25 + 5). */
const LEGEND_SYMBOL = 30;
/** Height of one legend row plus the gap to the next (ECharts item height 14 + item gap). */
const LEGEND_ROW = 14 + LEGEND_ITEM_GAP;
/** Grid top when the legend takes one row: room for the legend, a gap, then the y axis name. */
const GRID_TOP = 58;
/** Grid bottom: room below the axis labels for the x axis name (which containLabel ignores). */
const GRID_BOTTOM = 32;

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
  generations: ['#f2c14e', '#f08a4b', '#e0604f', '#c23b5c', '#9c2a6b', '#6e1f66', '#46174f', '#1f0b2b'],
  before: '#7f9cbf',
  after: '#d1495b',
  badDebt: '#d62728',
  insurance: '#1f77b4',
  quantiles: ['#f08a4b', '#222222', '#2ca02c'],
  threshold: '#d62728',
} as const;

/**
 * Number of rows a horizontal legend with entries `names` takes in a chart `width` pixels wide,
 * estimated conservatively (0.6 em per character, wider than the width table ECharts lays
 * text out with on the server), so the space reserved for it is never too small.
 *
 * @example
 * legendRows(['p10', 'p50', 'p90']); // 1
 */
export function legendRows(names: readonly string[], width = CHART_WIDTH): number {
  const available = width - 40;
  let rows = names.length > 0 ? 1 : 0;
  let x = 0;
  for (const name of names) {
    const item = LEGEND_SYMBOL + [...name].length * FONT_SIZE * 0.6;
    if (x > 0 && x + item > available) {
      rows++;
      x = 0;
    }
    x += item + LEGEND_ITEM_GAP;
  }
  return rows;
}

/**
 * The options every report chart shares: no animation, system font, a legend on top, a grid
 * that keeps axis labels inside, axis tooltips for interactive use. `legendNames` (the series
 * names) set how far down the plot starts: one legend row fits above the y axis name, and
 * each further row pushes the grid down, so the legend never covers the axis name.
 *
 * @example
 * const option: EChartsOption = { ...baseOption(['p10', 'p50']), xAxis: timeAxis(result), series: [] };
 */
export function baseOption(legendNames: readonly string[] = []): EChartsOption {
  const extraRows = Math.max(0, legendRows(legendNames) - 1);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE },
    legend: { top: LEGEND_TOP, left: 'center', itemGap: LEGEND_ITEM_GAP },
    grid: { left: 16, right: 24, top: GRID_TOP + extraRows * LEGEND_ROW, bottom: GRID_BOTTOM, containLabel: true },
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
