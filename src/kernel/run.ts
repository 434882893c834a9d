import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from '../analysis/result.js';
import { computeMetrics, healthCounts, healthHistogram } from '../analysis/metrics.js';
import { buildWorld, type BuildOptions } from './build-world.js';
import { stepBlock } from './block-order.js';

/**
 * Runs a scenario from block 0 to its last block and returns metrics, per-block series and the
 * health histogram. Same scenario and seed ⇒ identical result.
 *
 * @example
 * const result = runScenario(scenario, { seed: 7 });
 * result.metrics.amplification;
 */
export function runScenario(scenario: Scenario, options: BuildOptions = {}): RunResult {
  const world = buildWorld(scenario, options);
  const before = healthCounts(world.protocols);
  for (let b = 0; b < world.blocks; b++) stepBlock(world);
  return {
    scenario: world.scenarioName,
    seed: world.seed,
    blocks: world.blocks,
    blockTimeSeconds: world.clock.blockTimeSeconds,
    metrics: computeMetrics(world),
    series: world.recorder.series(),
    health: healthHistogram(before, healthCounts(world.protocols)),
  };
}
