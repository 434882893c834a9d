import type { Recorder } from './recorder.js';
import type { WorldParts } from './world-parts.js';

export type { AssetState, WorldParts } from './world-parts.js';

/**
 * One simulation instance. Everything the model touches hangs off the world; nothing is global,
 * so two worlds in one process never interfere. Built by `buildWorld` from a validated scenario.
 */
export interface World extends WorldParts {
  readonly recorder: Recorder;
}
