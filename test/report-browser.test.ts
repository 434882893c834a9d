/// <reference lib="dom" />
/**
 * The generated reports in real headless Chromium (playwright-core, /usr/bin/chromium): in the laid-out page, no
 * chart is blank (its data marks span some width), no legend label runs into the next entry, and no table pushes past
 * the page (a table wider than its container scrolls inside it). Reports: a perp run, a Monte Carlo batch of a perp
 * exchange with no bad debt and no ADL (once three blank charts), and two-grid sweeps (lending, perp) whose table once
 * overflowed its box. REPORT_BROWSER_DIR=dir keeps the generated pages there, to look at.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskSummary } from '../src/analysis/risk/summary.js';
import { testMetrics } from '../src/analysis/risk/records.test-helper.js';
import type { PathRecord } from '../src/analysis/batch/types.js';
import { runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { cellCharts } from '../src/cli/batch/mc-report.js';
import { sweepCharts, sweepRows } from '../src/cli/batch/sweep-report.js';
import { writeBatchOutputs } from '../src/cli/batch/outputs.js';
import { reportHtml } from '../src/report/html.js';

/** What the page reports about itself. */
interface PageCheck {
  /** Charts whose data marks span less than 1% of the chart's width, by section id. */
  blank: string[];
  /** Legend labels drawn wider than the room the server-side layout gave their entry (they run into the next one). */
  cramped: string[];
  charts: number;
  /** How far the page is wider than the window (0 when it fits). */
  pageOverflow: number;
  /** Tables wider than their container whose container does not scroll, by caption or section id. */
  overflowing: string[];
  /** Tables wider than their container (which scrolls): columns hidden until the reader scrolls. */
  scrolled: string[];
  tables: number;
}

/**
 * Runs in the page. A chart's data marks are the shapes ECharts tags as chart (bars, heatmap cells; not the silent
 * reference lines such as VaR or HF = 1) and the series paths clipped to the plot (lines, areas); a shape counts when
 * it has extent (a filled shape needs width and height, a stroked one a length). The chart is blank when their union
 * is narrower than 1% of the SVG.
 */
function inspect(): PageCheck {
  const blank: string[] = [];
  const cramped: string[] = [];
  const figures = [...document.querySelectorAll('figure svg')] as SVGSVGElement[];
  for (const svg of figures) {
    // Each legend entry ends with an invisible hit area as wide as the layout made the entry; its label precedes it.
    for (const area of svg.querySelectorAll('path[ecmeta_ssr_type="legend"][fill="none"]')) {
      const label = area.previousElementSibling;
      if (label?.tagName !== 'text') continue;
      if (label.getBoundingClientRect().right > area.getBoundingClientRect().right + 2) {
        cramped.push(label.textContent ?? '');
      }
    }
    const marks = [
      ...svg.querySelectorAll('[ecmeta_ssr_type="chart"]:not([ecmeta_silent="true"])'),
      ...svg.querySelectorAll('g[clip-path] path'),
    ] as SVGGraphicsElement[];
    let left = Infinity;
    let right = -Infinity;
    for (const mark of marks) {
      const box = mark.getBBox();
      const filled = (mark.getAttribute('fill') ?? 'none') !== 'none';
      const stroked = (mark.getAttribute('stroke') ?? 'none') !== 'none';
      const visible = (filled && box.width > 0 && box.height > 0) || (stroked && (box.width > 0 || box.height > 0));
      if (!visible) continue;
      left = Math.min(left, box.x);
      right = Math.max(right, box.x + box.width);
    }
    const width = svg.viewBox.baseVal.width;
    if (!(right - left >= 0.01 * width)) blank.push(svg.closest('section')?.id ?? '?');
  }
  const overflowing: string[] = [];
  const scrolled: string[] = [];
  const tables = [...document.querySelectorAll('table')];
  for (const table of tables) {
    const box = table.parentElement!;
    const name = table.caption?.textContent ?? table.closest('section')?.id ?? '?';
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    const fits = table.scrollWidth <= box.clientWidth;
    const boxFits = box.getBoundingClientRect().right <= document.documentElement.clientWidth;
    if (!(fits || scrolls) || !boxFits) overflowing.push(name);
    if (!fits) scrolled.push(name);
  }
  return {
    blank,
    cramped,
    charts: figures.length,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    overflowing,
    scrolled,
    tables: tables.length,
  };
}

/** Four paths of a perp exchange: notional liquidated 10..40 million USD, no bad debt and no ADL on any path. */
function quietPerpPaths(parameters: (k: number) => PathRecord['parameters'] = () => ({})): PathRecord[] {
  return [1, 2, 3, 4].map((k) => ({
    cell: 0,
    path: k - 1,
    seed: k,
    parameters: parameters(k),
    metrics: testMetrics({
      perpLiquidatedNotionalUsd: k * 1e7,
      amplification: 1 + k / 10,
      byProtocol: [
        {
          protocol: 'perp-dex',
          kind: 'perp',
          liquidations: 3,
          accountsLiquidated: 3,
          liquidatedUsd: k * 1e7,
          penaltiesUsd: 0,
          badDebtUsd: 0,
          insuranceFundUsedUsd: 0,
          socialisedBadDebtUsd: 0,
          uncoveredBadDebtUsd: 0,
          insuranceFundShortfalls: 0,
          insuranceFundStartUsd: 1e6,
          insuranceFundEndUsd: 1e6,
          adlNotionalUsd: 0,
        },
      ],
    }),
  }));
}

/**
 * A two-grid sweep of 3 × 3 cells, 4 paths each, bad debt 1,234.5·k·(cell + 1) USD on path k, with long parameter
 * paths. `perp`: the paths are a perp exchange's (the table adds three perp columns, the widest a sweep writes);
 * otherwise a lending protocol's, as in the sweep of scenarios/thin-pool-random-shock.yaml.
 */
