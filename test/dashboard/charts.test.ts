// Option builders of the live dashboard's charts (pure functions, run here without a browser).
/* eslint-disable @typescript-eslint/no-explicit-any -- ECharts options are read field by field */
import { describe, expect, it } from 'vitest';
import type { CascadeMap, HealthDistribution, StressResult } from '../../dashboard/src/api.js';
import { cascadeChart, niceCeil } from '../../dashboard/src/charts/cascade.js';
import { densityChart, densityGrid, labelDecimals, type DensitySnapshot } from '../../dashboard/src/charts/density.js';
import { healthChart, healthLabels } from '../../dashboard/src/charts/health.js';
import { stressChart } from '../../dashboard/src/charts/stress.js';

const snapshot = (time: number, buckets: [number, number, number][]): DensitySnapshot => ({
  time,
  sequence: time,
  price: Math.max(...buckets.map((b) => b[1])),
  unsafeDebtUsd: 0,
  buckets: buckets.map(([priceLow, priceHigh, debtUsd]) => ({
    priceLow,
    priceHigh,
    debtUsd,
    collateralUsd: 0,
    accounts: 1,
  })),
});

describe('densityGrid', () => {
  it('spreads a bucket over the rows it overlaps in proportion to the overlap', () => {
    // Grid [0, 100] in 4 rows of 25. Bucket [10, 60] (width 50) with 100 USD: row 0 gets [10, 25] = 15/50 → 30,
    // row 1 [25, 50] = 25/50 → 50, row 2 [50, 60] = 10/50 → 20. Bucket [90, 100] with 8 USD: all in row 3.
    const grid = densityGrid(
      [
        snapshot(0, [
          [10, 60, 100],
          [90, 100, 8],
          [0, 10, 0],
        ]),
      ],
      4,
    );
    expect(grid.low).toBe(0);
    expect(grid.step).toBe(25);
    expect(grid.cells).toEqual([
      [0, 0, 30],
      [0, 1, 50],
      [0, 2, 20],
      [0, 3, 8],
    ]);
    expect(grid.maxDebtUsd).toBe(50);
  });

  it('puts snapshots taken at different prices on one grid spanning all of them', () => {
    // Snapshot 0 spans [100, 200], snapshot 1 [50, 150] (the price fell): grid [50, 200] in 3 rows of 50.
    const grid = densityGrid([snapshot(1, [[100, 200, 10]]), snapshot(2, [[50, 150, 40]])], 3);
    expect([grid.low, grid.step]).toEqual([50, 50]);
    // Snapshot 0: [100, 200] over rows 1 and 2, 5 each; snapshot 1: [50, 150] over rows 0 and 1, 20 each.
    expect(grid.cells).toEqual([
      [0, 1, 5],
      [0, 2, 5],
      [1, 0, 20],
      [1, 1, 20],
    ]);
  });

  it('keeps the total debt of every snapshot', () => {
    const grid = densityGrid(
      [
        snapshot(0, [
          [0, 7, 3],
          [7, 31, 11],
          [31, 40, 5],
        ]),
      ],
      9,
    );
    const total = grid.cells.reduce((sum, [, , debt]) => sum + debt, 0);
    expect(total).toBeCloseTo(19, 12);
  });

  it('is empty without buckets', () => {
    expect(densityGrid([], 10)).toEqual({ low: 0, step: 0, rows: 0, cells: [], maxDebtUsd: 0 });
  });
});

describe('densityChart', () => {
  it('has one x category per snapshot and labels rows by their mid price', () => {
    const option = densityChart(
      [
        snapshot(Date.UTC(2026, 11, 7, 5, 0, 0), [[1000, 2000, 10]]),
        snapshot(Date.UTC(2026, 11, 7, 5, 0, 1), [[1000, 2000, 10]]),
      ],
      'ETH',
      4,
    );
    expect((option.xAxis as any).data).toEqual(['05:00:00', '05:00:01']);
    // Rows of 250 from 1000: mids 1125, 1375, 1625, 1875, no decimals for a step of 250.
    expect((option.yAxis as any).data).toEqual(['1,125', '1,375', '1,625', '1,875']);
    expect((option.yAxis as any).name).toBe('liquidation price (USD per ETH)');
  });

  it('picks label decimals from the row height', () => {
    expect(labelDecimals(250)).toBe(0);
    expect(labelDecimals(2.5)).toBe(1);
    // 0.004 = 10^-2.4: ceil(2.4) + 1 = 4 decimals tell 0.998 from 0.994.
    expect(labelDecimals(0.004)).toBe(4);
  });
});

