import path from 'node:path';
import { cellOverrides } from '../../analysis/batch/path-runner.js';
import { pathRandomness, type PathRandomness } from '../../analysis/batch/randomness.js';
import type { BatchPlan, CellParameters } from '../../analysis/batch/types.js';
import { parseScenario } from '../../scenario/load.js';

/** What the paths of a group of cells (or of frontier values) redraw: the same for every member. */
export interface RandomnessGroup {
  /** The cells (sweep) or the parameter values (frontier) this description is true for. */
  members: number[];
  randomness: PathRandomness;
}

/**
 * What a path of each cell redraws, for cells given by their parameters: the plan's scenario with the cell's
 * parameters applied (a swept parameter may change it, e.g. a price's volatility set to 0), grouped so that
 * cells with the same description share one entry, in order of first appearance.
 *
 * @example groupRandomness(plan, plan.cells.map((c) => ({ key: c.cell, parameters: c.parameters })));
 */
export function groupRandomness(
  plan: BatchPlan,
  members: readonly { key: number; parameters: CellParameters }[],
): RandomnessGroup[] {
  // Beside the scenario file, so the plan's relative data-file paths resolve as they did when it was loaded.
  const file = path.join(
    path.dirname(path.resolve(plan.scenarioFile)),
    `${path.basename(plan.scenarioFile)} [batch plan JSON]`,
  );
  const groups: RandomnessGroup[] = [];
  const byText = new Map<string, RandomnessGroup>();
  for (const { key, parameters } of members) {
    const randomness = pathRandomness(parseScenario(plan.scenarioJson, file, cellOverrides(parameters)));
    const found = byText.get(randomness.summary);
    if (found) found.members.push(key);
    else {
      const group = { members: [key], randomness };
      byText.set(randomness.summary, group);
      groups.push(group);
    }
  }
  return groups;
}

/**
 * The randomness description as terminal text: the summary alone when every member shares it, else one
 * line per group prefixed by its members (`cells 0, 2: …`).
 *
 * @example randomnessText(groups, 'cells');
 */
export function randomnessText(groups: readonly RandomnessGroup[], label: string): string {
  if (groups.length === 1) return `${groups[0].randomness.summary}\n`;
  return groups.map((g) => `${label} ${g.members.join(', ')}: ${g.randomness.summary}`).join('\n') + '\n';
}
