import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Name of the scenario `cascade run` uses when none is given. */
export const DEFAULT_SCENARIO = 'thin-pool-shock.yaml';

/** Absolute path of the shipped `scenarios/` folder (works from src/ under tsx and from dist/). */
export function shippedScenariosDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
}

/** Absolute path of the default scenario. */
export function defaultScenarioPath(): string {
  return path.join(shippedScenariosDir(), DEFAULT_SCENARIO);
}
