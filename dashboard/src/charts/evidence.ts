/**
 * Evidence chart of a recommendation: the frontier search's evaluated points (parameter value against the Monte
 * Carlo estimate compared with the target, e.g. p99 bad debt by liquidation threshold), each with its confidence
 * interval as a vertical bar, green where the criterion was met and red where it failed; the target as a horizontal
 * line, the current and the published values as vertical lines.
 */
import type { EChartsOption, MarkLineComponentOption, ScatterSeriesOption } from 'echarts';
import { COLORS, baseOption } from '../../../src/report/chart-style.js';
import { num, usd } from '../format.js';
import { compactAxis } from './axes.js';

/** One evaluated value of the frontier search (src/analysis/batch/frontier.ts). */
export interface FrontierPoint {
  value: number;
  estimate: number;
  ci: [number, number];
  meets: boolean;
}

/** Reference values drawn as lines; any may be missing. */
export interface FrontierMarks {
  target?: number;
  current?: number;
  published?: number;
}

/** Series names, in legend order. */
export const FRONTIER_SERIES = ['meets the target', 'fails the target'] as const;

type LineItem = NonNullable<MarkLineComponentOption['data']>[number];

/**
 * The frontier points as a scatter chart with interval bars and reference lines.
 *
 * @example
 * const option = frontierChart(points, { target: 100000, published: 0.86 }, 'liquidation threshold');
 * (option.series as { name: string }[]).map((s) => s.name); // ['meets the target', 'fails the target']
 */
export function frontierChart(
  points: readonly FrontierPoint[],
  marks: FrontierMarks,
  parameter: string,
): EChartsOption {
  const series = (name: string, meets: boolean, color: string): ScatterSeriesOption => {
    const mine = points.filter((p) => p.meets === meets);
    return {
      type: 'scatter',
      name,
      symbolSize: 9,
      itemStyle: { color },
      data: mine.map((p) => [p.value, p.estimate, p.ci[0], p.ci[1]]),
      markLine: {
        silent: true,
        symbol: 'none',
        animation: false,
        lineStyle: { color, width: 1.5, type: 'solid' },
        label: { show: false },
        data: mine.map((p): LineItem => [{ coord: [p.value, p.ci[0]] }, { coord: [p.value, p.ci[1]] }]),
      },
    };
  };
  const met = series(FRONTIER_SERIES[0], true, COLORS.venue[1]);
  const reference: LineItem[] = [];
  const vertical = (x: number | undefined, text: string, color: string, type: 'dashed' | 'dotted') => {
    if (x === undefined || !Number.isFinite(x)) return;
    reference.push({
      xAxis: x,
      lineStyle: { color, type, width: 1.5 },
      label: { show: true, position: 'insideStartTop', color, formatter: `${text} ${num(x, 4)}` },
    });
  };
  vertical(marks.current, 'current', COLORS.fundamental[1], 'dotted');
  vertical(marks.published, 'published', COLORS.venue[0], 'dashed');
  if (marks.target !== undefined && Number.isFinite(marks.target)) {
    reference.push({
      yAxis: marks.target,
      lineStyle: { color: COLORS.threshold, type: 'dashed', width: 1.5 },
      label: {
        show: true,
        position: 'insideEndTop',
        color: COLORS.threshold,
        backgroundColor: '#ffffff',
        padding: [1, 3],
        formatter: `target ${usd(marks.target)}`,
      },
    });
  }
  // The reference lines ride on a series that is always drawn (legend toggles only hide the points).
  const lines: ScatterSeriesOption = {
    type: 'scatter',
    name: 'reference',
    data: [],
    markLine: { silent: true, symbol: 'none', animation: false, data: reference },
  };
  const failed = series(FRONTIER_SERIES[1], false, COLORS.threshold);
  const base = baseOption([...FRONTIER_SERIES]);
  return {
    ...base,
    legend: { ...(base.legend as object), data: [...FRONTIER_SERIES] },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const { seriesName, data } = params as { seriesName: string; data: number[] };
        if (!Array.isArray(data)) return '';
        return [
          `${parameter} ${num(data[0], 4)}: ${seriesName}`,
          `estimate ${usd(data[1])} USD`,
          `95% interval ${usd(data[2])} – ${usd(data[3])}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'value', name: parameter, nameLocation: 'middle', nameGap: 28, scale: true },
    // The target stays in view even when every estimate is far below it.
    yAxis: {
      ...compactAxis('estimate (USD)'),
      min: 0,
      max: (extent: { max: number }) =>
        marks.target !== undefined && marks.target > extent.max ? marks.target * 1.2 : null,
    },
    series: [met, failed, lines],
  };
}
