import { describe, expect, it } from 'vitest';
import {
  DESIGN_COLORS,
  LOSS_BARS,
  designLineWidth,
  lossesComparisonChart,
  oracleComparisonChart,
} from './comparison-charts.js';
import { comparisonHtml } from './comparison-html.js';
import { comparisonColumns } from './comparison-table.js';
import { fixtureComparison, fixtureDesign } from './comparison.test-helper.js';
import { formatUsd } from '../kernel/format.js';

interface Series {
  name: string;
  data: unknown[];
  lineStyle?: { type?: string; color?: string; width?: number };
  step?: string;
}

describe('oracleComparisonChart', () => {
  it('draws the shared fundamental once, dashed, then one stepped oracle line per design', () => {
    const series = oracleComparisonChart(fixtureComparison()).series as Series[];
    expect(series.map((s) => s.name)).toEqual(['fundamental ETH', 'aave-v3', 'morpho-blue', 'volatility-bonus']);
    expect(series[0].lineStyle?.type).toBe('dashed');
    series.slice(1).forEach((s, i) => {
      expect(s.step).toBe('end');
      expect(s.lineStyle?.color).toBe(DESIGN_COLORS[i]);
      expect(s.lineStyle?.width).toBe(designLineWidth(i));
      expect(s.data).toHaveLength(11);
    });
  });

  it('draws one fundamental per design when the paths differ', () => {
    const series = oracleComparisonChart(fixtureComparison({ exogenousPathIdentical: false })).series as Series[];
    expect(series.filter((s) => s.lineStyle?.type === 'dashed').map((s) => s.name)).toEqual([
      'fundamental ETH (aave-v3)',
      'fundamental ETH (morpho-blue)',
      'fundamental ETH (volatility-bonus)',
    ]);
  });

  it('draws earlier designs wider, down to a floor', () => {
    expect(designLineWidth(0)).toBeGreaterThan(designLineWidth(1));
    expect(designLineWidth(20)).toBe(1.25);
  });
});

describe('lossesComparisonChart', () => {
  it('groups bad debt, penalties and slippage per design', () => {
    const comparison = fixtureComparison();
    const option = lossesComparisonChart(comparison);
    expect((option.xAxis as { data: string[] }).data).toEqual(['aave-v3', 'morpho-blue', 'volatility-bonus']);
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(LOSS_BARS.map((b) => b.name));
    expect(series[0].data).toEqual([0, 25875598.391, 98765.4321]);
    expect(series[1].data).toEqual(comparison.designs.map((d) => d.result.metrics.borrowerPenaltiesUsd));
  });
});

describe('comparisonHtml', () => {
  const comparison = fixtureComparison();
  const html = comparisonHtml(comparison);

  it('is self-contained: no scripts, links, imports or URLs other than SVG namespaces', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
  });

  it('is deterministic: rendering twice gives identical bytes', () => {
    expect(comparisonHtml(fixtureComparison())).toBe(html);
  });

  it('holds the table: one row per design with every column, and the two charts', () => {
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    const rows = body.match(/<tr>/g) ?? [];
    expect(rows).toHaveLength(comparison.designs.length);
    for (const d of comparison.designs) expect(body).toContain(`<th scope="row">${d.design}</th>`);
    expect((body.match(/<td class="value">/g) ?? []).length).toBe(
      comparison.designs.length * comparisonColumns(comparison).length,
    );
    expect(html).toContain(formatUsd(25875598.391));
    expect(html).toContain('n/a');
    expect(html.match(/<svg\b/g)).toHaveLength(2);
    expect(html).toContain('<section class="chart" id="oracle-prices">');
    expect(html).toContain('<section class="chart" id="losses">');
  });

  it('states whether the exogenous path is identical, and lists the designs', () => {
    expect(html).toContain('Exogenous price path: identical in every design');
    expect(comparisonHtml(fixtureComparison({ exogenousPathIdentical: false }))).toContain('NOT identical');
    expect(html).toContain('<dt>morpho-blue</dt><dd>the morpho-blue design</dd>');
    expect(html).toContain('<p class="description">ETH falls 30% in an hour.</p>');
    expect(html).toContain('Seed 42');
  });

  it('gives every id a distinct value', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes hostile names everywhere', () => {
    const hostile = comparisonHtml(
      fixtureComparison({ scenario: '<script>x</script>', designs: [fixtureDesign('<b>"d"</b>')] }),
    );
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('<b>');
    expect(hostile).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(hostile).toContain('&lt;b&gt;&quot;d&quot;&lt;/b&gt;');
  });
});
