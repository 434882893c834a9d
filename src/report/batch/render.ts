/**
 * The rendering of a batch chart's option to the inline SVG the batch page and the PNG export
 * take (server side: ECharts' SSR, loaded through Node's module loader).
 */
import type { EChartsOption } from 'echarts';
import { InvariantError } from '../../kernel/errors.js';
import { CHART_WIDTH, chartHeight } from '../chart-style.js';
import { renderSvg } from '../svg.js';

/**
 * An option rendered to the inline SVG of the batch page, at the report's chart size. Its ids
 * start with `svg-<id>`, so charts of distinct `id` never share ids in one page.
 *
 * @example
 * const svg = batchChartSvg(histogramChart(badDebts, { title: 'bad debt', unit: 'USD' }), 'bad-debt');
 */
export function batchChartSvg(option: EChartsOption, id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id)) {
    throw new InvariantError(`chart id must be letters, digits, '_' or '-', got '${id}'`);
  }
  return renderSvg(option, CHART_WIDTH, chartHeight(option), `svg-${id}`);
}