function sweepPaths(perp: boolean): { records: PathRecord[]; axes: { path: string; values: number[] }[] } {
  const axes = [
    { path: 'venues.1.liquidityUsd', values: [1e6, 4e6, 16e6] },
    { path: 'protocols.0.liquidationThreshold', values: [0.82, 0.85, 0.88] },
  ];
  const records = axes[0].values.flatMap((depth, y) =>
    axes[1].values.flatMap((threshold, x) =>
      quietPerpPaths().map((r) => {
        const cell = y * 3 + x;
        return {
          ...r,
          cell,
          parameters: { [axes[0].path]: depth, [axes[1].path]: threshold },
          metrics: {
            ...r.metrics,
            badDebtUsd: (r.path + 1) * (cell + 1) * 1234.5,
            ...(perp
              ? {}
              : {
                  perpLiquidatedNotionalUsd: 0,
                  liquidatedCollateralUsd: 12_345_678.9,
                  byProtocol: r.metrics.byProtocol.map((p) => ({ ...p, kind: 'lending' as const })),
                }),
          },
        };
      }),
    ),
  );
  return { records, axes };
}

describe('reports in headless Chromium', () => {
  let browser: Browser;
  const dir = process.env.REPORT_BROWSER_DIR ?? mkdtempSync(path.join(tmpdir(), 'cascade-report-browser-'));
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    const { scenario } = loadScenario(path.resolve('scenarios/perp-long-crash.yaml'), [
      'blocks=150',
      'protocols.0.traders.count=1500',
    ]);
    pages.run = path.join(dir, 'run.html');
    writeFileSync(pages.run, reportHtml(runScenario(scenario), { description: scenario.description }));

    const mc = quietPerpPaths();
    const [cell] = riskSummary(mc, { resamples: 50, seed: 1 }).cells;
    writeBatchOutputs(path.join(dir, 'mc'), {
      json: '{}',
      records: mc,
      title: 'Monte Carlo: quiet perp',
      subtitle: '4 paths',
      tables: [],
      charts: cellCharts(mc, cell, 'mc'),
    });
    pages.mc = path.join(dir, 'mc', 'report.html');

    for (const kind of ['lending', 'perp']) {
      const { records, axes } = sweepPaths(kind === 'perp');
      const summary = riskSummary(records, { resamples: 50, seed: 1 });
      const { header, rows } = sweepRows(axes, summary);
      writeBatchOutputs(path.join(dir, `sweep-${kind}`), {
        json: '{}',
        records,
        title: `Sweep: ${kind}`,
        subtitle: '9 cells × 4 paths',
        tables: [{ title: 'Risk by cell', header, rows }],
        charts: sweepCharts(axes, summary, records),
      });
      pages[`sweep-${kind}`] = path.join(dir, `sweep-${kind}`, 'report.html');
    }

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function check(file: string, width: number): Promise<PageCheck> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href);
      return await page.evaluate(inspect);
    } finally {
      await page.close();
    }
  }

  for (const width of [1280, 800]) {
    it(`perp run report at ${width} px: every chart draws data, nothing overflows`, async () => {
      const result = await check(pages.run, width);
      expect(result.charts).toBeGreaterThanOrEqual(4);
      expect(result.blank).toEqual([]);
      expect(result.cramped).toEqual([]);
      expect(result.tables).toBeGreaterThan(0);
      expect(result.overflowing).toEqual([]);
      expect(result.pageOverflow).toBe(0);
    });

    it(`Monte Carlo report of a perp exchange with no bad debt and no ADL at ${width} px: no blank chart`, async () => {
      const result = await check(pages.mc, width);
      // Perp notional liquidated and amplification; bad debt (2 charts) and ADL are left out with a note.
      expect(result.charts).toBe(2);
      expect(result.blank).toEqual([]);
      expect(result.cramped).toEqual([]);
      expect(result.pageOverflow).toBe(0);
    });

    for (const kind of ['lending', 'perp']) {
      it(`${kind} sweep report at ${width} px: its wide table stays inside its box, every chart draws data`, async () => {
        const result = await check(pages[`sweep-${kind}`], width);
        // Three heatmaps and the bad-debt CDF.
        expect(result.charts).toBe(4);
        expect(result.blank).toEqual([]);
        expect(result.cramped).toEqual([]);
        expect(result.tables).toBe(1);
        expect(result.overflowing).toEqual([]);
        // A lending sweep's table shows whole on a desktop-wide window (its headers wrap); the perp one, three columns
        // wider, and any table on a narrow window, scroll inside their box.
        if (kind === 'lending' && width >= 1280) expect(result.scrolled).toEqual([]);
        expect(result.pageOverflow).toBe(0);
      });
    }
  }

  it('the check itself: a chart whose only marks are a vertical line on the y axis is blank', async () => {
    const file = path.join(dir, 'blank.html');
    writeFileSync(
      file,
      '<section id="s"><figure><svg viewBox="0 0 1040 380" width="1040" height="380">' +
        '<g clip-path="url(#c)"><path d="" fill="#7f9cbf"></path><path d="M16 348L16 58" stroke="#1f77b4" fill="none"></path></g>' +
        '<path d="M16.5 348L16.5 58" stroke="#d62728" fill="none" ecmeta_ssr_type="chart" ecmeta_silent="true"></path>' +
        '</svg></figure></section>' +
        '<div id="box" style="width: 200px"><table><tr><td style="white-space: nowrap">' +
        'x'.repeat(200) +
        '</td></tr></table></div>',
    );
    const result = await check(file, 1280);
    expect(result.blank).toEqual(['s']);
    expect(result.overflowing).toHaveLength(1);
  });
});
