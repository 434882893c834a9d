import { describe, expect, it } from 'vitest';
import type { BarSeriesOption, LineSeriesOption } from 'echarts';
import { reportCharts } from './chart-catalog.js';
import {
  badDebtChart,
  healthHistogramChart,
  healthQuantilesChart,
  histogramBinLabels,
  liquidationsByGenerationChart,
  priceChart,
} from './charts.js';
import { fixtureResult } from './fixture.test-helper.js';

const seriesOf = <T>(option: { series?: unknown }): T[] => option.series as T[];

describe('chart options', () => {
  const result = fixtureResult();

  it('price chart: one line per fundamental/venue/oracle column, x in minutes', () => {
    const series = seriesOf<LineSeriesOption>(priceChart(result));
    expect(series.map((s) => s.name)).toEqual(['fundamental:ETH', 'venue:uniswap', 'venue:cex', 'oracle:chainlink']);
    const uniswap = series[1].data as [number, number][];
    expect(uniswap).toHaveLength(11);
    expect(uniswap[5][0]).toBe(1);
    expect(uniswap[5][1]).toBeCloseTo(result.series[1].values[5], 12);
    expect(series[3].step).toBe('end');
    expect(priceChart(result).xAxis).toMatchObject({ name: 'time (min)', max: 2 });
    expect(priceChart(result).yAxis).toMatchObject({ name: 'price (USD)' });
  });

  it('generation chart: stacks the liquidatedUsd:gen<k> columns in generation order', () => {
    const series = seriesOf<BarSeriesOption>(liquidationsByGenerationChart(result));
    expect(series).toHaveLength(3);
    expect(series.every((s) => s.type === 'bar' && s.stack === 'generation')).toBe(true);
    expect(series.map((s) => s.name)).toEqual(['gen 0 (exogenous)', 'gen 1', 'gen 2']);
    const gen1 = series[1].data as [number, number][];
    expect(gen1[4][1]).toBe(result.series.find((c) => c.name === 'liquidatedUsd:gen1')!.values[4]);
  });

  it('generation chart sorts generations numerically', () => {
    const base = fixtureResult();
    const col = (k: number) => ({ name: `liquidatedUsd:gen${k}`, unit: 'usd', values: new Float64Array(11) });
    const shuffled = { ...base, series: [col(10), col(2), col(0)] };
    const names = seriesOf<BarSeriesOption>(liquidationsByGenerationChart(shuffled)).map((s) => s.name);
    expect(names).toEqual(['gen 0 (exogenous)', 'gen 2', 'gen 10']);
  });

  it('health histogram: before and after bars over labelled bins', () => {
    expect(histogramBinLabels([0, 1, 1.5, 2])).toEqual(['0–1', '1–1.5', '≥ 1.5']);
    const option = healthHistogramChart(result);
    const series = seriesOf<BarSeriesOption>(option);
    expect(series.map((s) => s.data)).toEqual([result.health.before, result.health.after]);
    expect((option.xAxis as { data: string[] }).data).toHaveLength(6);
  });

  it('bad debt and quantile charts use their columns and mark the threshold', () => {
    expect(seriesOf<LineSeriesOption>(badDebtChart(result)).map((s) => s.name)).toEqual([
      'bad debt (cumulative)',
      'insurance fund',
    ]);
    const quantiles = seriesOf<LineSeriesOption>(healthQuantilesChart(result));
    expect(quantiles.map((s) => s.name)).toEqual(['p10', 'p50', 'p90']);
    expect(quantiles[0].markLine?.data).toEqual([{ yAxis: 1 }]);
  });

  it('turns non-finite values into gaps', () => {
    const broken = fixtureResult();
    broken.series[12].values[3] = Number.NaN;
    const p50 = seriesOf<LineSeriesOption>(healthQuantilesChart(broken))[1].data as [number, number | null][];
    expect(p50[3]).toEqual([0.6, null]);
  });

  it('the catalogue skips charts without data', () => {
    expect(reportCharts(result).map((c) => c.id)).toEqual([
      'prices',
      'liquidations-by-generation',
      'health-histogram',
      'bad-debt',
      'health-quantiles',
    ]);
    const pricesOnly = fixtureResult({ series: fixtureResult().series.slice(0, 4), health: { edges: [], before: [], after: [] } });
    expect(reportCharts(pricesOnly).map((c) => c.id)).toEqual(['prices']);
  });
});
