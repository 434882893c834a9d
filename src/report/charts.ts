/**
 * ECharts option builders for the report, one per chart. Pure functions of a {@link RunResult}
 * returning plain option objects, so the same options feed the static SVG report and,
 * later, an interactive dashboard. Time runs along x in simulated minutes.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import type { RunResult, SeriesColumn } from '../analysis/result.js';
import { COLORS, baseOption, cycle, timeAxis, valueAxis } from './chart-style.js';
import {
  blockMinutes,
  columnsWithPrefix,
  findColumn,
  generationColumns,
  priceColumns,
  type GenerationColumn,
} from './columns.js';
import {
  MAX_BAR_BUCKETS,
  MAX_LINE_POINTS,
  bucketLabel,
  bucketSums,
  bucketWidthBlocks,
  downsampleIndices,
} from './downsample.js';
import { formatGrouped } from '../kernel/format.js';

/**
 * `[minutes, value]` points of a column for a line chart: every block up to
 * {@link MAX_LINE_POINTS} values, otherwise the min/max-per-bucket selection of
 * {@link downsampleIndices} (so every trough and spike stays). Non-finite values become `null`
 * (a gap in the chart).
 *
 * @example
 * linePoints(result, column).length <= MAX_LINE_POINTS; // true
 */
export function linePoints(
  result: RunResult,
  column: SeriesColumn,
  maxPoints = MAX_LINE_POINTS,
): [number, number | null][] {
  return downsampleIndices(column.values, maxPoints).map((block) => {
    const v = column.values[block];
    return [blockMinutes(result, block), Number.isFinite(v) ? v : null];
  });
}

/** The series names of `option`, in order, for {@link baseOption}'s legend layout. */
function names(series: { name?: string | number }[]): string[] {
  return series.map((s) => String(s.name ?? ''));
}

/**
 * A plain line series of one column, downsampled for the chart.
 *
 * @example lineSeries(result, column, 'venue:cex', '#1f77b4');
 */
export function lineSeries(result: RunResult, column: SeriesColumn, name: string, color: string): LineSeriesOption {
  return {
    type: 'line',
    name,
    data: linePoints(result, column),
    showSymbol: false,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
    emphasis: { disabled: true },
  };
}

/** Prices this many times below the highest starting price go on a right-hand axis (a stablecoin beside ETH). */
const SECOND_AXIS_RATIO = 20;

/**
 * Price columns whose starting prices differ by more than this factor are charted apart (see {@link priceGroups}): on
 * one plot, or on two axes over one plot, the lines of assets of different price levels overlap or flatten.
 */
const GROUP_RATIO = 3;

/** First positive finite value of a column, or 0. */
function startPrice(column: SeriesColumn): number {
  return column.values.find((v) => Number.isFinite(v) && v > 0) ?? 0;
}

/**
 * The price columns split by price level, one group per chart: columns sorted by starting price, highest first, and
 * a new group begun wherever a column starts more than {@link GROUP_RATIO} times below its group's first. One asset's
 * fundamental, venue and oracle prices start together, so they share a group; BTC at 60,000 and ETH at 2,000 do not.
 * Columns that never hold a positive price join the first group. Within a group, columns keep the order of
 * {@link priceColumns} (fundamental, venue, oracle).
 *
 * @example
 * priceGroups(result).map((g) => g.map((c) => c.name));
 * // [['fundamental:BTC', 'venue:btc-cex', 'oracle:btc-index'], ['fundamental:ETH', 'venue:eth-cex', 'oracle:eth-index']]
 */
export function priceGroups(result: RunResult): SeriesColumn[][] {
  const columns = priceColumns(result);
  const byStart = [...columns].sort((a, b) => startPrice(b) - startPrice(a));
  const tops: number[] = [];
  const groupOf = new Map<SeriesColumn, number>();
  for (const column of byStart) {
    const start = startPrice(column);
    if (start > 0 && (tops.length === 0 || start * GROUP_RATIO < tops[tops.length - 1])) tops.push(start);
    groupOf.set(column, start > 0 ? tops.length - 1 : 0);
  }
  return tops.length <= 1 ? [columns] : tops.map((_, g) => columns.filter((c) => groupOf.get(c) === g));
}

/**
 * Prices over time: one line per `fundamental:*` (dashed), `venue:*` and `oracle:*` (stepped,
 * as an oracle holds its value between updates) column, in that order, USD on y. When some columns start more than
 * {@link SECOND_AXIS_RATIO} times below the highest, they get a right-hand axis of their own (named "(right axis)"),
 * so a stablecoin's de-peg is visible beside ETH. `only` limits the chart to some of the price columns (one group of
 * {@link priceGroups}: the report draws one chart per price level).
 *
 * @example
 * const option = priceChart(result);
 * (option.series as unknown[]).length; // number of price columns
 * priceGroups(result).map((group) => priceChart(result, group)); // one chart per price level
 */
