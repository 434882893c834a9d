/**
 * Reports of a comparison of designs (`cascade compare`): the terminal table, the CSV of every
 * metric, the chart options and the self-contained HTML page.
 *
 * @example
 * import { comparisonTable } from './report/comparison.js';
 * process.stdout.write(comparisonTable(comparison));
 */
export {
  COMPARISON_COLUMNS,
  comparisonCsv,
  comparisonMetricKeys,
  comparisonRows,
  comparisonRunLine,
  comparisonTable,
  exogenousPathNote,
  roundTripDecimal,
  type ComparisonColumn,
} from './comparison-table.js';
export { DESIGN_COLORS, LOSS_BARS, lossesComparisonChart, oracleComparisonChart } from './comparison-charts.js';
export { comparisonHtml } from './comparison-html.js';
