/**
 * Reports of batches (Monte Carlo, sweeps, frontier searches): ECharts option builders, their
 * rendering to inline SVG, and the self-contained HTML page. PNG export is in `../png.ts`.
 *
 * @example
 * import { batchChartSvg, batchReportHtml, histogramChart } from './report/batch/index.js';
 * const svg = batchChartSvg(histogramChart(badDebts, { title: 'bad debt', unit: 'USD' }), 'bad-debt');
 * const html = batchReportHtml({ title: 'Monte Carlo: x', summaryTables: [], charts: [{ title: 'Bad debt', caption: '', svg }] });
 */
export { histogramChart, histogramData, zeroAtomNote, type HistogramData, type HistogramOptions } from './histogram.js';
export { cdfChart, cdfLegendName, type CdfOptions, type CdfSeries } from './cdf.js';
export { fanChart, fanQuantiles, FAN_LEVELS, type FanOptions, type FanQuantiles } from './fan.js';
export {
  sweepHeatmap,
  heatmapCells,
  sweepLineChart,
  type SweepGrid,
  type SweepLine,
  type SweepLinePoint,
} from './sweep.js';
export { frontierChart, type Frontier, type FrontierPoint } from './frontier.js';
export { probabilityCurveChart, type CurvePoint } from './probability-curve.js';
export { batchReportHtml, type BatchReport, type ChartFigure, type SummaryTable } from './html.js';
export { stackedBands, type BandFill } from './bands.js';
export { ecdfPoints, histogramBins, quantileSorted, sortedAscending, sturgesBins, MAX_CDF_POINTS } from './stats.js';
export { BATCH_COLORS, axisName, batchBaseOption, noteText, parameterLabel, shortNumber, valueXAxis } from './style.js';
export { batchChartSvg } from './render.js';
