/**
 * Histogram of one metric across the paths of a batch (bad debt, amplification, …). Exact zeros
 * are counted apart: a loss that most paths never incur has an atom at 0, and a first bar
 * holding that atom would flatten every other bar. The chart says how many paths are exactly 0.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import { valueAxis } from '../chart-style.js';
import { formatCount, formatPercent } from '../../kernel/format.js';
import { histogramBins, requireFiniteValues, sturgesBins } from './stats.js';
import { BATCH_COLORS, axisName, batchBaseOption, noteText, shortNumber, valueXAxis } from './style.js';

/**
 * What {@link histogramChart} draws.
 *
 * @example
 * const options: HistogramOptions = { title: 'bad debt', unit: 'USD', bins: 20 };
 */
export interface HistogramOptions {
  /** What the values are, e.g. `bad debt`; names the x axis with the unit. */
  title: string;
  /** Unit of the values, e.g. `USD`; empty for a ratio. */
  unit: string;
  /** Number of equal-width bins; default Sturges' rule on the binned values ({@link sturgesBins}). */
  bins?: number;
  /** Count exact zeros apart from the bars (default true). */
  splitZeros?: boolean;
  /** Vertical marker lines, e.g. `[{ label: 'VaR99', value: 1.2e6 }]`. */
  markers?: { label: string; value: number }[];
}

/**
 * The numbers behind a histogram: bin edges and counts of the binned values, and the exact zeros
 * left out of the bins.
 *
 * @example
 * const h: HistogramData = { edges: [1, 3, 5], counts: [3, 2], zeros: 4, total: 9 };
 */
export interface HistogramData {
  /** `counts.length + 1` ascending edges; empty when no value was binned. */
  edges: number[];
  counts: number[];
  /** Values exactly 0 not in the bins (0 when zeros are binned). */
  zeros: number;
  /** All values, binned or not. */
  total: number;
}

/**
 * Bins `values` as {@link histogramChart} draws them.
 *
 * @example
 * histogramData([0, 0, 0, 0, 1, 2, 2, 3, 5], { title: 'x', unit: '', bins: 2 });
 * // { edges: [1, 3, 5], counts: [3, 2], zeros: 4, total: 9 }
 */
export function histogramData(values: readonly number[], options: HistogramOptions): HistogramData {
  requireFiniteValues(values, `histogram of ${options.title}`);
  const split = options.splitZeros ?? true;
  const binned = split ? values.filter((v) => v !== 0) : [...values];
  const { edges, counts } = histogramBins(binned, options.bins ?? sturgesBins(binned.length));
  return { edges, counts, zeros: values.length - binned.length, total: values.length };
}

/**
 * The sentence the histogram shows about the values left out of its bars, or `''` when none were.
 *
 * @example
 * zeroAtomNote({ edges: [1, 3], counts: [6], zeros: 412, total: 1000 });
 * // '412 of 1,000 paths (41.20%) are exactly 0 (not in the bars)'
 */
export function zeroAtomNote(data: HistogramData): string {
  if (data.zeros === 0) return '';
  if (data.zeros === data.total) return `all ${formatCount(data.total)} paths are exactly 0`;
  const share = formatPercent(data.zeros / data.total);
  return `${formatCount(data.zeros)} of ${formatCount(data.total)} paths (${share}) are exactly 0 (not in the bars)`;
}

/** `[x, count]` corners of the bars' outline, for a line drawn with `step: 'end'` and filled below. */
function outline(edges: number[], counts: number[]): [number, number][] {
  if (counts.length === 0) return [];
  return [
    [edges[0], 0],
    ...counts.map((c, i): [number, number] => [edges[i], c]),
    [edges[counts.length], counts.at(-1)!],
    [edges[counts.length], 0],
  ];
}

/**
 * Histogram of `values` (one per path): equal-width bins drawn as a filled step outline on a
 * value x axis, so bin edges sit where the values are. Exact zeros are left out of the bars and
 * counted in a note above the plot (see {@link zeroAtomNote}); optional markers draw dashed
 * vertical lines with their label.
 *
 * @example
 * const option = histogramChart(paths.map((p) => p.metrics.badDebtUsd), { title: 'bad debt', unit: 'USD' });
 */
export function histogramChart(values: readonly number[], options: HistogramOptions): EChartsOption {
  const data = histogramData(values, options);
  const note = zeroAtomNote(data);
  const markers = options.markers ?? [];
  requireFiniteValues(
    markers.map((m) => m.value),
    `markers of ${options.title}`,
  );
  const name = data.zeros > 0 ? `paths with ${options.title} ≠ 0` : 'paths';
  const bars: LineSeriesOption = {
    type: 'line',
    name,
    data: outline(data.edges, data.counts),
    step: 'end',
    showSymbol: false,
    lineStyle: { width: 1, color: BATCH_COLORS.bars },
    itemStyle: { color: BATCH_COLORS.bars },
    areaStyle: { color: BATCH_COLORS.bars, opacity: 0.55 },
    emphasis: { disabled: true },
    markLine:
      markers.length === 0
        ? undefined
        : {
            silent: true,
            symbol: 'none',
            lineStyle: { color: BATCH_COLORS.target, type: 'dashed', width: 1 },
            label: { position: 'end', color: BATCH_COLORS.target },
            data: markers.map((m) => ({ xAxis: m.value, label: { formatter: `${m.label} ${shortNumber(m.value)}` } })),
          },
  };
  const base = batchBaseOption([name]);
  return {
    ...base,
    legend: { ...(base.legend as object), data: [{ name, icon: 'rect' }] },
    graphic: note === '' ? [] : [noteText(note, [name])],
    xAxis: valueXAxis(axisName(options.title, options.unit)),
    yAxis: valueAxis('paths (count)'),
    series: [bars],
  };
}
