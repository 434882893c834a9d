/**
 * The chart option builders are shared with the browser dashboard, so none of them may load Node built-ins or the
 * server-side renderer (src/report/svg.ts, which loads ECharts through node:module), directly or through any module
 * it imports (type-only imports do not load anything and are skipped).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Modules a browser bundle imports for the chart options. */
const SHARED = [
  'src/report/chart-style.ts',
  'src/report/charts.ts',
  'src/report/comparison-charts.ts',
  'src/report/v3-charts.ts',
  'src/report/batch/style.ts',
  'src/report/batch/histogram.ts',
  'src/report/batch/cdf.ts',
  'src/report/batch/fan.ts',
  'src/report/batch/sweep.ts',
  'src/report/batch/frontier.ts',
  'src/report/batch/probability-curve.ts',
];

/** Every module `file` loads at run time, transitively: repository files and bare specifiers. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, specifier] of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)) {
    if (!specifier.startsWith('.')) {
      seen.add(specifier);
      continue;
    }
    runtimeImports(path.join(path.dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

describe('shared chart modules', () => {
  for (const file of SHARED) {
    it(`${file} loads no Node built-in and not the SVG renderer`, () => {
      const loaded = [...runtimeImports(file)];
      expect(loaded.filter((m) => m.startsWith('node:') || /^(fs|path|module|os|url|worker_threads)$/.test(m))).toEqual(
        [],
      );
      expect(loaded.filter((m) => m.endsWith('/svg.ts') || m.endsWith('/render.ts') || m.endsWith('/png.ts'))).toEqual(
        [],
      );
      // Runtime packages: none (echarts is imported for its types only).
      expect(loaded.filter((m) => !m.startsWith('src/') && !m.startsWith('node:'))).toEqual([]);
    });
  }

  it('the check itself: the batch renderer does load the SVG renderer and node:module', () => {
    const loaded = [...runtimeImports('src/report/batch/render.ts')];
    expect(loaded).toContain('src/report/svg.ts');
    expect(loaded).toContain('node:module');
  });
});
