import { describe, expect, it } from 'vitest';
import type { BarSeriesOption, LineSeriesOption } from 'echarts';
import type { RunResult, SeriesColumn } from '../analysis/result.js';
import { reportCharts } from './chart-catalog.js';
import { CHART_HEIGHT, CHART_WIDTH, baseOption, legendRows } from './chart-style.js';
import {
  MAX_GENERATION_SERIES,
  badDebtChart,
  generationBuckets,
  healthHistogramChart,
  healthQuantilesChart,
  histogramBinLabels,
  linePoints,
  liquidationsByGenerationChart,
  priceChart,
} from './charts.js';
import { MAX_BAR_BUCKETS, MAX_LINE_POINTS } from './downsample.js';
import { fixtureResult } from './fixture.test-helper.js';
import { renderSvg } from './svg.js';

/** A long run: `blocks` blocks of 12 s, a noisy price with one deep one-block trough, and `generations` generation
 * columns. */
function longResult(blocks: number, generations: number): RunResult {
  let state = 7;
  const noise = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const column = (name: string, f: (b: number) => number): SeriesColumn => ({
    name,
    unit: 'usd',
    values: Float64Array.from({ length: blocks + 1 }, (_, b) => f(b)),
  });
  const trough = Math.floor(blocks * 0.6180339);
  const gens = Array.from({ length: generations }, (_, k) =>
    column(`liquidatedUsd:gen${k}`, (b) => (b > 0 && noise() < 0.05 ? Math.round(noise() * 1e6) / 100 : 0)),
  );
  return fixtureResult({
    blocks,
    series: [
      column('fundamental:ETH', (b) => 2000 + 30 * Math.sin(b / 50) + noise() * 5),
      column('venue:pool', (b) => (b === trough ? 1234.5 : 2000 + 30 * Math.sin(b / 50) + noise() * 5)),
      ...gens,
    ],
  });
}

