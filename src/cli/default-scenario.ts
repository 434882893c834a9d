import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Name of the scenario `cascade run`, `compare` and `map` use when none is given: one fixed 10% shock. */
export const DEFAULT_SCENARIO = 'thin-pool-shock.yaml';

/**
 * Name of the scenario `cascade mc`, `sweep` and `frontier` use when none is given: the same world with a
 * random market (a log-normal drop size and price noise), so a Monte Carlo path redraws the market as well
 * as the borrowers.
 */
export const DEFAULT_MC_SCENARIO = 'thin-pool-random-shock.yaml';

/** Absolute path of the shipped `scenarios/` folder (works from src/ under tsx and from dist/). */
export function shippedScenariosDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
}

/** Absolute path of the default scenario of single runs. */
export function defaultScenarioPath(): string {
  return path.join(shippedScenariosDir(), DEFAULT_SCENARIO);
}

/** Absolute path of the default scenario of Monte Carlo batches (mc, sweep, frontier). */
export function defaultMcScenarioPath(): string {
  return path.join(shippedScenariosDir(), DEFAULT_MC_SCENARIO);
}