export function priceChart(result: RunResult, only: readonly SeriesColumn[] = priceColumns(result)): EChartsOption {
  const pick = (prefix: string): SeriesColumn[] => columnsWithPrefix(result, prefix).filter((c) => only.includes(c));
  const series: LineSeriesOption[] = [
    ...pick('fundamental:').map((c, i) => {
      const s = lineSeries(result, c, c.name, cycle(COLORS.fundamental, i));
      return { ...s, lineStyle: { ...s.lineStyle, type: 'dashed' as const } };
    }),
    ...pick('venue:').map((c, i) => lineSeries(result, c, c.name, cycle(COLORS.venue, i))),
    ...pick('oracle:').map((c, i) => ({
      ...lineSeries(result, c, c.name, cycle(COLORS.oracle, i)),
      step: 'end' as const,
    })),
  ];
  const columns = [...pick('fundamental:'), ...pick('venue:'), ...pick('oracle:')];
  const starts = columns.map(startPrice);
  const top = Math.max(0, ...starts);
  const right = starts.map((start) => start > 0 && start * SECOND_AXIS_RATIO < top);
  if (!right.includes(true))
    return { ...baseOption(names(series)), xAxis: timeAxis(result), yAxis: valueAxis('price (USD)', true), series };
  const placed = series.map((s, k) => (right[k] ? { ...s, name: `${String(s.name)} (right axis)`, yAxisIndex: 1 } : s));
  return {
    ...baseOption(names(placed)),
    xAxis: timeAxis(result),
    yAxis: [
      valueAxis('price (USD)', true),
      {
        ...valueAxis('USD (right)', true),
        position: 'right',
        splitLine: { show: false },
        nameTextStyle: { align: 'right' },
      },
    ],
    series: placed,
  };
}

/**
 * Most series of the generation chart; with more generations the highest ones share the last
 * series (`gen 7+` when generations 0–6 have their own).
 *
 * @example
 * generationBuckets(result).series.length <= MAX_GENERATION_SERIES; // true
 */
export const MAX_GENERATION_SERIES = 8;

/**
 * One stacked series of the generation chart: one generation, or the merged highest ones.
 *
 * @example
 * const s: GenerationSeries = { name: 'gen 7+', generations: [7, 8, 9], sums: [0, 1250.5] };
 */
export interface GenerationSeries {
  name: string;
  /** Generation numbers summed into this series. */
  generations: number[];
  /** USD liquidated per time bucket, summed over `generations`. */
  sums: number[];
}

/**
 * The liquidated-USD-by-generation data of the generation chart: the `liquidatedUsd:gen<k>`
 * columns summed into at most `maxBuckets` time buckets of `widthBlocks` blocks each (see
 * {@link bucketWidthBlocks}), and, beyond `maxSeries` generations, the highest ones summed into
 * one last series, so no USD is lost either way.
 *
 * @example
 * const { widthBlocks, series } = generationBuckets(result); // 900 blocks of 12 s, 16 generations
 * widthBlocks;                    // 5 (1-minute buckets)
 * series.map((s) => s.name).at(-1); // 'gen 7+'
 */
export function generationBuckets(
  result: RunResult,
  maxBuckets = MAX_BAR_BUCKETS,
  maxSeries = MAX_GENERATION_SERIES,
): { widthBlocks: number; series: GenerationSeries[] } {
  const widthBlocks = bucketWidthBlocks(result.blocks, result.blockTimeSeconds, maxBuckets);
  const columns = generationColumns(result);
  const groups: GenerationColumn[][] =
    columns.length > maxSeries
      ? [...columns.slice(0, maxSeries - 1).map((c) => [c]), columns.slice(maxSeries - 1)]
      : columns.map((c) => [c]);
  const series = groups.map((group): GenerationSeries => {
    const first = group[0].generation;
    const name = group.length > 1 ? `gen ${first}+` : first === 0 ? 'gen 0 (exogenous)' : `gen ${first}`;
    const sums = bucketSums(group[0].column.values, widthBlocks);
    for (const { column } of group.slice(1)) {
      bucketSums(column.values, widthBlocks).forEach((v, k) => (sums[k] += v));
    }
    return { name, generations: group.map((c) => c.generation), sums };
  });
  return { widthBlocks, series };
}

/**
 * Liquidated collateral over time, USD, as bars stacked by cascade generation (generation 0 =
 * triggered by the exogenous move). One bar per block for short runs; longer runs are summed
 * into at most {@link MAX_BAR_BUCKETS} round-duration buckets, named on the y axis
 * (`USD per 1-minute bucket`), and more than {@link MAX_GENERATION_SERIES} generations are cut
 * to that many series by merging the highest; see {@link generationBuckets}. Each bar sits at
 * the middle of its bucket; empty buckets draw nothing.
 *
 * @example
 * const option = liquidationsByGenerationChart(result);
 * (option.series as { stack: string }[]).every((s) => s.stack === 'generation'); // true
 */
