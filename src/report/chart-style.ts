/**
 * Shared look of the report charts: fonts, grid, legend and the time axis. Options only (no
 * functions), so they stay JSON-serialisable and can feed a browser dashboard unchanged. A pure
 * module (type imports and arithmetic, no Node built-ins), so a browser bundle can import it.
 */
import type { EChartsOption, XAXisComponentOption, YAXisComponentOption } from 'echarts';
import type { RunResult } from '../analysis/result.js';
import { blockMinutes } from './columns.js';

/**
 * Font stack of the chart text: installed fonts only (no web fonts), so the SVG renders offline.
 * ECharts lays text out on the server with Arial's character widths, so the stack asks for Arial
 * or a font with the same widths (Liberation Sans, Arimo; Helvetica is within a few per cent):
 * text drawn in a wider font (the browser's `system-ui`, e.g. DejaVu Sans) ran past the room the
 * layout gave it, and legend labels overlapped the next entry's symbol.
 *
 * @example
 * const textStyle = { fontFamily: FONT_FAMILY };
 */
export const FONT_FAMILY = "Arial, 'Liberation Sans', Arimo, Helvetica, sans-serif";

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
/** Gap between legend entries, across and down; a little slack for fonts slightly wider than Arial. */
const LEGEND_ITEM_GAP = 18;
/** Legend symbol width plus the space between symbol and text (ECharts defaults 25 + 5). */
const LEGEND_SYMBOL = 30;
/**
 * Height of one legend row plus the gap to the next (ECharts item height 14 + item gap).
 *
 * @example
 * const extra = (legendRows(names) - 1) * LEGEND_ROW; // pixels the plot moves down
 */
export const LEGEND_ROW = 14 + LEGEND_ITEM_GAP;
/**
 * Grid top when the legend takes one row: room for the legend, a gap, then the y axis name.
 *
 * @example
 * chartHeight(baseOption(['p10'])) === CHART_HEIGHT; // true: one legend row fits in GRID_TOP
 */
export const GRID_TOP = 58;
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
  // Six oracles before a colour repeats (two assets × index and mark prices, plus a TWAP each).
  oracle: ['#ff7f0e', '#d62728', '#e377c2', '#bcbd22', '#8c564b', '#ff9896'],
  generations: ['#f2c14e', '#f08a4b', '#e0604f', '#c23b5c', '#9c2a6b', '#6e1f66', '#46174f', '#1f0b2b'],
  before: '#7f9cbf',
  after: '#d1495b',
  badDebt: '#d62728',
  insurance: '#1f77b4',
  quantiles: ['#f08a4b', '#222222', '#2ca02c'],
  threshold: '#d62728',
} as const;

/**
 * Estimated width in pixels of `text` at the chart font size: 0.6 em per ASCII character (wider
 * than Arial's average, the widths ECharts lays text out with on the server) and 1 em for any
 * other character (as ECharts counts characters its width table lacks, e.g. `≥`, `·`, `–`).
 *
 * @example
 * textWidth('p10'); // 21.6
 */
export function textWidth(text: string): number {
  let ems = 0;
  for (const char of text) ems += char.charCodeAt(0) < 128 ? 0.6 : 1;
  return ems * FONT_SIZE;
}

/**
 * Number of rows a horizontal legend with entries `names` takes in a chart `width` pixels wide,
 * estimated conservatively (see {@link textWidth}), so the space reserved for it is never too
 * small.
 *
 * @example
 * legendRows(['p10', 'p50', 'p90']); // 1
 */
export function legendRows(names: readonly string[], width = CHART_WIDTH): number {
  const available = width - 40;
  let rows = names.length > 0 ? 1 : 0;
  let x = 0;
  for (const name of names) {
    const item = LEGEND_SYMBOL + textWidth(name);
    if (x > 0 && x + item > available) {
      rows++;
      x = 0;
    }
    x += item + LEGEND_ITEM_GAP;
  }
  return rows;
}

/**
 * How a chart is shown. `static`: a fixed picture (the SVG/PNG reports): every legend entry
 * shows, in as many rows as it needs, and the plot moves down below them (see
 * {@link chartHeight}). `interactive`: a live chart (the dashboard): the legend is one row that
 * pages with arrows when it has more entries than fit, so the plot keeps its place.
 *
 * @example
 * const mode: ChartMode = 'interactive';
 */
export type ChartMode = 'static' | 'interactive';

/**
 * The options every report chart shares: no animation, the chart font, a legend on top, a grid
 * that keeps axis labels inside, axis tooltips for interactive use. In `static` mode (the
 * default) `legendNames` (the series names) set how far down the plot starts: one legend row
 * fits above the y axis name, and each further row pushes the grid down, so the legend never
 * covers the axis name or the plot; {@link chartHeight} adds those rows to the picture's height.
 * In `interactive` mode the legend is one scrolling row and the grid stays put.
 *
 * @example
 * const option: EChartsOption = { ...baseOption(['p10', 'p50']), xAxis: timeAxis(result), series: [] };
 * const live: EChartsOption = { ...baseOption(names, 'interactive'), series: [] }; // dashboard
 */
export function baseOption(legendNames: readonly string[] = [], mode: ChartMode = 'static'): EChartsOption {
  const extraRows = mode === 'static' ? Math.max(0, legendRows(legendNames) - 1) : 0;
  const legend = { top: LEGEND_TOP, left: 'center', itemGap: LEGEND_ITEM_GAP } as const;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE },
    legend: mode === 'static' ? legend : { ...legend, type: 'scroll', left: 16, right: 16 },
    grid: { left: 16, right: 24, top: GRID_TOP + extraRows * LEGEND_ROW, bottom: GRID_BOTTOM, containLabel: true },
    tooltip: { trigger: 'axis' },
  };
}

/**
 * Pixel height to draw `option` at as a static picture: {@link CHART_HEIGHT}, plus whatever its
 * grid top reserves beyond {@link GRID_TOP} (extra legend rows), so a long legend adds height
 * instead of squeezing, or covering, the plot.
 *
 * @example
 * chartHeight(baseOption(['p10', 'p50'])); // 380
 */
export function chartHeight(option: EChartsOption): number {
  const grid = Array.isArray(option.grid) ? option.grid[0] : option.grid;
  const top = typeof grid?.top === 'number' ? grid.top : GRID_TOP;
  return CHART_HEIGHT + Math.max(0, Math.ceil(top - GRID_TOP));
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
