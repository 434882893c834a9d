/**
 * Option of the stress panel: bad debt over the Monte Carlo paths of the latest stress test, as bars (mean, p95,
 * p99, CVaR 99%) with the 95% confidence interval of the mean drawn as a band on the mean's bar.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { COLORS, baseOption } from '../../../src/report/chart-style.js';
import type { StressResult } from '../api.js';
import { compact, usd } from '../format.js';
import { compactAxis } from './axes.js';

/** Category labels of the bad-debt bars. */
export const STRESS_LABELS = ['mean', 'p95', 'p99', 'CVaR 99%'] as const;

/**
 * Bad-debt statistics as bars, the 95% interval of the mean as a shaded band.
 *
 * @example
 * const option = stressChart(result);
 * (option.series as { data: number[] }[])[0].data; // [mean, p95, p99, cvar99]
 */
export function stressChart(result: StressResult): EChartsOption {
  const b = result.badDebtUsd;
  const bars: BarSeriesOption = {
    type: 'bar',
    name: 'bad debt (USD)',
    data: [b.mean, b.p95, b.p99, b.cvar99],
    barMaxWidth: 48,
    itemStyle: { color: COLORS.badDebt },
    label: { show: true, position: 'top', formatter: (p: unknown) => compact((p as { value: number }).value) },
    markArea: {
      silent: true,
      itemStyle: { color: COLORS.fundamental[0], opacity: 0.12 },
      label: { show: false },
      data: [
        [
          { xAxis: STRESS_LABELS[0], yAxis: b.ci95[0] },
          { xAxis: STRESS_LABELS[0], yAxis: b.ci95[1] },
        ],
      ],
    },
  };
  const base = baseOption(['bad debt (USD)']);
  return {
    ...base,
    legend: { show: false },
    grid: { ...(base.grid as object), top: 36 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number; value: number }[])[0];
        const ci = p.dataIndex === 0 ? `<br/>95% interval ${usd(b.ci95[0])} – ${usd(b.ci95[1])}` : '';
        return `${STRESS_LABELS[p.dataIndex]} bad debt ${usd(p.value)} USD${ci}`;
      },
    },
    xAxis: { type: 'category', data: [...STRESS_LABELS] },
    yAxis: compactAxis('bad debt (USD)'),
    series: [bars],
  };
}
