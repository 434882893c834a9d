/**
 * Liquidation-density heatmap over time: each refresh of `/v1/density` is one column (x = time of the refresh),
 * each row a fixed price band (y), the colour the debt whose liquidation price falls in that band. The service's
 * buckets are relative to the price of the moment, so every snapshot is re-binned onto one price grid spanning
 * all kept snapshots, spreading a bucket's debt over the rows it overlaps in proportion to the overlap (debt
 * assumed uniform within a bucket).
 */
import type { EChartsOption, HeatmapSeriesOption } from 'echarts';
import { COLORS, baseOption } from '../../../src/report/chart-style.js';
import type { DensityBucket } from '../api.js';
import { clock, compact, num, price, usd } from '../format.js';

/** One refresh of the density map, stamped with the time it was received. */
export interface DensitySnapshot {
  time: number;
  sequence: number;
  price: number;
  unsafeDebtUsd: number;
  buckets: DensityBucket[];
}

/** Snapshots re-binned on one price grid: row r spans [low + r·step, low + (r+1)·step). */
export interface DensityGrid {
  low: number;
  step: number;
  rows: number;
  /** `[column, row, debtUsd]` of every non-empty cell. */
  cells: [number, number, number][];
  maxDebtUsd: number;
}

/**
 * Re-bins `snapshots` onto `rows` equal price bands from the lowest bucket edge to the highest.
 *
 * @example
 * const s = (t: number, lo: number, hi: number, debt: number) =>
 *   ({ time: t, sequence: t, price: hi, unsafeDebtUsd: 0, buckets: [{ priceLow: lo, priceHigh: hi, debtUsd: debt, collateralUsd: 0, accounts: 1 }] });
 * densityGrid([s(0, 0, 10, 100)], 2).cells; // [[0, 0, 50], [0, 1, 50]]
 */
export function densityGrid(snapshots: readonly DensitySnapshot[], rows: number): DensityGrid {
  let low = Infinity;
  let high = -Infinity;
  for (const s of snapshots) {
    for (const b of s.buckets) {
      low = Math.min(low, b.priceLow);
      high = Math.max(high, b.priceHigh);
    }
  }
  if (!(high > low)) return { low: 0, step: 0, rows: 0, cells: [], maxDebtUsd: 0 };
  const step = (high - low) / rows;
  const row = (p: number) => Math.min(rows - 1, Math.max(0, Math.floor((p - low) / step)));
  const cells: [number, number, number][] = [];
  let maxDebtUsd = 0;
  snapshots.forEach((s, column) => {
    const debt = new Float64Array(rows);
    for (const b of s.buckets) {
      if (!(b.debtUsd > 0)) continue;
      const width = b.priceHigh - b.priceLow;
      if (!(width > 0)) {
        debt[row(b.priceLow)] += b.debtUsd;
        continue;
      }
      for (let r = row(b.priceLow); r <= row(b.priceHigh); r++) {
        const overlap = Math.min(b.priceHigh, low + (r + 1) * step) - Math.max(b.priceLow, low + r * step);
        if (overlap > 0) debt[r] += (b.debtUsd * overlap) / width;
      }
    }
    debt.forEach((value, r) => {
      if (value <= 0) return;
      cells.push([column, r, value]);
      maxDebtUsd = Math.max(maxDebtUsd, value);
    });
  });
  return { low, step, rows, cells, maxDebtUsd };
}

/**
 * Decimals that tell apart the mid prices of rows `step` apart: none for a step of 10 or more, one more per tenfold
 * smaller step (at most 8).
 *
 * @example
 * labelDecimals(27.5); // 0
 * labelDecimals(0.004); // 4
 */
export function labelDecimals(step: number): number {
  if (!(step > 0)) return 0;
  return Math.min(8, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
}

/**
 * The heatmap: time columns, price rows (labelled by their mid price), debt as colour on the reports' heat ramp (the
 * cascade map's),
 * zoomable on both axes, with a tooltip giving the time, the price band and the debt.
 *
 * @example
 * const option = densityChart(snapshots, 'ETH');
 * (option.series as { type: string }[])[0].type; // 'heatmap'
 */
export function densityChart(snapshots: readonly DensitySnapshot[], asset: string, rows = 40): EChartsOption {
  const grid = densityGrid(snapshots, rows);
  const decimals = labelDecimals(grid.step);
  const bands = Array.from({ length: grid.rows }, (_, r) => num(grid.low + (r + 0.5) * grid.step, decimals));
  const times = snapshots.map((s) => clock(s.time));
  const series: HeatmapSeriesOption = {
    type: 'heatmap',
    name: 'debt liquidatable at the price',
    data: grid.cells,
    progressive: 0,
    emphasis: { itemStyle: { borderColor: COLORS.fundamental[0], borderWidth: 1 } },
  };
  const base = baseOption();
  return {
    ...base,
    grid: { ...(base.grid as object), top: 44, bottom: 58 },
    legend: { show: false },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const [column, r, debt] = (params as { data: [number, number, number] }).data;
        const s = snapshots[column];
        const from = grid.low + r * grid.step;
        return [
          `${clock(s.time)} · sequence ${s.sequence} · price ${price(s.price)}`,
          `liquidation price ${price(from)} – ${price(from + grid.step)}`,
          `debt ${usd(debt)} USD`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      name: 'time of refresh (UTC)',
      nameLocation: 'middle',
      nameGap: 30,
      data: times,
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      name: `liquidation price (USD per ${asset})`,
      nameTextStyle: { align: 'left' },
      data: bands,
      axisLabel: { hideOverlap: true },
    },
    // The colour scale sits top right, above the plot, with its ends labelled: 0 and the largest cell's debt.
    visualMap: {
      type: 'continuous',
      min: 0,
      max: Math.max(grid.maxDebtUsd, 1),
      calculable: false,
      orient: 'horizontal',
      right: 24,
      top: 4,
      itemWidth: 12,
      itemHeight: 160,
      text: [`${compact(grid.maxDebtUsd)} USD`, 'debt 0'],
      formatter: (value: unknown) => compact(value),
      inRange: { color: [...COLORS.generations] },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0 },
      { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4 },
      { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: 'shift' },
    ],
    series: [series],
  };
}