export function liquidationsByGenerationChart(result: RunResult): EChartsOption {
  const { widthBlocks, series: groups } = generationBuckets(result);
  const middle = (k: number): number =>
    blockMinutes(result, (k * widthBlocks + Math.min((k + 1) * widthBlocks, Math.max(result.blocks, 1))) / 2);
  const series: BarSeriesOption[] = groups.map((group, i) => ({
    type: 'bar',
    name: group.name,
    stack: 'generation',
    data: group.sums.map((v, k) => [middle(k), v === 0 ? null : v]),
    barWidth: '90%',
    itemStyle: { color: cycle(COLORS.generations, i) },
    emphasis: { disabled: true },
  }));
  const unit =
    widthBlocks === 1 ? 'USD per block' : `USD per ${bucketLabel(widthBlocks, result.blockTimeSeconds)} bucket`;
  return {
    ...baseOption(names(series)),
    xAxis: timeAxis(result),
    yAxis: valueAxis(`liquidated ${result.perps ? 'collateral and perp notional' : 'collateral'} (${unit})`),
    series,
  };
}

/**
 * Human label of histogram bin `i`: `a–b` for inner bins, `≥ a` for the open-ended last bin.
 *
 * @example
 * histogramBinLabels([0, 1, 1.5, 2]); // ['0–1', '1–1.5', '≥ 1.5']
 */
export function histogramBinLabels(edges: number[]): string[] {
  const bins = edges.length - 1;
  const edge = (i: number): string => formatGrouped(edges[i], 3);
  return Array.from({ length: Math.max(0, bins) }, (_, i) =>
    i === bins - 1 ? `≥ ${edge(i)}` : `${edge(i)}–${edge(i + 1)}`,
  );
}

/**
 * Health-factor distribution of open accounts with debt at the start and the end of the run,
 * as side-by-side bars per health-factor bin.
 *
 * @example
 * const option = healthHistogramChart(result);
 * (option.series as { name: string }[]).map((s) => s.name); // ['start of run', 'end of run']
 */
export function healthHistogramChart(result: RunResult): EChartsOption {
  const bars = (name: string, data: number[], color: string): BarSeriesOption => ({
    type: 'bar',
    name,
    data: [...data],
    barMaxWidth: 32,
    itemStyle: { color },
    emphasis: { disabled: true },
  });
  return {
    ...baseOption(['start of run', 'end of run']),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'health factor (liquidatable below 1)',
      nameLocation: 'middle',
      nameGap: 28,
      data: histogramBinLabels(result.health.edges),
    },
    yAxis: valueAxis('accounts (count)'),
    series: [
      bars('start of run', result.health.before, COLORS.before),
      bars('end of run', result.health.after, COLORS.after),
    ],
  };
}

/**
 * Cumulative bad debt and the insurance fund balance over time (USD), one line each for
 * whichever of `badDebtUsd` and `insuranceFundUsd` exist.
 *
 * @example
 * (badDebtChart(result).series as { name: string }[]).map((s) => s.name); // ['bad debt (cumulative)', 'insurance fund']
 */
export function badDebtChart(result: RunResult): EChartsOption {
  const series: LineSeriesOption[] = [];
  const badDebt = findColumn(result, 'badDebtUsd');
  const insurance = findColumn(result, 'insuranceFundUsd');
  if (badDebt) {
    const s = lineSeries(result, badDebt, 'bad debt (cumulative)', COLORS.badDebt);
    series.push({ ...s, areaStyle: { color: COLORS.badDebt, opacity: 0.12 } });
  }
  if (insurance) series.push(lineSeries(result, insurance, 'insurance fund', COLORS.insurance));
  return { ...baseOption(names(series)), xAxis: timeAxis(result), yAxis: valueAxis('USD'), series };
}

/**
 * The quantile columns charted by {@link healthQuantilesChart}, lowest first.
 *
 * @example
 * HEALTH_QUANTILES.includes('health:p50'); // true
 */
export const HEALTH_QUANTILES = ['health:p10', 'health:p50', 'health:p90'] as const;

/**
 * 10th, 50th and 90th percentile health factor of open accounts over time (whichever
 * `health:p*` columns exist), with a dashed line at the liquidation threshold 1.
 *
 * @example
 * (healthQuantilesChart(result).series as unknown[]).length; // 3 when all quantiles exist
 */
export function healthQuantilesChart(result: RunResult): EChartsOption {
  const series: LineSeriesOption[] = [];
  HEALTH_QUANTILES.forEach((name, i) => {
    const column = findColumn(result, name);
    if (column) series.push(lineSeries(result, column, name.replace('health:', ''), COLORS.quantiles[i]));
  });
  if (series.length > 0) {
    series[0] = {
      ...series[0],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: COLORS.threshold, type: 'dashed', width: 1 },
        label: { formatter: 'HF = 1', position: 'insideEndTop', color: COLORS.threshold },
        data: [{ yAxis: 1 }],
      },
    };
  }
  return { ...baseOption(names(series)), xAxis: timeAxis(result), yAxis: valueAxis('health factor (ratio)'), series };
}
