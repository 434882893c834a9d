/**
 * ECharts options of the comparison page: the oracle price of every design over time on one
 * chart, and the losses of every design as grouped bars. Pure functions of a {@link Comparison}.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import type { Comparison } from '../analysis/designs/compare.js';
import type { RunMetrics, RunResult } from '../analysis/result.js';
import { COLORS, baseOption, cycle, timeAxis, valueAxis } from './chart-style.js';
import { lineSeries } from './charts.js';
import { columnsWithPrefix } from './columns.js';

/**
 * One colour per design, in the order the designs were given (distinct from the dark greys of
 * the fundamental).
 *
 * @example
 * cycle(DESIGN_COLORS, 0); // '#1f77b4'
 */
export const DESIGN_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#393b79',
  '#ad494a',
  '#637939',
] as const;

/**
 * Line width of design `i`'s oracle price: the first designs are drawn wider, so where two designs'
 * prices coincide the earlier one still shows as an edge around the later one.
 *
 * @example
 * designLineWidth(0); // 3.5
 */
export function designLineWidth(i: number): number {
  return Math.max(1.25, 3.5 - 0.75 * i);
}

/** The run with the most blocks: its time axis covers every design. */
function longest(comparison: Comparison): RunResult {
  return comparison.designs
    .map((d) => d.result)
    .reduce((a, b) => (b.blocks * b.blockTimeSeconds > a.blocks * a.blockTimeSeconds ? b : a));
}

/**
 * The oracle price each design's protocol saw, over time: one stepped line per design (per design
 * and oracle when there are several oracles), and the exogenous price dashed, once when it is the
 * same for every design, else once per design.
 *
 * @example
 * const option = oracleComparisonChart(c);
 * (option.series as { name: string }[]).map((s) => s.name); // ['fundamental ETH', 'aave-v3', 'morpho-blue']
 */
export function oracleComparisonChart(comparison: Comparison): EChartsOption {
  const fundamentalRuns = comparison.exogenousPathIdentical ? comparison.designs.slice(0, 1) : comparison.designs;
  const fundamentals: LineSeriesOption[] = fundamentalRuns.flatMap((d, i) =>
    columnsWithPrefix(d.result, 'fundamental:').map((c, k) => {
      const asset = c.name.slice('fundamental:'.length);
      const name = comparison.exogenousPathIdentical ? `fundamental ${asset}` : `fundamental ${asset} (${d.design})`;
      const s = lineSeries(
        d.result,
        c,
        name,
        comparison.exogenousPathIdentical ? cycle(COLORS.fundamental, k) : cycle(DESIGN_COLORS, i),
      );
      return { ...s, lineStyle: { ...s.lineStyle, type: 'dashed' as const } };
    }),
  );
  const oracles: LineSeriesOption[] = comparison.designs.flatMap((d, i) => {
    const columns = columnsWithPrefix(d.result, 'oracle:');
    return columns.map((c, k) => {
      const name = columns.length === 1 ? d.design : `${d.design} · ${c.name.slice('oracle:'.length)}`;
      const s = lineSeries(d.result, c, name, cycle(DESIGN_COLORS, i));
      const lineStyle = {
        ...s.lineStyle,
        width: designLineWidth(i),
        type: k === 0 ? ('solid' as const) : ('dotted' as const),
      };
      return { ...s, step: 'end' as const, lineStyle };
    });
  });
  const series = [...fundamentals, ...oracles];
  return {
    ...baseOption(series.map((s) => String(s.name))),
    xAxis: timeAxis(longest(comparison)),
    yAxis: valueAxis('oracle price (USD)', true),
    series,
  };
}

/**
 * The losses the grouped-bar chart shows, per design.
 *
 * @example
 * LOSS_BARS.map((b) => b.name); // ['bad debt', 'borrower penalties', 'slippage']
 */
export const LOSS_BARS: readonly { name: string; color: string; value: (m: RunMetrics) => number }[] = [
  { name: 'bad debt', color: COLORS.badDebt, value: (m) => m.badDebtUsd },
  { name: 'borrower penalties', color: '#f2a541', value: (m) => m.borrowerPenaltiesUsd },
  { name: 'slippage', color: '#7f9cbf', value: (m) => m.slippageCostUsd },
];

/**
 * Bad debt, borrower penalties and slippage of each design, USD, as grouped bars: one group per
 * design, one bar per loss.
 *
 * @example
 * const option = lossesComparisonChart(c);
 * (option.series as unknown[]).length; // 3
 */
export function lossesComparisonChart(comparison: Comparison): EChartsOption {
  const series: BarSeriesOption[] = LOSS_BARS.map((bar) => ({
    type: 'bar',
    name: bar.name,
    data: comparison.designs.map((d) => bar.value(d.result.metrics)),
    barMaxWidth: 36,
    itemStyle: { color: bar.color },
    emphasis: { disabled: true },
  }));
  return {
    ...baseOption(LOSS_BARS.map((b) => b.name)),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'design',
      nameLocation: 'middle',
      // Past eight designs the names no longer fit side by side: slant them.
      nameGap: comparison.designs.length > 8 ? 64 : 28,
      data: comparison.designs.map((d) => d.design),
      axisLabel: { interval: 0, rotate: comparison.designs.length > 8 ? 30 : 0 },
    },
    yAxis: valueAxis('USD'),
    series,
  };
}
