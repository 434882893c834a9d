import { describe, expect, it } from 'vitest';
import { badDebtChart, priceChart } from './charts.js';
import { fixtureResult } from './fixture.test-helper.js';
import { renderSvg, stabilizeIds } from './svg.js';

describe('renderSvg', () => {
  const option = badDebtChart(fixtureResult());

  it('renders an SVG document of the requested size', () => {
    const svg = renderSvg(option, 640, 300);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="640" height="300"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('is byte-identical across renders, without zrender counters', () => {
    const first = renderSvg(option, 640, 300);
    renderSvg(priceChart(fixtureResult()), 640, 300);
    const second = renderSvg(option, 640, 300);
    expect(second).toBe(first);
    expect(first).not.toMatch(/\bzr\d+-/);
  });

  it('uses the given prefix for every generated id and class, and different defaults per chart', () => {
    const svg = renderSvg(option, 640, 300, 'svg-bad-debt');
    const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('svg-bad-debt-'))).toBe(true);
    for (const id of ids) expect(svg).toContain(`url(#${id})`);

    const prefixOf = (s: string) => /\bid="([^"]+)-\d+"/.exec(s)?.[1];
    const other = renderSvg(priceChart(fixtureResult()), 640, 300);
    expect(prefixOf(renderSvg(option, 640, 300))).not.toBe(prefixOf(other));
  });

  it('rejects bad sizes and prefixes', () => {
    expect(() => renderSvg(option, 0, 300)).toThrow(/width/);
    expect(() => renderSvg(option, 640, 1.5)).toThrow(/height/);
    expect(() => renderSvg(option, 640, 300, '1bad"')).toThrow(/prefix/);
  });
});

describe('stabilizeIds', () => {
  it('renumbers one painter prefix in order of first use and leaves other text alone', () => {
    const svg = '<clipPath id="zr12-c0"/><path class="zr12-cls-3"/><g clip-path="url(#zr12-c0)"/><text>zr1-x</text>';
    expect(stabilizeIds(svg, 'p')).toBe(
      '<clipPath id="p-0"/><path class="p-1"/><g clip-path="url(#p-0)"/><text>zr1-x</text>',
    );
  });
});