const total = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

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

  it('price chart: a price starting more than 20× below the highest gets a right-hand axis of its own', () => {
    const base = fixtureResult();
    const usdx = { name: 'venue:usdx-curve', unit: 'usd', values: base.series[1].values.map((_, b) => 1 - 0.001 * b) };
    const option = priceChart({ ...base, series: [...base.series.slice(0, 4), usdx, ...base.series.slice(4)] });
    const series = seriesOf<LineSeriesOption>(option);
    const placed = series.find((s) => String(s.name).startsWith('venue:usdx-curve'));
    expect(placed?.name).toBe('venue:usdx-curve (right axis)');
    expect(placed?.yAxisIndex).toBe(1);
    expect(series.filter((s) => s.yAxisIndex === 1)).toHaveLength(1);
    expect(option.yAxis).toHaveLength(2);
    // The fixture alone (ETH only) keeps one axis.
    expect(Array.isArray(priceChart(base).yAxis)).toBe(false);
  });

  it('generation chart: stacks the liquidatedUsd:gen<k> columns in generation order, one bar per block', () => {
    const option = liquidationsByGenerationChart(result);
    const series = seriesOf<BarSeriesOption>(option);
    expect(series).toHaveLength(3);
    expect(series.every((s) => s.type === 'bar' && s.stack === 'generation')).toBe(true);
    expect(series.map((s) => s.name)).toEqual(['gen 0 (exogenous)', 'gen 1', 'gen 2']);
    // 10 blocks: one bucket per block; bucket k holds block k + 1 and sits mid-block.
    const gen1 = series[1].data as [number, number | null][];
    const values = result.series.find((c) => c.name === 'liquidatedUsd:gen1')!.values;
    expect(gen1).toHaveLength(result.blocks);
    expect(gen1[3]).toEqual([(3.5 * 12) / 60, values[4]]);
    expect(values[1]).toBe(0);
    expect(gen1[0][1]).toBeNull();
    expect(option.yAxis).toMatchObject({ name: 'liquidated collateral (USD per block)' });
  });

  it('generation chart of a long run: at most 200 buckets, 8 series, sums preserved', () => {
    const long = longResult(900, 16);
    const { widthBlocks, series } = generationBuckets(long);
    expect(widthBlocks).toBe(5);
    expect(series).toHaveLength(MAX_GENERATION_SERIES);
    expect(series.map((s) => s.name)).toEqual([
      'gen 0 (exogenous)',
      ...Array.from({ length: 6 }, (_, k) => `gen ${k + 1}`),
      'gen 7+',
    ]);
    expect(series.at(-1)!.generations).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const columns = long.series.filter((c) => c.name.startsWith('liquidatedUsd:gen'));
    const before = columns.reduce((acc, c) => acc + total(c.values), 0);
    const after = series.reduce((acc, s) => acc + total(s.sums), 0);
    expect(after).toBeCloseTo(before, 6);
    expect(before).toBeGreaterThan(0);
    // Each single series is its own column's buckets; the merged one is the sum of columns 7..15.
    for (const [k, s] of series.slice(0, 7).entries()) expect(total(s.sums)).toBeCloseTo(total(columns[k].values), 6);
    const merged = columns.slice(7).reduce((acc, c) => acc + total(c.values), 0);
    expect(total(series[7].sums)).toBeCloseTo(merged, 6);
    // Bucket 3 of the merged series = blocks 16..20 of generations 7..15.
    const bucket3 = columns.slice(7).reduce((acc, c) => acc + total(c.values.slice(16, 21)), 0);
    expect(series[7].sums[3]).toBeCloseTo(bucket3, 6);

    const option = liquidationsByGenerationChart(long);
    const bars = seriesOf<BarSeriesOption>(option);
    expect(bars).toHaveLength(8);
    for (const bar of bars) expect((bar.data as unknown[]).length).toBe(180);
    const drawn = bars.flatMap((b) => (b.data as [number, number | null][]).map(([, v]) => v ?? 0));
    expect(total(drawn)).toBeCloseTo(before, 6);
    expect(option.yAxis).toMatchObject({ name: 'liquidated collateral (USD per 1-minute bucket)' });
    expect(new Set(bars.map((b) => (b.itemStyle as { color: string }).color)).size).toBe(8);

    const day = generationBuckets(longResult(7200, 3));
    expect(day.widthBlocks).toBe(50);
    expect(day.series[0].sums.length).toBeLessThanOrEqual(MAX_BAR_BUCKETS);
    expect(day.series.map((s) => s.name)).toEqual(['gen 0 (exogenous)', 'gen 1', 'gen 2']);
  });

  it('merges nothing up to 8 generations', () => {
    const eight = generationBuckets(longResult(300, 8)).series;
    expect(eight.map((s) => s.generations)).toEqual([[0], [1], [2], [3], [4], [5], [6], [7]]);
    expect(eight.at(-1)!.name).toBe('gen 7');
  });

  it('line charts of long runs are downsampled but keep the trough; short runs keep every block', () => {
    const long = longResult(7200, 1);
    const pool = seriesOf<LineSeriesOption>(priceChart(long)).find((s) => s.name === 'venue:pool')!;
    const points = pool.data as [number, number][];
    expect(points.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    expect(points.length).toBeGreaterThan(MAX_LINE_POINTS / 2);
    const trough = Math.floor(7200 * 0.6180339);
    expect(points).toContainEqual([(trough * 12) / 60, 1234.5]);
    expect(points[0][0]).toBe(0);
    expect(points.at(-1)![0]).toBe((7200 * 12) / 60);
    const column = long.series[1];
    expect(linePoints(long, column, 20000)).toHaveLength(7201);
    expect(linePoints(result, result.series[0]).map(([x]) => x)).toEqual(
      Array.from({ length: result.blocks + 1 }, (_, b) => (b * 12) / 60),
    );
  });

  it('reserves room for every legend row, so the legend never covers the y axis name', () => {
    const nameSets = [
      ['p10', 'p50', 'p90'],
      Array.from({ length: 16 }, (_, k) => (k === 0 ? 'gen 0 (exogenous)' : `gen ${k}`)),
      Array.from({ length: 30 }, (_, k) => `venue:a-rather-long-venue-name-${k}`),
    ];
    for (const names of nameSets) {
      const option = {
        ...baseOption(names),
        xAxis: { type: 'value' as const, name: 'time (min)' },
        yAxis: { type: 'value' as const, name: 'AXIS-NAME' },
        series: names.map((name) => ({
          type: 'line' as const,
          name,
          data: [
            [0, 1],
            [1, 2],
          ],
        })),
      };
      const svg = renderSvg(option, CHART_WIDTH, CHART_HEIGHT, 'legend');
      const textY = (label: string): number => {
        const m = new RegExp(
          `y="(-?[\\d.]+)" transform="translate\\([\\d.]+ ([\\d.]+)\\)"[^>]*>${label.replace(/[()]/g, '\\$&')}</text>`,
        ).exec(svg);
        if (!m) throw new Error(`no text ${label}`);
        return Number(m[1]) + Number(m[2]);
      };
      const rows = new Set(names.map(textY));
      expect(legendRows(names)).toBeGreaterThanOrEqual(rows.size);
      // Text is centred on its y; 12 px text, so half a line above and below.
      expect(textY('AXIS-NAME') - 6).toBeGreaterThan(Math.max(...rows) + 6);
    }
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
    const pricesOnly = fixtureResult({
      series: fixtureResult().series.slice(0, 4),
      health: { edges: [], before: [], after: [] },
    });
    expect(reportCharts(pricesOnly).map((c) => c.id)).toEqual(['prices']);
  });
});
