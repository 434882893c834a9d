/**
 * A small batch for tests: the default scenario cut to 120 blocks and 500 borrowers, two cells of
 * liquidation bonus, and the direct single runs each path must reproduce.
 */
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { runScenario } from '../run.js';
import { loadScenario } from '../../scenario/load.js';
import { pathSeed } from './seeds.js';
import type { BatchPlan, PathRecord } from './types.js';

/** The `--set` overrides that make the default scenario small (the shock starts at block 50). */
export const SMALL_SETS = ['blocks=120', 'protocols.0.borrowers.count=500'];
/** Liquidation bonus of cell 0 and cell 1. */
export const BONUSES = [0.05, 0.1] as const;
export const MASTER_SEED = 7;

/** The small scenario as a batch plan with the two bonus cells and `paths` paths per cell. */
export function smallPlan(paths: number): { plan: BatchPlan; baseDir: string } {
  const loaded = loadScenario(defaultScenarioPath(), SMALL_SETS);
  const plan: BatchPlan = {
    id: 'test-batch',
    kind: 'sweep',
    scenario: loaded.scenario.name,
    scenarioFile: defaultScenarioPath(),
    scenarioJson: JSON.stringify(loaded.scenario),
    masterSeed: MASTER_SEED,
    paths,
    cells: BONUSES.map((bonus, cell) => ({ cell, parameters: { 'protocols.0.liquidationBonus': bonus } })),
    createdAt: '2025-01-01T00:00:00.000Z',
  };
  return { plan, baseDir: loaded.dir };
}

/** Path `path` of cell `cell` run directly: load with every override written out, seed from pathSeed. */
export function directRun(cell: number, path: number) {
  const loaded = loadScenario(defaultScenarioPath(), [...SMALL_SETS, `protocols.0.liquidationBonus=${BONUSES[cell]}`]);
  return runScenario(loaded.scenario, { seed: pathSeed(MASTER_SEED, path), baseDir: loaded.dir });
}

/** Records sorted by (cell, path). */
export function sortRecords(records: readonly PathRecord[]): PathRecord[] {
  return [...records].sort((a, b) => a.cell - b.cell || a.path - b.path);
}
