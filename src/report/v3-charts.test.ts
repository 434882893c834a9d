import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.test-helper.js';
import { uniswapV3Chart } from './v3-charts.js';
import { reportCharts } from './chart-catalog.js';
import type { RunResult } from '../analysis/result.js';
import type { UniswapV3Report } from '../analysis/metrics/uniswap-v3-report.js';

/** The fixture with a v3 pool's three series (values the test sets) and its report. */
function withPool(): RunResult {
  const base = fixtureResult();
  const n = base.series[0].values.length;
  const col = (name: string, f: (b: number) => number) => ({
    name,
    unit: 'usd',
    values: Float64Array.from({ length: n }, (_, b) => f(b)),
  });
  const report = { venue: 'u' } as UniswapV3Report;
  return {
    ...base,
    series: [
      ...base.series,
      col('v3:u:providedUsd', (b) => 1e6 - 1e4 * b),
      col('v3:u:withdrawnUsd', (b) => 1e4 * b),
      col('v3:u:depthUsdPer1Pct', (b) => 5e4 - 100 * b),
    ],
    uniswapV3: [report],
  };
}

describe('uniswapV3Chart', () => {
  it('draws provided, withdrawn and depth for the pool, in USD', () => {
    const option = uniswapV3Chart(withPool(), 'u');
    const series = option?.series as { name: string; data: unknown[] }[];
    expect(series.map((s) => s.name)).toEqual(['liquidity provided', 'liquidity withdrawn', 'depth per 1%']);
    expect(uniswapV3Chart(withPool(), 'other')).toBeUndefined();
  });

  it('joins the report charts only for runs with a v3 pool', () => {
    expect(reportCharts(withPool()).map((c) => c.id)).toContain('uniswap-v3-u');
    expect(reportCharts(fixtureResult()).some((c) => c.id.startsWith('uniswap-v3'))).toBe(false);
  });
});
