/**
 * Per-cell mean, minimum and maximum of every scalar metric of a batch, computed by DuckDB in one
 * GROUP BY query generated from the metric list.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BatchCell } from '../analysis/batch/types.js';
import { quoteIdentifier, SCALAR_METRIC_NAMES, type ScalarMetricName } from './metric-columns.js';
import type { CellSummary, MetricStats } from './types.js';

/** The aggregate list: for metric i, `count_i`, `mean_i`, `min_i`, `max_i` (SQL avg/min/max skip NULLs). */
const AGGREGATES = SCALAR_METRIC_NAMES.map((name, i) => {
  const column = quoteIdentifier(name);
  return `count(${column}) AS count_${i}, avg(${column}) AS mean_${i}, min(${column}) AS min_${i}, max(${column}) AS max_${i}`;
}).join(',\n  ');

const SUMMARY_SQL = `SELECT cell, count(*) AS paths,\n  ${AGGREGATES}\nFROM paths WHERE batch_id = $1 GROUP BY cell ORDER BY cell`;

/** A number read from DuckDB (bigint for BIGINT columns), or null. */
function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Statistics of a cell with no stored path yet. */
function emptyStats(): Record<ScalarMetricName, MetricStats> {
  return Object.fromEntries(
    SCALAR_METRIC_NAMES.map((name) => [name, { count: 0, mean: null, min: null, max: null }]),
  ) as Record<ScalarMetricName, MetricStats>;
}

/**
 * One summary per cell of the plan, in cell order; cells without stored paths have `paths: 0` and
 * null statistics.
 *
 * @example const [first] = await cellSummaries(connection, 'mc-1', plan.cells); first.metrics.badDebtUsd.mean;
 */
export async function cellSummaries(
  connection: DuckDBConnection,
  batchId: string,
  cells: readonly BatchCell[],
): Promise<CellSummary[]> {
  const rows = (await connection.runAndReadAll(SUMMARY_SQL, [batchId])).getRowObjectsJS();
  const byCell = new Map(rows.map((row) => [Number(row.cell), row]));
  return cells.map(({ cell, parameters }) => {
    const row = byCell.get(cell);
    if (row === undefined) return { cell, parameters, paths: 0, metrics: emptyStats() };
    const metrics = Object.fromEntries(
      SCALAR_METRIC_NAMES.map((name, i) => {
        const count = Number(row[`count_${i}`]);
        const stats: MetricStats = {
          count,
          mean: numberOrNull(row[`mean_${i}`]),
          min: numberOrNull(row[`min_${i}`]),
          max: numberOrNull(row[`max_${i}`]),
        };
        return [name, stats];
      }),
    ) as Record<ScalarMetricName, MetricStats>;
    return { cell, parameters, paths: Number(row.paths), metrics };
  });
}
