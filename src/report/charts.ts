/**
 * ECharts option builders for the report, one per chart. Pure functions of a {@link RunResult}
 * returning plain option objects, so the same options feed the static SVG report and,
 * later, an interactive dashboard. Time runs along x in simulated minutes.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import type { RunResult, SeriesColumn } from '../analysis/result.js';
import { COLORS, baseOption, cycle, timeAxis, valueAxis } from './chart-style.js';
import { columnsWithPrefix, findColumn, generationColumns, timePoints } from './columns.js';
import { formatGrouped } from './format.js';

function line(result: RunResult, column: SeriesColumn, name: string, color: string): LineSeriesOption {
  return {
    type: 'line',
    name,
    data: timePoints(result, column),
    showSymbol: false,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
    emphasis: { disabled: true },
  };
}

/**
 * Prices over time: one line per `fundamental:*` (dashed), `venue:*` and `oracle:*` (stepped,
 * as an oracle holds its value between updates) column, in that order, USD on y.
 *
 * @example
 * const option = priceChart(result);
 * (option.series as unknown[]).length; // number of price columns
 */
export function priceChart(result: RunResult): EChartsOption {
  const series: LineSeriesOption[] = [
    ...columnsWithPrefix(result, 'fundamental:').map((c, i) => {
      const s = line(result, c, c.name, cycle(COLORS.fundamental, i));
      return { ...s, lineStyle: { ...s.lineStyle, type: 'dashed' as const } };
    }),
    ...columnsWithPrefix(result, 'venue:').map((c, i) => line(result, c, c.name, cycle(COLORS.venue, i))),
    ...columnsWithPrefix(result, 'oracle:').map((c, i) => ({
      ...line(result, c, c.name, cycle(COLORS.oracle, i)),
      step: 'end' as const,
    })),
  ];
  return { ...baseOption(), xAxis: timeAxis(result), yAxis: valueAxis('price (USD)', true), series };
}

/**
 * Liquidated collateral per block, USD, as bars stacked by cascade generation (one series per
 * `liquidatedUsd:gen<k>` column, generation 0 = triggered by the exogenous move).
 *
 * @example
 * const option = liquidationsByGenerationChart(result);
 * (option.series as { stack: string }[]).every((s) => s.stack === 'generation'); // true
 */
export function liquidationsByGenerationChart(result: RunResult): EChartsOption {
  const series: BarSeriesOption[] = generationColumns(result).map(({ generation, column }) => ({
    type: 'bar',
    name: generation === 0 ? 'gen 0 (exogenous)' : `gen ${generation}`,
    stack: 'generation',
    data: timePoints(result, column),
    barMaxWidth: 24,
    itemStyle: { color: cycle(COLORS.generations, generation) },
    emphasis: { disabled: true },
  }));
  return {
    ...baseOption(),
    xAxis: timeAxis(result),
    yAxis: valueAxis('liquidated collateral (USD per block)'),
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
    ...baseOption(),
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
    const s = line(result, badDebt, 'bad debt (cumulative)', COLORS.badDebt);
    series.push({ ...s, areaStyle: { color: COLORS.badDebt, opacity: 0.12 } });
  }
  if (insurance) series.push(line(result, insurance, 'insurance fund', COLORS.insurance));
  return { ...baseOption(), xAxis: timeAxis(result), yAxis: valueAxis('USD'), series };
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
    if (column) series.push(line(result, column, name.replace('health:', ''), COLORS.quantiles[i]));
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
  return { ...baseOption(), xAxis: timeAxis(result), yAxis: valueAxis('health factor (ratio)'), series };
}
