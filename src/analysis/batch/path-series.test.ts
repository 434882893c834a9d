import { describe, expect, it } from 'vitest';
import type { RunResult } from '../result.js';
import { evenIndices, pathSeries } from './path-series.js';

describe('evenIndices', () => {
  it('spreads points evenly with both ends, or keeps every index of a short series', () => {
    expect(evenIndices(121, 5)).toEqual([0, 30, 60, 90, 120]); // step 120/4 = 30
    expect(evenIndices(10, 4)).toEqual([0, 3, 6, 9]); // step 9/3 = 3
    expect(evenIndices(11, 4)).toEqual([0, 3, 7, 10]); // step 10/3: round(3.33), round(6.67)
    expect(evenIndices(3, 5)).toEqual([0, 1, 2]);
    expect(() => evenIndices(10, 1)).toThrow(/integer ≥ 2/);
  });
});

function result(columns: Record<string, number[]>): RunResult {
  return {
    blockTimeSeconds: 12,
    series: Object.entries(columns).map(([name, values]) => ({ name, unit: 'usd', values: Float64Array.from(values) })),
  } as unknown as RunResult;
}

describe('pathSeries', () => {
  it('keeps only oracle and fundamental prices, sampled on one grid with times in seconds', () => {
    const values = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    const series = pathSeries(
      result({
        'fundamental:ETH': values,
        'venue:cex': values,
        'oracle:eth-usd': values.map((v) => v * 2),
        liquidations: values,
      }),
      4,
    );
    expect(series.map((s) => s.name)).toEqual(['fundamental:ETH', 'oracle:eth-usd']);
    expect(series[0].timesSeconds).toEqual([0, 36, 72, 108]); // blocks 0, 3, 6, 9 × 12 s
    expect(series[0].values).toEqual([10, 13, 16, 19]);
    expect(series[1].values).toEqual([20, 26, 32, 38]);
  });

  it('refuses a non-finite price instead of storing it', () => {
    expect(() => pathSeries(result({ 'oracle:x': [1, Number.NaN, 3] }), 4)).toThrow(
      /oracle:x has a non-finite value at block 1/,
    );
  });
});
