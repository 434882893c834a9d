/**
 * Chart of a frontier search: the estimated metric at every parameter value tried, with its
 * confidence interval, the target it had to meet and the value the search settled on.
 */
import type { EChartsOption, LineSeriesOption, MarkLineComponentOption, ScatterSeriesOption } from 'echarts';
import { valueAxis } from '../chart-style.js';
import { requireFiniteValues } from './stats.js';
import { BATCH_COLORS, batchBaseOption, noteText, shortNumber, valueXAxis } from './style.js';

/**
 * One parameter value tried by the search: the metric's estimate there, its confidence interval
 * and whether the value meets the target.
 *
 * @example
 * const p: FrontierPoint = { value: 0.08, estimate: 0.012, ciLow: 0.007, ciHigh: 0.019, meets: true };
 */
export interface FrontierPoint {
  value: number;
  estimate: number;
  ciLow: number;
  ciHigh: number;
  meets: boolean;
}

/**
 * What {@link frontierChart} draws.
 *
 * @example
 * const f: Frontier = { param: 'bonus', points, target: 0.01, answer: 0.085, metricLabel: 'P(bad debt > 0)' };
 */
export interface Frontier {
  /** The searched parameter, e.g. `protocols.aave.liquidationBonus`. */
  param: string;
  points: readonly FrontierPoint[];
  /** The level the metric had to meet. */
  target: number;
  /** The parameter value the search answered, or `null` when no value met the target. */
  answer: number | null;
  /** The metric, with its unit (default `estimate`). */
  metricLabel?: string;
  /** Legend name of the error bars (default `95% CI`). */
  ciLabel?: string;
}

/** Names of the frontier chart's series, in legend order. */
const MEETS = 'meets target';
const MISSES = 'misses target';

function referenceLines(frontier: Frontier, sorted: readonly FrontierPoint[]): MarkLineComponentOption {
  type Segment = Extract<NonNullable<MarkLineComponentOption['data']>[number], unknown[]>;
  const bars = sorted.map((p): Segment => [
    { coord: [p.value, p.ciLow], lineStyle: { color: BATCH_COLORS.estimate, type: 'solid', width: 1.25 } },
    { coord: [p.value, p.ciHigh] },
  ]);
  const target = {
    yAxis: frontier.target,
    lineStyle: { color: BATCH_COLORS.target, type: 'dashed' as const, width: 1.25 },
    label: {
      show: true,
      formatter: `target ${shortNumber(frontier.target)}`,
      position: 'insideEndTop' as const,
      color: BATCH_COLORS.target,
    },
  };
  const answer =
    frontier.answer === null
      ? []
      : [
          {
            xAxis: frontier.answer,
            lineStyle: { color: BATCH_COLORS.answer, type: 'solid' as const, width: 2 },
            label: {
              show: true,
              formatter: `answer ${shortNumber(frontier.answer)}`,
              position: 'end' as const,
              color: BATCH_COLORS.answer,
            },
          },
        ];
  return { silent: true, symbol: 'none', label: { show: false }, data: [...bars, target, ...answer] };
}

function dots(name: string, points: readonly FrontierPoint[], color: string): ScatterSeriesOption {
  return {
    type: 'scatter',
    name,
    data: points.map((p) => [p.value, p.estimate]),
    symbolSize: 9,
    itemStyle: { color },
    emphasis: { disabled: true },
    z: 3,
  };
}

/**
 * The frontier search as a chart: each tried value's estimate as a dot (green when it meets the
 * target, red when not) with its confidence interval as an error bar, a grey line through the
 * estimates in parameter order, the target as a dashed horizontal line and the answer as a solid
 * vertical line (or a note when there is none). Both lines stay in view.
 *
 * @example
 * const option = frontierChart({ param: 'bonus', points, target: 0.01, answer: 0.085, metricLabel: 'P(bad debt > 0)' });
 */
export function frontierChart(frontier: Frontier): EChartsOption {
  const sorted = [...frontier.points].sort((a, b) => a.value - b.value);
  requireFiniteValues(
    [
      frontier.target,
      ...(frontier.answer === null ? [] : [frontier.answer]),
      ...sorted.flatMap((p) => [p.value, p.estimate, p.ciLow, p.ciHigh]),
    ],
    `frontier of ${frontier.param}`,
  );
  const ciLabel = frontier.ciLabel ?? '95% CI';
  const line: LineSeriesOption = {
    type: 'line',
    name: 'estimate',
    data: sorted.map((p) => [p.value, p.estimate]),
    showSymbol: false,
    lineStyle: { width: 1, color: BATCH_COLORS.estimate, opacity: 0.6 },
    itemStyle: { color: BATCH_COLORS.estimate },
    emphasis: { disabled: true },
    markLine: referenceLines(frontier, sorted),
  };
  // Error-bar caps: short flat marks at both ends of each interval.
  const caps: ScatterSeriesOption = {
    type: 'scatter',
    name: ciLabel,
    data: sorted.flatMap((p) => [
      [p.value, p.ciLow],
      [p.value, p.ciHigh],
    ]),
    symbol: 'rect',
    symbolSize: [10, 1.5],
    itemStyle: { color: BATCH_COLORS.estimate },
    emphasis: { disabled: true },
    silent: true,
  };
  // Invisible: keeps the target and the answer inside the axes' extents.
  const anchorX = frontier.answer ?? sorted[0]?.value ?? 0;
  const anchor: ScatterSeriesOption = {
    type: 'scatter',
    name: '',
    data: [[anchorX, frontier.target]],
    symbolSize: 0,
    silent: true,
  };
  const legend = [MEETS, MISSES, ciLabel];
  const base = batchBaseOption(legend);
  return {
    ...base,
    legend: { ...(base.legend as object), data: legend },
    graphic: frontier.answer === null ? [noteText('no value tried meets the target', legend)] : [],
    xAxis: valueXAxis(frontier.param),
    yAxis: valueAxis(frontier.metricLabel ?? 'estimate', true),
    series: [
      line,
      caps,
      dots(
        MEETS,
        sorted.filter((p) => p.meets),
        BATCH_COLORS.meets,
      ),
      dots(
        MISSES,
        sorted.filter((p) => !p.meets),
        BATCH_COLORS.misses,
      ),
      anchor,
    ],
  };
}
