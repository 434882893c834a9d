/**
 * Option of the cascade-map panel at the live state: the multiplier (total oracle move ÷ shock) against the
 * initial shock, the USD keepers would sell on a second axis, critical shocks as red diamonds and the first
 * critical shock as a vertical line, in the style of the static cascade-map report.
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import { COLORS, baseOption, valueAxis } from '../../../src/report/chart-style.js';
import type { CascadeMap } from '../api.js';
import { num, percent, usd } from '../format.js';
import { compactAxis } from './axes.js';

/** Series names, in legend order. */
export const CASCADE_SERIES = ['multiplier', 'sold (USD)', 'critical shock'] as const;

/**
 * The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (> 0); 1 for anything else.
 *
 * @example
 * niceCeil(1.15); // 2
 * niceCeil(0.3);  // 0.5
 */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value * (1 - 1e-12)) ?? 10;
  return step * power;
}

/**
 * The cascade map as a line chart: x = shock (%), left y = multiplier (×), right y = USD sold.
 *
 * @example
 * const option = cascadeChart(map);
 * (option.series as { name: string }[]).map((s) => s.name); // ['multiplier', 'sold (USD)', 'critical shock']
 */
export function cascadeChart(map: CascadeMap): EChartsOption {
  const pct = (fraction: number) => fraction * 100;
  const multiplier: LineSeriesOption = {
    type: 'line',
    name: CASCADE_SERIES[0],
    data: map.shocks.map((s) => [pct(s.shock), s.multiplier]),
    showSymbol: map.shocks.length <= 40,
    symbolSize: 5,
    lineStyle: { width: 2.5, color: COLORS.venue[0] },
    itemStyle: { color: COLORS.venue[0] },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', color: COLORS.fundamental[1], opacity: 0.6 },
      label: { show: false },
      data: [{ yAxis: 1 }],
    },
  };
  if (map.criticalShock !== null) {
    multiplier.markLine = {
      ...multiplier.markLine,
      data: [
        { yAxis: 1 },
        {
          xAxis: pct(map.criticalShock),
          lineStyle: { type: 'solid', color: COLORS.threshold, width: 1.5, opacity: 1 },
          label: {
            show: true,
            position: 'insideEndTop',
            color: COLORS.threshold,
            formatter: `critical ${percent(map.criticalShock)}`,
          },
        },
      ],
    };
  }
  const sold: LineSeriesOption = {
    type: 'line',
    name: CASCADE_SERIES[1],
    yAxisIndex: 1,
    data: map.shocks.map((s) => [pct(s.shock), s.soldUsd]),
    showSymbol: false,
    lineStyle: { width: 1.5, type: 'dashed', color: COLORS.oracle[0] },
    itemStyle: { color: COLORS.oracle[0] },
  };
  const critical: ScatterSeriesOption = {
    type: 'scatter',
    name: CASCADE_SERIES[2],
    data: map.shocks.filter((s) => s.critical).map((s) => [pct(s.shock), s.multiplier]),
    symbol: 'diamond',
    symbolSize: 12,
    itemStyle: { color: COLORS.threshold },
    z: 5,
  };
  const base = baseOption([...CASCADE_SERIES]);
  return {
    ...base,
    grid: { ...(base.grid as object), bottom: 58 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (params as { dataIndex: number; seriesName: string }[]).find(
          (p) => p.seriesName !== 'critical shock',
        );
        const s = first === undefined ? undefined : map.shocks[first.dataIndex];
        if (s === undefined) return '';
        return [
          `shock ${percent(s.shock)}${s.critical ? ' · <b>critical</b>' : ''}`,
          `multiplier ${num(s.multiplier, 2)}×`,
          `final price ${num(s.finalPrice, 2)}`,
          `sold ${usd(s.soldUsd)} USD · ${num(s.accounts, 0)} accounts`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'value',
      name: 'initial shock (%)',
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      splitLine: { show: false },
    },
    yAxis: [
      // Headroom above the largest multiplier, so a flat line at 1× does not sit on the frame.
      { ...valueAxis('multiplier (×)'), min: 0, max: (extent: { max: number }) => niceCeil(extent.max * 1.15) },
      { ...compactAxis('sold (USD)', true), min: 0 },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: 0 },
      { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4 },
    ],
    series: [multiplier, sold, critical],
  };
}
