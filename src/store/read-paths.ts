/**
 * Reading a batch's stored paths back: the records with their metrics (and liquidation-risk reports), optionally their
 * series, and the set of (cell, path) pairs already done that a resumed batch skips.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PathRecord, PathSeries } from '../analysis/batch/types.js';
import { InvariantError } from '../kernel/errors.js';
import { metricsFromRow } from './metric-columns.js';
import { attachLiquidationRisk, LIQUIDATION_RISK_TABLE } from './liquidation-risk-table.js';
import type { DonePaths, StoredBatchPlan } from './types.js';

type Row = Record<string, unknown>;

async function rows(connection: DuckDBConnection, sql: string, values: (string | number)[]): Promise<Row[]> {
  return (await connection.runAndReadAll(sql, values)).getRowObjectsJS();
}

/**
 * Throws an InvariantError when (cell, path) is outside `plan` of batch `batchId`.
 *
 * @example requireInPlan('mc-1', plan, 0, 17);
 */
export function requireInPlan(batchId: string, plan: StoredBatchPlan, cell: number, pathIndex: number): void {
  const cells = plan.cells.map((c) => c.cell);
  if (!cells.includes(cell) || !Number.isInteger(pathIndex) || pathIndex < 0 || pathIndex >= plan.paths) {
    throw new InvariantError(
      `store: batch "${batchId}" has no cell ${cell} path ${pathIndex} (cells ${cells.join(', ')}; paths 0..${plan.paths - 1})`,
    );
  }
}

/**
 * The (cell, path) pairs of batch `batchId` stored, finished (and failed, when the file has `failed_paths`).
 *
 * @example const done = await readDonePaths(connection, 'mc-1', true); done.has(0, 17);
 */
export async function readDonePaths(
  connection: DuckDBConnection,
  batchId: string,
  hasFailures: boolean,
): Promise<DonePaths> {
  const byCell = new Map<number, Set<number>>();
  const failed = hasFailures ? ' UNION ALL SELECT cell, path FROM failed_paths WHERE batch_id = $1' : '';
  const found = await rows(connection, `SELECT cell, path FROM paths WHERE batch_id = $1${failed}`, [batchId]);
  for (const row of found) {
    const cell = Number(row.cell);
    let paths = byCell.get(cell);
    if (paths === undefined) byCell.set(cell, (paths = new Set()));
    paths.add(Number(row.path));
  }
  return { size: found.length, has: (cell: number, path: number) => byCell.get(cell)?.has(path) === true };
}

/**
 * The stored paths of batch `batchId` in (cell, path) order, with their liquidation-risk reports when the file has the
 * table, and with their series (sorted by name) when `series` is true.
 *
 * @example const records = await readPathRecords(connection, 'mc-1', { hasLiquidationRisk: true, series: false });
 */
export async function readPathRecords(
  connection: DuckDBConnection,
  batchId: string,
  options: { hasLiquidationRisk: boolean; series: boolean },
): Promise<PathRecord[]> {
  const found = await rows(connection, 'SELECT * FROM paths WHERE batch_id = $1 ORDER BY cell, path', [batchId]);
  const records: PathRecord[] = found.map((row) => ({
    cell: Number(row.cell),
    path: Number(row.path),
    seed: Number(row.seed),
    parameters: JSON.parse(String(row.parameters)) as PathRecord['parameters'],
    metrics: metricsFromRow(row),
  }));
  if (options.hasLiquidationRisk) {
    const sql = `SELECT cell, path, report FROM ${LIQUIDATION_RISK_TABLE} WHERE batch_id = $1 ORDER BY cell, path`;
    attachLiquidationRisk(records, await rows(connection, sql, [batchId]));
  }
  if (options.series) await attachSeries(connection, batchId, records);
  return records;
}

/** Adds each record's stored series, one per name, points in order. */
async function attachSeries(connection: DuckDBConnection, batchId: string, records: PathRecord[]): Promise<void> {
  const byKey = new Map(records.map((record) => [`${record.cell}:${record.path}`, record]));
  const found = await rows(
    connection,
    'SELECT cell, path, name, time_seconds, value FROM series WHERE batch_id = $1 ORDER BY cell, path, name, point',
    [batchId],
  );
  let current: PathSeries | undefined;
  for (const row of found) {
    const record = byKey.get(`${Number(row.cell)}:${Number(row.path)}`);
    if (record === undefined) continue;
    const name = String(row.name);
    record.series ??= [];
    const last = record.series.at(-1);
    current = last !== undefined && last.name === name ? last : undefined;
    if (current === undefined) record.series.push((current = { name, timesSeconds: [], values: [] }));
    current.timesSeconds.push(Number(row.time_seconds));
    current.values.push(Number(row.value));
  }
}
