/**
 * Report charts must draw something and fit their box: no blank chart (a perp run's report, a Monte Carlo batch of a
 * perp exchange with no bad debt and no ADL), legends that never cover the plot, and tables that wrap or scroll
 * inside their container. The same checks in a real browser are in report-browser.test.ts.
 */
import path from 'node:path';
import type { EChartsOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { riskSummary } from '../src/analysis/risk/summary.js';
import { testMetrics } from '../src/analysis/risk/records.test-helper.js';
import type { PathRecord } from '../src/analysis/batch/types.js';
import type { ProtocolMetrics } from '../src/analysis/result.js';
import { runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { cellCharts } from '../src/cli/batch/mc-report.js';
import { sweepRows } from '../src/cli/batch/sweep-report.js';
import { reportCharts } from '../src/report/chart-catalog.js';
import { priceGroups } from '../src/report/charts.js';
import { fixtureResult } from '../src/report/fixture.test-helper.js';
import { reportHtml } from '../src/report/html.js';
import { batchReportHtml } from '../src/report/batch/html.js';
import { batchBaseOption } from '../src/report/batch/style.js';
import { cdfChart } from '../src/report/batch/cdf.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  FONT_FAMILY,
  GRID_TOP,
  LEGEND_ROW,
  baseOption,
  chartHeight,
  legendRows,
} from '../src/report/chart-style.js';
import { renderSvg } from '../src/report/svg.js';

/** Every `[x, y]` (or bar value at its index) a series draws, with a finite y. */
function points(series: { data?: unknown }): [number, number][] {
  const data = Array.isArray(series.data) ? (series.data as unknown[]) : [];
  return data.flatMap((item, i): [number, number][] => {
    const value = item !== null && typeof item === 'object' && 'value' in item ? item.value : item;
    if (typeof value === 'number') return Number.isFinite(value) ? [[i, value]] : [];
    if (Array.isArray(value) && typeof value[1] === 'number' && Number.isFinite(value[1])) {
      // Heatmap cells are [x, y, value]: the value is what is drawn.
      const drawn = value.length >= 3 ? (value[2] as unknown) : value[1];
      return typeof drawn === 'number' && Number.isFinite(drawn) ? [[Number(value[0]), drawn]] : [];
    }
    return [];
  });
}

/**
 * Whether a chart option draws data: some series has a finite point with a non-zero value (or, for a heatmap, any
 * finite cell), and on a value x axis its points span more than one x (a CDF of a single value is a vertical stroke on
 * the y axis).
 */
function drawsData(option: EChartsOption): boolean {
  const series = (Array.isArray(option.series) ? option.series : [option.series]) as {
    type?: string;
    data?: unknown;
  }[];
  const xAxis = (Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis) as { type?: string } | undefined;
  const drawn = series.flatMap((s) =>
    points(s).filter(([, y]) => s.type === 'heatmap' || s.type === 'custom' || y !== 0),
  );
  if (drawn.length === 0) return false;
  if (xAxis?.type !== 'value') return true;
  const xs = series.flatMap((s) => points(s).map(([x]) => x));
  return Math.max(...xs) > Math.min(...xs);
}

function perpProtocol(overrides: Partial<ProtocolMetrics> = {}): ProtocolMetrics {
  return {
    protocol: 'perp-dex',
    kind: 'perp',
    liquidations: 3,
    accountsLiquidated: 3,
    liquidatedUsd: 0,
    penaltiesUsd: 0,
    badDebtUsd: 0,
    insuranceFundUsedUsd: 0,
    socialisedBadDebtUsd: 0,
    uncoveredBadDebtUsd: 0,
    insuranceFundShortfalls: 0,
    insuranceFundStartUsd: 1e6,
    insuranceFundEndUsd: 1e6,
    adlNotionalUsd: 0,
    ...overrides,
  };
}

/**
 * Four paths of a perp exchange that liquidates 10, 20, 30, 40 million USD of notional, with no bad debt and no ADL
 * on any path (as scenarios/perp-cross-margin.yaml does), amplification 1.1..1.4.
 */
function quietPerpPaths(): PathRecord[] {
  return [1, 2, 3, 4].map((k) => ({
    cell: 0,
    path: k - 1,
    seed: k,
    parameters: {},
    metrics: testMetrics({
      perpLiquidatedNotionalUsd: k * 1e7,
      amplification: 1 + k / 10,
      byProtocol: [perpProtocol({ liquidatedUsd: k * 1e7 })],
    }),
  }));
}

describe('no blank chart', () => {
  it('a perp run (perp-long-crash, 1,500 traders, 150 blocks): every chart of the report draws data', () => {
    const { scenario } = loadScenario(path.resolve('scenarios/perp-long-crash.yaml'), [
      'blocks=150',
      'protocols.0.traders.count=1500',
    ]);
    const result = runScenario(scenario);
    const charts = reportCharts(result);
    expect(charts.length).toBeGreaterThanOrEqual(4);
    for (const chart of charts) expect(drawsData(chart.option), chart.id).toBe(true);
    // The page inlines one SVG per chart, no more.
    expect(reportHtml(result).match(/<svg\b/g)).toHaveLength(charts.length);
  });

  it('a Monte Carlo batch of a perp exchange with no bad debt and no ADL: those charts are left out, with a note', () => {
    const records = quietPerpPaths();
    const [cell] = riskSummary(records, { resamples: 50, seed: 1 }).cells;
    const charts = cellCharts(records, cell, 'mc');
    for (const chart of charts) expect(drawsData(chart.option), chart.id).toBe(true);
    // Bad debt (histogram, CDF) and ADL are 0 on all 4 paths: three charts that would be blank are not drawn.
    expect(charts.map((c) => c.id)).toEqual(['mc-perp-liquidated-histogram', 'mc-amplification-histogram']);
    expect(charts[0].caption).toContain(
      'Not drawn, as every one of the 4 paths is exactly 0: “Bad debt per path”, “Bad debt: cumulative distribution”, “ADL notional per path”.',
    );
  });

  it('the same batch with bad debt on one path keeps both bad-debt charts', () => {
    const records = quietPerpPaths();
    records[2].metrics = { ...records[2].metrics, badDebtUsd: 5000 };
    const [cell] = riskSummary(records, { resamples: 50, seed: 1 }).cells;
    const charts = cellCharts(records, cell, 'mc');
    expect(charts.map((c) => c.id).slice(0, 3)).toEqual([
      'mc-bad-debt-histogram',
      'mc-bad-debt-cdf',
      'mc-perp-liquidated-histogram',
    ]);
    for (const chart of charts) expect(drawsData(chart.option), chart.id).toBe(true);
    expect(charts.map((c) => c.caption).join(' ')).toContain('“ADL notional per path”');
  });
});

describe('legends', () => {
  // Nine sweep cells, as scenarios with two three-value grids give: long names, two per row.
  const names = [1e6, 4e6, 16e6].flatMap((d) =>
    [0.82, 0.85, 0.88].map((t) => `liquidityUsd=${d} liquidationThreshold=${t}`),
  );

  it('a long legend adds height below it: the plot keeps its 380 − 58 − 32 px and starts below the last legend row', () => {
    const option = cdfChart(
      names.map((name, i) => ({ name, values: [0, i, 2 * i], var99: 2 * i })),
      { title: 'bad debt', unit: 'USD' },
    );
    // The legend names carry each cell's VaR99: 'liquidityUsd=1000000 liquidationThreshold=0.82 (VaR99 0)'.
    const legend = (option.series as { name: string }[]).map((s) => s.name);
    const rows = legendRows(legend);
    expect(rows).toBeGreaterThan(1);
    const top = (option.grid as { top: number }).top;
    expect(top).toBe(GRID_TOP + (rows - 1) * LEGEND_ROW);
    expect(chartHeight(option)).toBe(CHART_HEIGHT + (rows - 1) * LEGEND_ROW);
    const svg = renderSvg(option, CHART_WIDTH, chartHeight(option), 'cdf');
    // The lowest legend text (12 px, centred on its y) ends above the plot's top edge.
    const legendYs = legend.map((name) => {
      const m = new RegExp(
        `y="(-?[\\d.]+)" transform="translate\\([\\d.]+ ([\\d.]+)\\)"[^>]*>${name.replace(/[()]/g, '\\$&')}</text>`,
      ).exec(svg);
      if (!m) throw new Error(`legend text ${name} not found`);
      return Number(m[1]) + Number(m[2]);
    });
    expect(Math.max(...legendYs) + 6).toBeLessThan(top);
  });

  it('the batch charts use the shared legend gap (a wider one made rows taller than the room reserved for them)', () => {
    const legend = (o: EChartsOption) => o.legend as { itemGap: number };
    expect(legend(batchBaseOption(names)).itemGap).toBe(legend(baseOption(names)).itemGap);
    expect(LEGEND_ROW).toBe(14 + legend(baseOption(names)).itemGap);
  });

  it('interactive mode (the dashboard): one scrolling legend row, the plot does not move', () => {
    const option = baseOption(names, 'interactive');
    expect((option.legend as { type: string }).type).toBe('scroll');
    expect((option.grid as { top: number }).top).toBe(GRID_TOP);
    expect(chartHeight(option)).toBe(CHART_HEIGHT);
  });

  it('chart text asks for Arial-width fonts first, the widths ECharts lays text out with on the server', () => {
    expect(FONT_FAMILY.split(',')[0]).toBe('Arial');
    expect(FONT_FAMILY).toContain("'Liberation Sans'");
  });

  it('non-ASCII legend characters count as 1 em (ECharts counts them so), ASCII as 0.6 em', () => {
    // 26 entries of 30 px symbol + 18 characters × 0.6 em × 12 px = 159.6 px, gap 18 px: 5 per 1,000 px row → 6 rows;
    // with "≥" (1 em) in place of one ASCII character each entry is 164.4 px: still 5 per row.
    const ascii = Array.from({ length: 26 }, (_, k) => `entry-${String(k).padStart(12, '0')}`);
    expect(legendRows(ascii)).toBe(6);
    // 40 characters of "≥": 30 + 480 = 510 px each, so one per row.
    expect(legendRows(['≥'.repeat(40), '≥'.repeat(40)])).toBe(2);
  });
});

describe('tables', () => {
  it('the sweep table sits in a horizontally scrolling container, its headers can wrap after parameter-path dots', () => {
    const records = quietPerpPaths().map((r, i) => ({
      ...r,
      cell: i % 2,
      parameters: { 'venues.1.liquidityUsd': 1e6 * (i % 2), 'protocols.0.liquidationThreshold': 0.82 },
    }));
    const axes = [
      { path: 'venues.1.liquidityUsd', values: [0, 1e6] },
      { path: 'protocols.0.liquidationThreshold', values: [0.82] },
    ];
    const { header, rows } = sweepRows(axes, riskSummary(records, { resamples: 20, seed: 1 }));
    const html = batchReportHtml({
      title: 'Sweep',
      summaryTables: [{ title: 'Risk by cell', header, rows }],
      charts: [],
    });
    expect(html).toContain('<div class="scroll">\n<table class="batch">');
    expect(html).toMatch(/\.scroll \{ overflow-x: auto;/);
    expect(html).toContain('<th scope="col" class="num">protocols.<wbr>0.<wbr>liquidation<wbr>Threshold</th>');
    // Header cells may wrap; only the numbers keep to one line.
    expect(html).toMatch(/table\.batch thead th \{[^}]*white-space: normal;/);
    expect(html).not.toMatch(/table\.batch th\.num[^{]*\{[^}]*nowrap/);
  });
});

describe('price charts by price level', () => {
  const column = (name: string, start: number) => ({
    name,
    unit: 'usd',
    values: Float64Array.from({ length: 11 }, (_, b) => start * (1 - 0.01 * b)),
  });

  it('BTC at 60,000 and ETH at 2,000 (a factor 30): one chart each, so their lines do not overlap', () => {
    const result = fixtureResult({
      series: [
        column('fundamental:ETH', 2000),
        column('fundamental:BTC', 60000),
        column('venue:eth-cex', 2000),
        column('venue:btc-cex', 60000),
        column('oracle:eth-index', 2000),
        column('oracle:btc-index', 60000),
      ],
      health: { edges: [], before: [], after: [] },
    });
    expect(priceGroups(result).map((g) => g.map((c) => c.name))).toEqual([
      ['fundamental:BTC', 'venue:btc-cex', 'oracle:btc-index'],
      ['fundamental:ETH', 'venue:eth-cex', 'oracle:eth-index'],
    ]);
    const charts = reportCharts(result).filter((c) => c.id.startsWith('prices'));
    expect(charts.map((c) => [c.id, c.title])).toEqual([
      ['prices', 'Prices over time: BTC'],
      ['prices-2', 'Prices over time: ETH'],
    ]);
    // No right-hand axis is needed within a level.
    for (const chart of charts) expect(Array.isArray(chart.option.yAxis)).toBe(false);
  });

  it('ETH at 2,000 and stETH at 1,990 (within a factor 3) share one chart', () => {
    const result = fixtureResult({
      series: [column('fundamental:ETH', 2000), column('fundamental:stETH', 1990), column('venue:pool', 1990)],
    });
    expect(priceGroups(result)).toHaveLength(1);
    expect(
      reportCharts(result)
        .filter((c) => c.id.startsWith('prices'))
        .map((c) => c.title),
    ).toEqual(['Prices over time']);
  });
});
