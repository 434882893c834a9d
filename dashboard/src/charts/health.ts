/**
 * Option of the book-health panel: accounts and debt per health-factor bucket of the live book, as bars on two
 * axes; the unsafe buckets (health below 1) are shaded red and labelled in red.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { COLORS, baseOption } from '../../../src/report/chart-style.js';
import { histogramBinLabels } from '../../../src/report/charts.js';
import type { HealthDistribution } from '../api.js';
import { count, usd } from '../format.js';
import { compactAxis } from './axes.js';

/**
 * Labels of the health buckets: `0–1`, `1–1.05`, … and `≥ 3` for the open-ended last one.
 *
 * @example
 * healthLabels([{ healthLow: 0, healthHigh: 1 }, { healthLow: 1, healthHigh: null }]); // ['0–1', '≥ 1']
 */
export function healthLabels(buckets: readonly { healthLow: number; healthHigh: number | null }[]): string[] {
  if (buckets.length === 0) return [];
  const last = buckets[buckets.length - 1];
  const labels = histogramBinLabels([...buckets.map((b) => b.healthLow), last.healthHigh ?? last.healthLow + 1]);
  if (last.healthHigh !== null) {
    // histogramBinLabels opens the last bin; a closed last bucket keeps its upper edge.
    labels[labels.length - 1] = histogramBinLabels([last.healthLow, last.healthHigh, last.healthHigh + 1])[0];
  }
  return labels;
}

/**
 * Bars of accounts (left axis) and debt in USD (right axis) per health bucket.
 *
 * @example
 * const option = healthChart(distribution);
 * (option.series as { name: string }[]).map((s) => s.name); // ['accounts', 'debt (USD)']
 */
export function healthChart(distribution: HealthDistribution): EChartsOption {
  const labels = healthLabels(distribution.buckets);
  const unsafe = labels.filter((_, i) => distribution.buckets[i].healthLow < 1);
  const bars = (name: string, values: number[], color: string, axis: number): BarSeriesOption => ({
    type: 'bar',
    name,
    yAxisIndex: axis,
    barMaxWidth: 28,
    itemStyle: { color },
    tooltip: { valueFormatter: (v) => (axis === 0 ? count(v) : `${usd(v)} USD`) },
    data: values,
  });
  const names = ['accounts', 'debt (USD)'];
  const accounts = bars(
    names[0],
    distribution.buckets.map((b) => b.accounts),
    COLORS.before,
    0,
  );
  if (unsafe.length > 0) {
    accounts.markArea = {
      silent: true,
      itemStyle: { color: COLORS.threshold, opacity: 0.08 },
      data: [[{ xAxis: unsafe[0] }, { xAxis: unsafe[unsafe.length - 1] }]],
    };
  }
  return {
    ...baseOption(names),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'health factor (liquidatable below 1)',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { interval: 0, hideOverlap: true },
      // The unsafe buckets' labels are red, like their shaded background.
      data: labels.map((label, i) =>
        distribution.buckets[i].healthLow < 1 ? { value: label, textStyle: { color: COLORS.threshold } } : label,
      ),
    },
    yAxis: [{ ...compactAxis('accounts'), minInterval: 1 }, compactAxis('debt (USD)', true)],
    series: [
      accounts,
      bars(
        names[1],
        distribution.buckets.map((b) => b.debtUsd),
        COLORS.venue[3],
        1,
      ),
    ],
  };
}
