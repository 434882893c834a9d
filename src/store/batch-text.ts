/**
 * What `cascade runs` and `cascade show` print: plain-text tables and their `--json` objects.
 */
import type { CellParameters } from '../analysis/batch/types.js';
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../kernel/format.js';
import { metricUnit, SCALAR_METRIC_NAMES, type MetricUnit } from './metric-columns.js';
import type { CellSummary, StoredBatch } from './types.js';

/** Left-aligns every column of `rows` (the first row is the header) with two spaces between columns. */
function alignedTable(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...row[column]].length)));
  const pad = (text: string, column: number) => {
    const fill = ' '.repeat(widths[column] - [...text].length);
    return rightAligned.has(column) ? fill + text : text + fill;
  };
  return rows.map((row) => row.map(pad).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * The `--json` form of one batch: its plan, status and progress.
 *
 * @example batchObject(batch).pathsDone; // 250
 */
export function batchObject(batch: StoredBatch): object {
  const { plan } = batch;
  return {
    id: plan.id,
    kind: plan.kind,
    status: batch.status,
    scenario: plan.scenario,
    scenarioFile: plan.scenarioFile,
    masterSeed: plan.masterSeed,
    pathsPerCell: plan.paths,
    pathsDone: batch.pathsDone,
    pathsFailed: batch.pathsFailed,
    pathsPlanned: batch.pathsPlanned,
    createdAt: plan.createdAt,
    owner: batch.owner ?? null,
    cells: plan.cells,
    scenarioJson: plan.scenarioJson,
  };
}

/** `done/planned`, and `(k failed)` when paths threw. */
function pathsCell(batch: StoredBatch): string {
  return `${batch.pathsDone}/${batch.pathsPlanned}${batch.pathsFailed > 0 ? ` (${batch.pathsFailed} failed)` : ''}`;
}

/**
 * The `cascade runs` table: id, kind, scenario, paths stored/planned (and failed), status, creation time.
 *
 * @example batchListTable([]); // 'No batches stored in cascade.duckdb.\n'
 */
export function batchListTable(batches: readonly StoredBatch[], file: string): string {
  if (batches.length === 0) return `No batches stored in ${file}.\n`;
  const rows = [['ID', 'KIND', 'SCENARIO', 'PATHS', 'STATUS', 'CREATED']];
  for (const b of batches)
    rows.push([b.plan.id, b.plan.kind, b.plan.scenario, pathsCell(b), b.status, b.plan.createdAt]);
  const note = batches.some((b) => b.status === 'interrupted')
    ? '\ninterrupted: the process writing the batch ended before it completed; rerun the same command to resume it.\n'
    : '';
  return alignedTable(rows, new Set([3])) + note;
}

/**
 * A cell's parameters as `path=value` pairs, or `(no parameters)`.
 *
 * @example parametersText({ 'protocols.0.liquidationBonus': 0.05 }); // 'protocols.0.liquidationBonus=0.05'
 */
export function parametersText(parameters: CellParameters): string {
  const pairs = Object.entries(parameters).map(([key, value]) => `${key}=${String(value)}`);
  return pairs.length === 0 ? '(no parameters)' : pairs.join(', ');
}

/** Unit hint shown after a metric name. */
const UNIT_LABEL: Record<MetricUnit, string> = { count: 'count', usd: 'USD', fraction: '%', ratio: 'ratio' };

/** A statistic in the metric's unit; means of counts keep 2 decimals; null prints as n/a. */
function formatStat(unit: MetricUnit, value: number | null, isMean: boolean): string {
  if (value === null) return 'n/a';
  if (unit === 'usd') return formatUsd(value);
  if (unit === 'fraction') return formatPercent(value);
  if (unit === 'count') return isMean ? formatGrouped(value, 2) : formatCount(value);
  return formatGrouped(value, 4);
}

/**
 * The `cascade show` text: the batch plan, then per cell the mean, min and max of every metric.
 *
 * @example process.stdout.write(batchDetailTable(batch, await store.cellSummaries(batch.plan.id)));
 */
export function batchDetailTable(batch: StoredBatch, cells: readonly CellSummary[]): string {
  const { plan } = batch;
  const cellWord = plan.cells.length === 1 ? 'cell' : 'cells';
  const head = alignedTable([
    ['Batch', plan.id],
    ['Kind', plan.kind],
    ['Status', batch.status],
    ['Scenario', `${plan.scenario} (${plan.scenarioFile})`],
    ['Master seed', String(plan.masterSeed)],
    [
      'Paths',
      `${formatCount(batch.pathsDone)} of ${formatCount(batch.pathsPlanned)} (${formatCount(plan.paths)} per cell × ${plan.cells.length} ${cellWord})` +
        (batch.pathsFailed > 0 ? `; ${formatCount(batch.pathsFailed)} failed (not in the statistics below)` : ''),
    ],
    ['Created', plan.createdAt],
    ...(batch.owner !== undefined && batch.status !== 'complete' ? [['Owner', ownerLine(batch)]] : []),
  ]);
  const partial =
    batch.status === 'complete'
      ? ''
      : `\nPartial: the batch is ${batch.status}; the statistics below cover only the ${formatCount(batch.pathsDone)} paths stored so far.\n`;
  const blocks = cells.map((summary) => {
    const rows = [['Metric', 'Mean', 'Min', 'Max']];
    for (const name of SCALAR_METRIC_NAMES) {
      const unit = metricUnit(name);
      const stats = summary.metrics[name];
      rows.push([
        `${name} [${UNIT_LABEL[unit]}]`,
        formatStat(unit, stats.mean, true),
        formatStat(unit, stats.min, false),
        formatStat(unit, stats.max, false),
      ]);
    }
    const title = `Cell ${summary.cell}: ${parametersText(summary.parameters)} (${formatCount(summary.paths)} ${summary.paths === 1 ? 'path' : 'paths'})`;
    if (summary.paths === 0) return `${title}\n`;
    const indented = alignedTable(rows, new Set([1, 2, 3]))
      .split('\n')
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n');
    return `${title}\n${indented}`;
  });
  return [head + partial, ...blocks].join('\n');
}

/** `process 1234 on host (command), heartbeat …`, and how to resume an interrupted batch. */
function ownerLine(batch: StoredBatch): string {
  const owner = batch.owner;
  if (owner === undefined) return '';
  const text = `process ${owner.pid} on ${owner.host}, last heartbeat ${owner.heartbeatAt}`;
  return batch.status === 'interrupted' ? `${text} (no longer running; the same command resumes the batch)` : text;
}

/**
 * The `cascade show --json` object: `{ batch, cells: [{ cell, parameters, paths, metrics: { name: { count, mean, min,
 * max } } }] }`.
 *
 * @example JSON.stringify(batchDetailObject(batch, cells));
 */
export function batchDetailObject(batch: StoredBatch, cells: readonly CellSummary[]): object {
  return { batch: batchObject(batch), cells };
}