describe('healthChart', () => {
  const distribution: HealthDistribution = {
    protocol: 'lend',
    buckets: [
      { healthLow: 0, healthHigh: 1, accounts: 2, debtUsd: 300 },
      { healthLow: 1, healthHigh: 1.05, accounts: 0, debtUsd: 0 },
      { healthLow: 1.05, healthHigh: null, accounts: 5, debtUsd: 900 },
    ],
  };

  it('labels the buckets, the open-ended last one with ≥', () => {
    expect(healthLabels(distribution.buckets)).toEqual(['0–1', '1–1.05', '≥ 1.05']);
    expect(healthLabels([{ healthLow: 1, healthHigh: 2 }])).toEqual(['1–2']);
  });

  it('draws accounts and debt on two axes, and shades and reddens the unsafe bucket', () => {
    const option = healthChart(distribution);
    const series = option.series as any[];
    expect(series.map((s) => [s.name, s.yAxisIndex, s.data])).toEqual([
      ['accounts', 0, [2, 0, 5]],
      ['debt (USD)', 1, [300, 0, 900]],
    ]);
    expect(series[0].markArea.data).toEqual([[{ xAxis: '0–1' }, { xAxis: '0–1' }]]);
    const labels = (option.xAxis as any).data;
    expect(labels[0].value).toBe('0–1');
    expect(typeof labels[0].textStyle.color).toBe('string');
    expect(labels[1]).toBe('1–1.05');
  });
});

describe('cascadeChart', () => {
  const map: CascadeMap = {
    id: 'm1',
    protocol: 'lend',
    price: 2000,
    firstLiquidationPrice: 1800,
    criticalShock: 0.2,
    shocks: [
      { shock: 0.1, finalPrice: 1750, multiplier: 1.25, soldUsd: 1e6, accounts: 3, critical: false },
      { shock: 0.2, finalPrice: 1000, multiplier: 2.5, soldUsd: 9e6, accounts: 40, critical: true },
    ],
  };

  it('plots the multiplier and the USD sold against the shock in %, the critical shocks as points', () => {
    const series = cascadeChart(map).series as any[];
    expect(series.map((s) => s.name)).toEqual(['multiplier', 'sold (USD)', 'critical shock']);
    expect(series[0].data).toEqual([
      [10, 1.25],
      [20, 2.5],
    ]);
    expect(series[1].data).toEqual([
      [10, 1e6],
      [20, 9e6],
    ]);
    expect(series[2].data).toEqual([[20, 2.5]]);
  });

  it('marks the critical shock with a vertical line and 1× with a horizontal one', () => {
    const lines = (cascadeChart(map).series as any[])[0].markLine.data;
    expect(lines[0]).toEqual({ yAxis: 1 });
    expect(lines[1].xAxis).toBe(20);
    expect(lines[1].label.formatter).toBe('critical 20.00%');
    const none = (cascadeChart({ ...map, criticalShock: null }).series as any[])[0].markLine.data;
    expect(none).toEqual([{ yAxis: 1 }]);
  });
});

describe('niceCeil', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([1.15, 0.3, 2.5, 7, 12, 0].map(niceCeil)).toEqual([2, 0.5, 2.5, 10, 20, 1]);
  });
});

describe('stressChart', () => {
  it('draws mean, p95, p99 and CVaR of bad debt, the mean with its 95% interval', () => {
    const result: StressResult = {
      badDebtUsd: { mean: 10, p95: 40, p99: 90, cvar99: 120, ci95: [8, 12] },
      oracleMovePct: { mean: 5, p99: 20 },
      amplification: { mean: 1.2, p99: 2 },
      liquidations: { mean: 30 },
    };
    const bars = (stressChart(result).series as any[])[0];
    expect(bars.data).toEqual([10, 40, 90, 120]);
    expect(bars.markArea.data).toEqual([
      [
        { xAxis: 'mean', yAxis: 8 },
        { xAxis: 'mean', yAxis: 12 },
      ],
    ]);
  });
});
