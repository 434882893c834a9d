import { describe, expect, it } from 'vitest';
import type { HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { PathSeries } from '../../analysis/batch/types.js';
import { cdfChart } from './cdf.js';
import { fanChart, fanQuantiles } from './fan.js';
import { frontierChart, type FrontierPoint } from './frontier.js';
import { histogramChart, histogramData, zeroAtomNote } from './histogram.js';
import { batchChartSvg } from './render.js';
import { heatmapCells, sweepHeatmap, sweepLineChart } from './sweep.js';

const seriesOf = <T>(option: { series?: unknown }): T[] => option.series as T[];
/** The text of the option's graphic notes. */
const notes = (option: { graphic?: unknown }): string[] =>
  (option.graphic as { style: { text: string } }[]).map((g) => g.style.text);

describe('histogramChart', () => {
  const values = [0, 5, 0, 2, 0, 1, 3, 0, 2];

  it('leaves the atom at 0 out of the bins and says how many paths are exactly 0', () => {
    const data = histogramData(values, { title: 'bad debt', unit: 'USD', bins: 2 });
    // Non-zero values 5, 2, 1, 3, 2: edges 1, 3, 5; [1, 3) holds 2, 1, 2; [3, 5] holds 5 and 3.
    expect(data).toEqual({ edges: [1, 3, 5], counts: [3, 2], zeros: 4, total: 9 });
    expect(zeroAtomNote(data)).toBe('4 of 9 paths (44.44%) are exactly 0 (not in the bars)');
    const option = histogramChart(values, { title: 'bad debt', unit: 'USD', bins: 2 });
    expect(notes(option)).toEqual(['4 of 9 paths (44.44%) are exactly 0 (not in the bars)']);
    const [bars] = seriesOf<LineSeriesOption>(option);
    expect(bars.name).toBe('paths with bad debt ≠ 0');
    // The filled outline of two bars: up at 1, 3 high to x = 3, 2 high to x = 5, down.
    expect(bars.data).toEqual([
      [1, 0],
      [1, 3],
      [3, 2],
      [5, 2],
      [5, 0],
    ]);
    expect(bars.step).toBe('end');
    expect(option.xAxis).toMatchObject({ name: 'bad debt (USD)' });
  });

  it('bins zeros like any value when told to, and notes when every path is 0', () => {
    const data = histogramData(values, { title: 'x', unit: '', bins: 5, splitZeros: false });
    // 0..5 in bins of 1: four 0s, one 1, two 2s, one 3, one 5 (the last bin holds the maximum).
    expect(data.counts).toEqual([4, 1, 2, 1, 1]);
    expect(data.zeros).toBe(0);
    expect(notes(histogramChart(values, { title: 'x', unit: '', splitZeros: false }))).toEqual([]);
    const allZero = histogramChart([0, 0, 0], { title: 'bad debt', unit: 'USD' });
    expect(notes(allZero)).toEqual(['all 3 paths are exactly 0']);
    expect(seriesOf<LineSeriesOption>(allZero)[0].data).toEqual([]);
  });

  it('draws markers as vertical lines and refuses non-finite values', () => {
    const option = histogramChart([1, 2, 3], { title: 'x', unit: '', markers: [{ label: 'VaR99', value: 2.5 }] });
    const markLine = seriesOf<LineSeriesOption>(option)[0].markLine as { data: { xAxis: number }[] };
    expect(markLine.data.map((d) => d.xAxis)).toEqual([2.5]);
    expect(() => histogramChart([1, Number.POSITIVE_INFINITY], { title: 'x', unit: '' })).toThrow(/not finite/);
  });
});

describe('cdfChart', () => {
  it('draws one stepped empirical CDF per cell, VaR lines in its colour, VaR values in the legend', () => {
    const option = cdfChart(
      [
        { name: 'a', values: [0, 0, 1, 3], var95: 3, var99: 3 },
        { name: 'b', values: [2, 4] },
      ],
      { title: 'bad debt', unit: 'USD' },
    );
    const [a, b] = seriesOf<LineSeriesOption>(option);
    expect(a.name).toBe('a (VaR95 3 · VaR99 3)');
    expect(a.data).toEqual([
      [0, 0],
      [0, 0.5],
      [1, 0.75],
      [3, 1],
    ]);
    expect(b.name).toBe('b');
    expect(b.data).toEqual([
      [2, 0],
      [2, 0.5],
      [4, 1],
    ]);
    const lines = (a.markLine as { data: { xAxis: number; lineStyle: { type: string; color: string } }[] }).data;
    expect(lines.map((l) => [l.xAxis, l.lineStyle.type])).toEqual([
      [3, 'dashed'],
      [3, 'dotted'],
    ]);
    expect(lines[0].lineStyle.color).toBe((a.lineStyle as { color: string }).color);
    expect(b.markLine).toBeUndefined();
    expect(option.yAxis).toMatchObject({ min: 0, max: 1 });
  });
});

describe('fanChart', () => {
  // Five paths at 0, 60 and 120 s; at 120 s path 0 has no finite value.
  const paths: PathSeries[] = [5, 3, 1, 4, 2].map((v) => ({
    name: 'oracle:eth-usd',
    timesSeconds: [0, 60, 120],
    values: [v, 100 - 10 * v, v === 5 ? Number.NaN : v],
  }));

  it('takes lower empirical (type 1) quantiles over paths at each time point, ignoring non-finite values', () => {
    const fan = fanQuantiles(paths);
    expect(fan.paths).toBe(5);
    // k = ⌈n·p⌉. t = 0: values 1..5 (n = 5) → ranks 1, 2, 3, 4, 5 for p5, p25, p50, p75, p95.
    // t = 60: values 50, 60, 70, 80, 90 → 50, 60, 70, 80, 90.
    // t = 120: values 1..4 (n = 4) → ranks ⌈0.2⌉ = 1, ⌈1⌉ = 1, ⌈2⌉ = 2, ⌈3⌉ = 3, ⌈3.8⌉ = 4.
    const expected = [
      [1, 50, 1],
      [2, 60, 1],
      [3, 70, 2],
      [4, 80, 3],
      [5, 90, 4],
    ];
    fan.quantiles.forEach((row, level) => row.forEach((q, t) => expect(q).toBeCloseTo(expected[level][t], 10)));
  });

  it('stacks an invisible p5 base, then p25 − p5, p75 − p25, p95 − p75; the median on its own', () => {
    const series = seriesOf<LineSeriesOption>(fanChart(paths, { title: 'oracle price' }));
    expect(series.map((s) => s.name)).toEqual(['', 'p5–p95', 'p25–p75', 'p5–p95', 'median']);
    expect(series.slice(0, 4).every((s) => s.stack === 'fan' && s.stackStrategy === 'all')).toBe(true);
    const at0 = series.map((s) => (s.data as [number, number][])[0]);
    expect(at0.map((p) => p[0])).toEqual([0, 0, 0, 0, 0]);
    // p5 = 1, p25 − p5 = 1, p75 − p25 = 2, p95 − p75 = 1, median 3.
    [1, 1, 2, 1, 3].forEach((v, i) => expect(at0[i][1]).toBeCloseTo(v, 10));
    expect((series[4].data as [number, number][]).map((p) => p[0])).toEqual([0, 1, 2]); // minutes
    expect(series[4].stack).toBeUndefined();
  });

  it('rejects paths of other series or other time points', () => {
    expect(() => fanQuantiles([])).toThrow(/at least one/);
    expect(() => fanQuantiles([paths[0], { ...paths[1], name: 'oracle:btc-usd' }])).toThrow(/series/);
    expect(() => fanQuantiles([paths[0], { ...paths[1], timesSeconds: [0, 60, 180] }])).toThrow(/time points/);
  });
});

describe('sweepHeatmap', () => {
  const grid = {
    xParam: 'bonus',
    xValues: [0.05, 0.1],
    yParam: 'depth',
    yValues: [1000000, 2000000],
    cells: [
      [1, null],
      [3, 4],
    ],
    metricLabel: 'mean bad debt (USD)',
  };

  it('puts cell [yi][xi] at (xi, yi), leaves null cells out and says so', () => {
    expect(heatmapCells(grid)).toEqual([
      [0, 0, 1],
      [0, 1, 3],
      [1, 1, 4],
    ]);
    const option = sweepHeatmap(grid);
    const [heat] = seriesOf<HeatmapSeriesOption>(option);
    expect((heat.data as { value: number[] }[]).map((d) => d.value)).toEqual([
      [0, 0, 1],
      [0, 1, 3],
      [1, 1, 4],
    ]);
    expect(option.visualMap).toMatchObject({ min: 1, max: 4 });
    expect(option.xAxis).toMatchObject({ name: 'bonus', data: ['0.05', '0.1'] });
    expect(option.yAxis).toMatchObject({ name: 'depth', data: ['1,000,000', '2,000,000'] });
    expect(notes(option)).toEqual(['blank cells: no data']);
    expect(
      notes(
        sweepHeatmap({
          ...grid,
          cells: [
            [1, 2],
            [3, 4],
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a matrix that does not match the parameter values', () => {
    expect(() => heatmapCells({ ...grid, cells: [[1, 2]] })).toThrow(/rows/);
    expect(() => heatmapCells({ ...grid, cells: [[1], [3, 4]] })).toThrow(/row 0/);
  });
});

describe('sweepLineChart', () => {
  it('sorts numeric values and draws the CI as a band from ciLow of height ciHigh − ciLow', () => {
    const option = sweepLineChart({
      param: 'bonus',
      metricLabel: 'mean bad debt (USD)',
      points: [
        { value: 0.1, mean: 20, ciLow: 15, ciHigh: 26 },
        { value: 0.05, mean: 10, ciLow: 8, ciHigh: 12 },
        { value: 0.2, mean: 30, ciLow: null, ciHigh: null },
      ],
    });
    const [base, band, mean] = seriesOf<LineSeriesOption>(option);
    expect(mean.data).toEqual([
      [0.05, 10],
      [0.1, 20],
      [0.2, 30],
    ]);
    expect(base.data).toEqual([
      [0.05, 8],
      [0.1, 15],
      [0.2, null],
    ]);
    expect(band.data).toEqual([
      [0.05, 4],
      [0.1, 11],
      [0.2, null],
    ]);
    expect(band.name).toBe('95% CI');
    expect(option.xAxis).toMatchObject({ type: 'value', name: 'bonus' });
  });

  it('keeps non-numeric values as categories in the order given', () => {
    const option = sweepLineChart({
      param: 'oracle',
      metricLabel: 'P(bad debt > 0)',
      points: ['twap', 'chainlink'].map((value, i) => ({ value, mean: i, ciLow: i, ciHigh: i })),
    });
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['twap', 'chainlink'] });
  });
});

describe('frontierChart', () => {
  const points: FrontierPoint[] = [
    { value: 0.8, estimate: 0.03, ciLow: 0.02, ciHigh: 0.04, meets: false },
    { value: 0.7, estimate: 0.005, ciLow: 0.001, ciHigh: 0.009, meets: true },
  ];

  it('marks each estimate by whether it meets, with its CI as an error bar, the target and the answer', () => {
    const option = frontierChart({
      param: 'threshold',
      points,
      target: 0.01,
      answer: 0.75,
      metricLabel: 'P(bad debt > 0)',
    });
    const series = seriesOf<LineSeriesOption | ScatterSeriesOption>(option);
    const byName = (name: string) => series.find((s) => s.name === name)!;
    expect(byName('meets target').data).toEqual([[0.7, 0.005]]);
    expect(byName('misses target').data).toEqual([[0.8, 0.03]]);
    expect(byName('estimate').data).toEqual([
      [0.7, 0.005],
      [0.8, 0.03],
    ]);
    const marks = (byName('estimate') as LineSeriesOption).markLine!.data as unknown[];
    expect(marks).toContainEqual(expect.objectContaining({ yAxis: 0.01 }));
    expect(marks).toContainEqual(expect.objectContaining({ xAxis: 0.75 }));
    const bars = marks.filter(Array.isArray) as { coord: number[] }[][];
    expect(bars.map(([lo, hi]) => [lo.coord, hi.coord])).toEqual([
      [
        [0.7, 0.001],
        [0.7, 0.009],
      ],
      [
        [0.8, 0.02],
        [0.8, 0.04],
      ],
    ]);
    // The invisible anchor keeps the target in the y extent.
    expect(series.at(-1)!.data).toEqual([[0.75, 0.01]]);
    expect(notes(option)).toEqual([]);
  });

  it('says so when no value meets the target', () => {
    const option = frontierChart({ param: 'threshold', points, target: 0.001, answer: null });
    expect(notes(option)).toEqual(['no value tried meets the target']);
    const marks = (seriesOf<LineSeriesOption>(option)[0].markLine!.data as { xAxis?: number }[]).filter(
      (m) => 'xAxis' in m,
    );
    expect(marks).toEqual([]);
  });
});

describe('rendering', () => {
  it('renders every chart to an SVG whose ids carry the chart id', () => {
    const svg = batchChartSvg(histogramChart([0, 1, 2, 2, 3], { title: 'bad debt', unit: 'USD' }), 'bad-debt');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('1 of 5 paths (20.00%) are exactly 0');
    expect(svg).not.toContain('"Segoe UI"');
    const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.every((id) => id.startsWith('svg-bad-debt-'))).toBe(true);
    expect(() => batchChartSvg(histogramChart([1], { title: 'x', unit: '' }), 'bad id')).toThrow(/chart id/);
  });
});
