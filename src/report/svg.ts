/**
 * Server-side rendering of an ECharts option to an SVG string, made byte-stable.
 *
 * ECharts/zrender name clip paths, gradients and hover-style classes after a process-wide
 * counter (`zr3-c0`, `zr3-cls-12`, …), so two renders of the same option differ and two charts
 * inlined in one HTML page could collide (the SVG `<style>` applies to the whole page). Each
 * chart is therefore rendered in a fresh instance and every such name is rewritten to
 * `<prefix>-<n>`, numbered in order of first appearance.
 */
import type * as ECharts from 'echarts';
import type { EChartsOption } from 'echarts';
import { InvariantError } from '../kernel/errors.js';
import { requireWithCodeCache } from './code-cache.js';

let echartsModule: typeof ECharts | undefined;

/**
 * ECharts, loaded on the first render: commands that draw nothing never load it, and its CommonJS bundle loads in
 * about a fifth of the time of its ES modules (0.14 s against 0.68 s here), for the same drawing code. It is compiled
 * through a V8 code cache in the user's cache folder (./code-cache.ts), which cuts its compile time by about three
 * quarters from the second run on.
 */
function echarts(): typeof ECharts {
  echartsModule ??= requireWithCodeCache(import.meta.url, 'echarts') as typeof ECharts;
  return echartsModule;
}

/** 32-bit FNV-1a hash of `text`, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Rewrites the painter-specific names zrender generates (`zr<n>-…`, where `<n>` is read from the
 * first `id`, `class` or `url(#…)` that uses one) in `svg` to `<prefix>-<k>`.
 *
 * @example
 * stabilizeIds('<clipPath id="zr7-c0"/><g clip-path="url(#zr7-c0)"/>', 'prices');
 * // '<clipPath id="prices-0"/><g clip-path="url(#prices-0)"/>'
 */
export function stabilizeIds(svg: string, prefix: string): string {
  const painter = /(?:\bid="|\bclass="|url\(#)(zr\d+)-[A-Za-z]/.exec(svg);
  if (!painter) return svg;
  const pattern = new RegExp(`\\b${painter[1]}-[A-Za-z][A-Za-z0-9-]*`, 'g');
  const names = new Map<string, string>();
  return svg.replace(pattern, (name) => {
    let stable = names.get(name);
    if (stable === undefined) {
      stable = `${prefix}-${names.size}`;
      names.set(name, stable);
    }
    return stable;
  });
}

function checkSize(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new InvariantError(`${what} must be a positive integer, got ${value}`);
}

/**
 * Renders `option` to a standalone SVG document string of `width` × `height` pixels.
 * The output depends only on the arguments: identical input gives byte-identical SVG.
 * Internal ids and classes start with `idPrefix` (default: `c` + a hash of the chart itself,
 * so different charts in one page never share names); pass a distinct prefix per chart
 * when inlining several identical charts in one page.
 *
 * @example
 * const svg = renderSvg(priceChart(result), 900, 360);
 * svg.startsWith('<svg'); // true
 */
export function renderSvg(option: EChartsOption, width: number, height: number, idPrefix?: string): string {
  checkSize(width, 'width');
  checkSize(height, 'height');
  if (idPrefix !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(idPrefix)) {
    throw new InvariantError(`SVG id prefix must be a letter then letters, digits, '_' or '-', got '${idPrefix}'`);
  }
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    if (idPrefix !== undefined) return stabilizeIds(svg, idPrefix);
    return stabilizeIds(svg, `c${fnv1a(stabilizeIds(svg, 'id'))}`);
  } finally {
    chart.dispose();
  }
}
