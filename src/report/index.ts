/**
 * Reports of a finished run: CSV time series, terminal summary, chart options, SVG and HTML.
 *
 * @example
 * import { reportHtml, summaryTable, timeseriesCsv } from './report/index.js';
 * process.stdout.write(summaryTable(result));
 */
export { timeseriesCsv, csvColumnName, sanitizeHeaderPart } from './csv.js';
export { summaryTable } from './summary-table.js';
export { metricGroups, runRows, type MetricGroup, type MetricRow } from './metric-rows.js';
export {
  priceChart,
  liquidationsByGenerationChart,
  healthHistogramChart,
  badDebtChart,
  healthQuantilesChart,
  histogramBinLabels,
  generationBuckets,
  linePoints,
  MAX_GENERATION_SERIES,
  type GenerationSeries,
} from './charts.js';
export {
  downsampleIndices,
  bucketSums,
  bucketWidthBlocks,
  bucketLabel,
  MAX_LINE_POINTS,
  MAX_BAR_BUCKETS,
} from './downsample.js';
export { reportCharts, type ReportChart } from './chart-catalog.js';
export { renderSvg } from './svg.js';
export { reportHtml, type ReportHtmlOptions } from './html.js';
export { escapeHtml } from './escape.js';
export {
  plainDecimal,
  formatFixed,
  formatUsd,
  formatPercent,
  formatCount,
  formatMultiple,
  formatDuration,
} from '../kernel/format.js';
export * from './comparison.js';
export * from './batch/index.js';
export { svgToPng, chartsAsPng, PNG_FONT_FAMILY, type PngOptions, type PngChart } from './png.js';
