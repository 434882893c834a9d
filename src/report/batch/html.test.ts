import { describe, expect, it } from 'vitest';
import { cdfChart } from './cdf.js';
import { histogramChart } from './histogram.js';
import { batchReportHtml, type BatchReport } from './html.js';
import { batchChartSvg } from './render.js';

describe('batchReportHtml', () => {
  const badDebts = [0, 0, 0, 120, 80, 300, 0, 45];
  const report: BatchReport = {
    title: 'Monte Carlo: thin-pool <shock>',
    subtitle: '8 paths · seed 42',
    summaryTables: [
      {
        title: 'Bad debt by cell',
        header: ['cell', 'mean (USD)', 'P(> 0)', 'note'],
        rows: [
          ['base', '68.13', '50.00%', 'ok'],
          ['deep', '1,234.50', 'n/a', 'thin'],
        ],
      },
    ],
    charts: [
      {
        title: 'Bad debt across paths',
        caption: 'Exact zeros are counted apart.',
        svg: batchChartSvg(histogramChart(badDebts, { title: 'bad debt', unit: 'USD', bins: 3 }), 'hist'),
      },
      {
        title: 'Bad debt CDF',
        caption: 'Share of paths at or below each loss.',
        svg: batchChartSvg(
          cdfChart([{ name: 'base', values: badDebts, var95: 300 }], { title: 'bad debt', unit: 'USD' }),
          'cdf',
        ),
      },
    ],
  };
  const html = batchReportHtml(report);

  it('is self-contained: no scripts, external styles, imports or URLs other than SVG namespaces', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
  });

  it('has one inline SVG per chart, after its heading and caption, and distinct ids', () => {
    expect(html.match(/<svg\b/g)).toHaveLength(2);
    const second = html.indexOf('<section class="chart" id="chart-2">');
    expect(second).toBeGreaterThan(html.indexOf('<section class="chart" id="chart-1">'));
    expect(html.indexOf('<svg', second)).toBeGreaterThan(html.indexOf('Share of paths at or below each loss.', second));
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes text, and right-aligns the columns that read as numbers', () => {
    expect(html).toContain('<h1>Monte Carlo: thin-pool &lt;shock&gt;</h1>');
    expect(html).toContain('<p class="meta">8 paths · seed 42</p>');
    expect(html).toContain(
      '<th scope="col">cell</th><th scope="col" class="num">mean (USD)</th><th scope="col" class="num">P(&gt; 0)</th><th scope="col">note</th>',
    );
    expect(html).toContain(
      '<tr><th scope="row">deep</th><td class="num">1,234.50</td><td class="num">n/a</td><td>thin</td></tr>',
    );
    expect(html).toContain('<li><a href="#table-1">Bad debt by cell</a></li>');
  });

  it('is byte-identical for identical input', () => {
    expect(batchReportHtml(report)).toBe(html);
  });

  it('refuses ragged tables, SVGs with scripts and charts that share ids', () => {
    const ragged = { ...report, summaryTables: [{ title: 't', header: ['a', 'b'], rows: [['1']] }] };
    expect(() => batchReportHtml(ragged)).toThrow(/row 0 has 1 cells for 2 columns/);
    const script = { ...report, charts: [{ title: 'x', caption: '', svg: '<svg><script>alert(1)</script></svg>' }] };
    expect(() => batchReportHtml(script)).toThrow(/without scripts/);
    const twice = { ...report, charts: [report.charts[0], { ...report.charts[0], title: 'copy' }] };
    expect(() => batchReportHtml(twice)).toThrow(/share the SVG id/);
  });
});
