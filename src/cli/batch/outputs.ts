import type { EChartsOption } from 'echarts';
import type { PathRecord } from '../../analysis/batch/types.js';
import { SCALAR_METRIC_NAMES } from '../../store/index.js';
import { batchChartSvg, batchReportHtml, chartsAsPng, type SummaryTable } from '../../report/index.js';
import { csvText } from '../../kernel/csv.js';
import { UsageError } from '../../kernel/errors.js';
import { writeFilesAtomically } from '../output-files.js';

/** One chart of a batch report: an id (also its PNG file name), a title, a caption and its ECharts option. */
export interface BatchChart {
  id: string;
  title: string;
  caption: string;
  option: EChartsOption;
}

/** Width of the PNG charts, pixels (twice the SVG's, for print). */
const PNG_WIDTH = 1600;

/**
 * Every path as one flat CSV row: cell, path, seed, each cell parameter (one column per parameter
 * path), then every scalar metric (empty for a null). Rows in (cell, path) order.
 *
 * @example pathsCsv(records).split('\n')[0]; // 'cell,path,seed,protocols.0.ltv,accounts,…'
 */
export function pathsCsv(records: readonly PathRecord[]): string {
  const parameters = [...new Set(records.flatMap((r) => Object.keys(r.parameters)))];
  const header = ['cell', 'path', 'seed', ...parameters, ...SCALAR_METRIC_NAMES];
  const rows = records.map((r) => {
    const metrics = r.metrics as unknown as Record<string, number | null>;
    return [
      String(r.cell),
      String(r.path),
      String(r.seed),
      ...parameters.map((p) => (p in r.parameters ? String(r.parameters[p]) : '')),
      ...SCALAR_METRIC_NAMES.map((m) => (metrics[m] === null ? '' : String(metrics[m]))),
    ];
  });
  return csvText([header, ...rows]);
}

/** `--png` needs `--out`: checked before any path runs. */
export function checkPngFlag(options: { png?: boolean; out?: string }): void {
  if (options.png && !options.out)
    throw new UsageError('--png: writes PNG charts into the --out directory; give --out DIR as well');
}

/**
 * Writes a batch's files into `dir` atomically: `summary.json`, `paths.csv`, `report.html` (the
 * tables and charts, self-contained) and, with `png`, each chart as `<id>.png`. Returns the names.
 *
 * @example writeBatchOutputs('out/mc', { json, records, title: 'Monte Carlo', tables, charts, png: true });
 */
export function writeBatchOutputs(
  dir: string,
  report: {
    json: string;
    records: readonly PathRecord[];
    title: string;
    subtitle: string;
    description?: string;
    tables: SummaryTable[];
    charts: BatchChart[];
    png?: boolean;
  },
): string[] {
  const rendered = report.charts.map((c) => ({ ...c, svg: batchChartSvg(c.option, c.id) }));
  const files: Record<string, string | Uint8Array> = {
    'summary.json': report.json,
    'paths.csv': pathsCsv(report.records),
    'report.html': batchReportHtml({
      title: report.title,
      subtitle: report.subtitle,
      description: report.description,
      summaryTables: report.tables,
      charts: rendered.map(({ title, caption, svg }) => ({ title, caption, svg })),
    }),
  };
  if (report.png) for (const [name, png] of chartsAsPng(rendered, { width: PNG_WIDTH })) files[name] = png;
  writeFilesAtomically(dir, files);
  return Object.keys(files);
}
