/**
 * Chart of a liquidation probability curve: P(an account is liquidated at least once) by its health bucket at block
 * 0, with the 95% interval over paths as error bars, and the debt-weighted probability beside it.
 */
import type { EChartsOption, LineSeriesOption, MarkLineComponentOption, ScatterSeriesOption } from 'echarts';
import { COLORS, valueAxis } from '../chart-style.js';
import { requireFiniteValues } from './stats.js';
import { BATCH_COLORS, batchBaseOption } from './style.js';

/**
 * One bucket of the curve: its label, the probability and its interval, and the weighted probability (fractions).
 *
 * @example const p: CurvePoint = { label: '1–1.05', probability: 0.68, ciLow: 0.6, ciHigh: 0.75, weighted: 0.65 };
 */
export interface CurvePoint {
  label: string;
  probability: number;
  ciLow: number;
  ciHigh: number;
  /** Debt-weighted (perp: notional-weighted) probability; null when the bucket had no weight. */
  weighted: number | null;
}

const ESTIMATE = 'P(liquidated)';
const CI = '95% CI over paths';

/**
 * The curve as a chart: buckets on a category axis in health order, probability in % on the y axis (0–100), the
 * account probability as dots joined by a line with error bars, the weighted probability as a dashed line.
 *
 * @example probabilityCurveChart([{ label: '1–1.05', probability: 0.7, ciLow: 0.6, ciHigh: 0.8, weighted: 0.65 }], 'debt-weighted');
 */
export function probabilityCurveChart(points: readonly CurvePoint[], weightedName: string): EChartsOption {
  requireFiniteValues(
    points.flatMap((p) => [p.probability, p.ciLow, p.ciHigh, ...(p.weighted === null ? [] : [p.weighted])]),
    'liquidation probability curve',
  );
  const pct = (x: number) => 100 * x;
  type Segment = Extract<NonNullable<MarkLineComponentOption['data']>[number], unknown[]>;
  const bars = points.map((p): Segment => [{ coord: [p.label, pct(p.ciLow)] }, { coord: [p.label, pct(p.ciHigh)] }]);
  const estimate: LineSeriesOption = {
    type: 'line',
    name: ESTIMATE,
    data: points.map((p) => [p.label, pct(p.probability)]),
    symbolSize: 8,
    lineStyle: { width: 1.5, color: BATCH_COLORS.estimate },
    itemStyle: { color: BATCH_COLORS.estimate },
    emphasis: { disabled: true },
    markLine: {
      silent: true,
      symbol: 'none',
      label: { show: false },
      lineStyle: { color: BATCH_COLORS.estimate, type: 'solid', width: 1.25 },
      data: bars,
    },
  };
  const caps: ScatterSeriesOption = {
    type: 'scatter',
    name: CI,
    data: points.flatMap((p) => [
      [p.label, pct(p.ciLow)],
      [p.label, pct(p.ciHigh)],
    ]),
    symbol: 'rect',
    symbolSize: [10, 1.5],
    itemStyle: { color: BATCH_COLORS.estimate },
    emphasis: { disabled: true },
    silent: true,
  };
  const weighted: LineSeriesOption = {
    type: 'line',
    name: weightedName,
    data: points.map((p) => [p.label, p.weighted === null ? null : pct(p.weighted)]),
    symbol: 'diamond',
    symbolSize: 7,
    lineStyle: { width: 1.25, type: 'dashed', color: COLORS.threshold },
    itemStyle: { color: COLORS.threshold },
    emphasis: { disabled: true },
  };
  const legend = [ESTIMATE, CI, weightedName];
  const base = batchBaseOption(legend);
  return {
    ...base,
    legend: { ...(base.legend as object), data: legend },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.label),
      name: 'health at block 0',
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { ...valueAxis('liquidated at least once (%)'), min: 0, max: 100 },
    series: [estimate, caps, weighted],
  };
}
