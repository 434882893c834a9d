/**
 * Fan chart of one price series across the Monte Carlo paths of a cell: at every time point,
 * the 5th–95th and 25th–75th percentile bands and the median over paths.
 */
import type { EChartsOption, LineSeriesOption, XAXisComponentOption } from 'echarts';
import type { PathSeries } from '../../analysis/batch/types.js';
import { InvariantError } from '../../kernel/errors.js';
import { valueAxis } from '../chart-style.js';
import { formatCount } from '../../kernel/format.js';
import { stackedBands } from './bands.js';
import { quantileSorted, sortedAscending } from './stats.js';
import { BATCH_COLORS, batchBaseOption } from './style.js';

/**
 * Quantile levels of the fan, lowest first: the boundaries of the two bands and the median.
 *
 * @example
 * FAN_LEVELS[2]; // 0.5
 */
export const FAN_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * The numbers of a fan chart: per time point, the quantiles over paths of the finite values
 * (`null` where no path has one).
 *
 * @example
 * const fan: FanQuantiles = { name: 'oracle:eth-usd', timesSeconds: [0, 12], paths: 5, quantiles: [[1.2, 1.2], ...] };
 */
export interface FanQuantiles {
  name: string;
  timesSeconds: number[];
  paths: number;
  /** One row per {@link FAN_LEVELS} entry, one value per time point. */
  quantiles: (number | null)[][];
}

/**
 * Quantiles over `paths` at each time point (lower empirical quantiles, Hyndman–Fan type 1, see {@link
 * quantileSorted}).
 * Every path must be the same series with the same time points; NaN and ±Infinity are left out.
 *
 * @example
 * const five = [1, 2, 3, 4, 5].map((v) => ({ name: 'oracle:eth-usd', timesSeconds: [0], values: [v] }));
 * fanQuantiles(five).quantiles.map((row) => row[0]); // [1, 2, 3, 4, 5]
 */
export function fanQuantiles(paths: readonly PathSeries[]): FanQuantiles {
  if (paths.length === 0) throw new InvariantError('a fan chart needs at least one path');
  const { name, timesSeconds } = paths[0];
  paths.forEach((p, i) => {
    if (p.name !== name) throw new InvariantError(`fan chart of '${name}': path ${i} is series '${p.name}'`);
    const sameTimes =
      p.timesSeconds.length === timesSeconds.length && p.timesSeconds.every((t, k) => t === timesSeconds[k]);
    if (!sameTimes) throw new InvariantError(`fan chart of '${name}': path ${i} has other time points than path 0`);
    if (p.values.length !== timesSeconds.length) {
      throw new InvariantError(
        `fan chart of '${name}': path ${i} has ${p.values.length} values for ${timesSeconds.length} times`,
      );
    }
  });
  const columns = timesSeconds.map((_, t) => sortedAscending(paths.map((p) => p.values[t]).filter(Number.isFinite)));
  const quantiles = FAN_LEVELS.map((level) =>
    columns.map((sorted) => (sorted.length === 0 ? null : quantileSorted(sorted, level))),
  );
  return { name, timesSeconds: [...timesSeconds], paths: paths.length, quantiles };
}

/**
 * Axis naming of {@link fanChart}.
 *
 * @example
 * const options: FanOptions = { title: 'oracle price ETH', unit: 'USD' };
 */
export interface FanOptions {
  /** What the series is; default its name, e.g. `oracle:eth-usd`. */
  title?: string;
  /** Default `USD`. */
  unit?: string;
}

function minutesAxis(minutes: number[]): XAXisComponentOption {
  return {
    type: 'value',
    name: 'time (min)',
    nameLocation: 'middle',
    nameGap: 28,
    min: minutes[0] ?? 0,
    max: minutes.at(-1) ?? 1,
    splitLine: { show: false },
  };
}

/**
 * Fan chart of `paths` (one {@link PathSeries} per Monte Carlo path, all the same series and
 * time points): a light p5–p95 band, a darker p25–p75 band and the median line, over simulated
 * minutes. Bands are quantiles at each time point, not whole paths.
 *
 * @example
 * const option = fanChart(records.map((r) => r.series!.find((s) => s.name === 'oracle:eth-usd')!), { title: 'oracle price' });
 */
export function fanChart(paths: readonly PathSeries[], options: FanOptions = {}): EChartsOption {
  const fan = fanQuantiles(paths);
  const minutes = fan.timesSeconds.map((t) => t / 60);
  const [p5, p25, p50, p75, p95] = fan.quantiles;
  const outer = { name: 'p5–p95', color: BATCH_COLORS.band, opacity: 0.15 };
  const bands = stackedBands(
    'fan',
    minutes,
    [p5, p25, p75, p95],
    [outer, { name: 'p25–p75', color: BATCH_COLORS.band, opacity: 0.35 }, outer],
  );
  const median: LineSeriesOption = {
    type: 'line',
    name: 'median',
    data: minutes.map((m, i) => [m, p50[i]]),
    showSymbol: false,
    lineStyle: { width: 2, color: BATCH_COLORS.median },
    itemStyle: { color: BATCH_COLORS.median },
    emphasis: { disabled: true },
  };
  const legend = ['p5–p95', 'p25–p75', 'median'];
  const base = batchBaseOption(legend);
  const title = options.title ?? fan.name;
  return {
    ...base,
    legend: {
      ...(base.legend as object),
      data: [{ name: 'p5–p95', icon: 'rect' }, { name: 'p25–p75', icon: 'rect' }, 'median'],
    },
    xAxis: minutesAxis(minutes),
    yAxis: valueAxis(`${title} (${options.unit ?? 'USD'}) over ${formatCount(fan.paths)} paths`, true),
    series: [...bands, median],
  };
}
