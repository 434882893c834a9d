// The report's chart of each Uniswap v3 pool: liquidity provided, liquidity withdrawn and depth per 1% over time.
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { RunResult } from '../analysis/result.js';
import { lineSeries } from './charts.js';
import { baseOption, COLORS, cycle, timeAxis, valueAxis } from './chart-style.js';
import { findColumn } from './columns.js';

/**
 * Liquidity still provided, liquidity withdrawn (both at the mid) and depth per 1% of the uniswap-v3 venue `id`, in
 * USD, from its `v3:<id>:…` series; undefined when the run has none of them.
 *
 * @example uniswapV3Chart(result, 'univ3') // three USD lines over time
 */
export function uniswapV3Chart(result: RunResult, id: string): EChartsOption | undefined {
  const lines: [string, string][] = [
    [`v3:${id}:providedUsd`, 'liquidity provided'],
    [`v3:${id}:withdrawnUsd`, 'liquidity withdrawn'],
    [`v3:${id}:depthUsdPer1Pct`, 'depth per 1%'],
  ];
  const series: LineSeriesOption[] = [];
  lines.forEach(([name, label], k) => {
    const column = findColumn(result, name);
    if (column) series.push(lineSeries(result, column, label, cycle(COLORS.venue, k)));
  });
  if (series.length === 0) return undefined;
  return { ...baseOption(series.map((s) => String(s.name))), xAxis: timeAxis(result), yAxis: valueAxis('USD'), series };
}
