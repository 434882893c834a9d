/**
 * Conversions between stored `batches` rows and {@link StoredBatchPlan}s, and the comparison that
 * decides whether a batch id may be resumed with a given plan.
 */
import type { BatchCell } from '../analysis/batch/types.js';
import type { StoredBatch, StoredBatchKind, StoredBatchPlan } from './types.js';
import { liveStatus, type BatchOwner } from './batch-owner.js';

/**
 * The columns of `batches` a plan is stored in, in this order, as bound parameters.
 *
 * @example await connection.run(`INSERT INTO batches VALUES (${'?, '.repeat(9)}'running')`, planValues(plan));
 */
export function planValues(plan: StoredBatchPlan): (string | number)[] {
  return [
    plan.id,
    plan.kind,
    plan.scenario,
    plan.scenarioFile,
    plan.scenarioJson,
    plan.masterSeed,
    plan.paths,
    JSON.stringify(plan.cells),
    plan.createdAt,
  ];
}

/**
 * A stored batch from a `batches` row (as read with getRowObjectsJS), its stored and failed path counts and its
 * recorded owner; a 'running' row whose owner is dead (or unrecorded) at `nowMs` reads as 'interrupted'.
 *
 * @example batchFromRow(row, 250, 2).pathsPlanned; // paths × cells
 */
export function batchFromRow(
  row: Record<string, unknown>,
  pathsDone: number,
  pathsFailed = 0,
  owner?: BatchOwner,
  nowMs = Date.now(),
): StoredBatch {
  const cells = JSON.parse(String(row.cells)) as BatchCell[];
  const plan: StoredBatchPlan = {
    id: String(row.id),
    kind: String(row.kind) as StoredBatchKind,
    scenario: String(row.scenario),
    scenarioFile: String(row.scenario_file),
    scenarioJson: String(row.scenario_json),
    masterSeed: Number(row.master_seed),
    paths: Number(row.paths),
    cells,
    createdAt: String(row.created_at),
  };
  return {
    plan,
    status: liveStatus(String(row.status) === 'complete' ? 'complete' : 'running', owner, nowMs),
    ...(owner === undefined ? {} : { owner }),
    pathsDone,
    pathsFailed,
    pathsPlanned: plan.paths * cells.length,
  };
}

/**
 * What differs between a stored plan and a new one with the same id (empty: same plan, may resume).
 * Compared: kind, scenario (its JSON after overrides), master seed, paths per cell and cells; the
 * creation time, scenario name and file path are not part of a plan's identity.
 *
 * @example planDifferences(stored, { ...stored, paths: 20 }); // ['paths per cell: stored 10, given 20']
 */
export function planDifferences(stored: StoredBatchPlan, given: StoredBatchPlan): string[] {
  const differences: string[] = [];
  if (stored.kind !== given.kind) differences.push(`kind: stored ${stored.kind}, given ${given.kind}`);
  if (stored.scenarioJson !== given.scenarioJson) differences.push('scenario (after --set overrides)');
  if (stored.masterSeed !== given.masterSeed)
    differences.push(`master seed: stored ${stored.masterSeed}, given ${given.masterSeed}`);
  if (stored.paths !== given.paths) differences.push(`paths per cell: stored ${stored.paths}, given ${given.paths}`);
  if (JSON.stringify(stored.cells) !== JSON.stringify(given.cells))
    differences.push(
      `cells: stored ${stored.cells.length}, given ${given.cells.length}${stored.cells.length === given.cells.length ? ' with other parameters' : ''}`,
    );
  return differences;
}
