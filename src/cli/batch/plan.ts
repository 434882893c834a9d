import { createHash } from 'node:crypto';
import { BATCH_SCENARIO_SETS } from '../../analysis/batch/run-batch.js';
import { SEED_SCHEME } from '../../analysis/batch/seeds.js';
import type { BatchCell, BatchKind, BatchPlan } from '../../analysis/batch/types.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';

/** What a batch command was asked for. */
export interface PlanRequest {
  kind: BatchKind;
  file: string;
  /** The user's `--set` overrides. */
  sets: readonly string[];
  /** `--seed`, else the scenario's. */
  seed?: number;
  paths: number;
  cells: BatchCell[];
  /** `--id`, else derived from everything above. */
  id?: string;
}

/** A plan ready to run, with the loaded scenario and the directory its relative paths resolve against. */
export interface PlannedBatch {
  plan: BatchPlan;
  scenario: Scenario;
  dir: string;
}

/**
 * The batch plan of a command: the scenario after `--set` (with per-block health sampling off, as
 * no batch output reads it), validated before any path runs. Without `--id`, the id is
 * `<kind>-` + 12 hex digits of SHA-256 of the plan's inputs and the seed scheme ({@link SEED_SCHEME}),
 * so the same command resumes the same batch, and a batch stored under an older seed derivation is
 * never resumed with paths seeded the new way.
 *
 * @example planBatch({ kind: 'mc', file: 'scenarios/thin-pool-shock.yaml', sets: [], paths: 100, cells: [{ cell: 0, parameters: {} }] }).plan.id; // 'mc-…'
 */
export function planBatch(request: PlanRequest): PlannedBatch {
  const loaded = loadScenario(request.file, [...BATCH_SCENARIO_SETS, ...request.sets]);
  const scenarioJson = JSON.stringify(loaded.scenario);
  const masterSeed = request.seed ?? loaded.scenario.seed;
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        request.kind,
        scenarioJson,
        masterSeed,
        request.paths,
        request.cells,
        `seed-scheme-${SEED_SCHEME}`,
      ]),
    )
    .digest('hex')
    .slice(0, 12);
  const plan: BatchPlan = {
    id: request.id ?? `${request.kind}-${digest}`,
    kind: request.kind,
    scenario: loaded.scenario.name,
    scenarioFile: request.file,
    scenarioJson,
    masterSeed,
    paths: request.paths,
    cells: request.cells,
    createdAt: new Date().toISOString(),
  };
  return { plan, scenario: loaded.scenario, dir: loaded.dir };
}
