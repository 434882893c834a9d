import { describe, expect, it } from 'vitest';
import { reportCharts } from './chart-catalog.js';
import { fixtureResult } from './fixture.test-helper.js';
import { reportHtml } from './html.js';

describe('reportHtml', () => {
  const result = fixtureResult();
  const html = reportHtml(result);

  it('is self-contained: no external scripts, styles, fonts or URLs other than SVG namespaces', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('contains one inline SVG per chart, each after its explanation', () => {
    const charts = reportCharts(result);
    expect(charts).toHaveLength(5);
    expect(html.match(/<svg\b/g)).toHaveLength(charts.length);
    for (const chart of charts) {
      const section = html.indexOf(`<section class="chart" id="${chart.id}">`);
      expect(section).toBeGreaterThan(0);
      expect(html.indexOf('<svg', section)).toBeGreaterThan(html.indexOf(chart.description.slice(0, 40), section));
    }
  });

  it('gives every SVG id a distinct chart prefix', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('contains the metric values', () => {
    for (const text of ['1,234,567.89', '98,765.43', '24.57%', '5,678', 'n/a', 'eth-crash', 'Seed 42']) {
      expect(html).toContain(text);
    }
  });

  it('shows the scenario description under the title only when given, escaped', () => {
    expect(html).not.toContain('class="description"');
    const described = reportHtml(result, { description: '  ETH falls 30% <fast> & hard  ' });
    const header = described.slice(described.indexOf('<header>'), described.indexOf('</header>'));
    expect(header).toContain('<p class="description">ETH falls 30% &lt;fast&gt; &amp; hard</p>');
    expect(header.indexOf('class="description"')).toBeGreaterThan(header.indexOf('</h1>'));
    expect(reportHtml(result, { description: '   ' })).toBe(html);
  });

  it('shows every USD metric with two decimals', () => {
    for (const text of ['13,456.78', '1,100,000.00', '45,678.90', '50,000.00']) expect(html).toContain(text);
  });

  it('escapes a hostile scenario name everywhere', () => {
    const hostile = reportHtml(fixtureResult({ scenario: '<script>alert("x")</script> & co' }));
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('renders byte-identically twice', () => {
    expect(reportHtml(fixtureResult())).toBe(html);
  });
});
