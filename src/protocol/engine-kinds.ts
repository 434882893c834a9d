// A world's margin engines by family: the typed filter analysis, report and set-up code use to read one family.
import type { EngineKind, MarginEngine } from './engine.js';
import type { LendingProtocol } from './lending/lending-protocol.js';
import type { CrossLendingProtocol } from './cross/cross-protocol.js';
import type { PerpProtocol } from './perp/perp-protocol.js';

/** The engine class of each family (the scenario protocol type it is built from). */
export interface EngineOfKind {
  lending: LendingProtocol;
  'cross-lending': CrossLendingProtocol;
  perp: PerpProtocol;
}

/**
 * The engines of one family, in engine order (a new array: for set-up and reports, not per block).
 *
 * @example const perps = ofKind(world.engines, 'perp');
 */
export function ofKind<K extends EngineKind>(engines: readonly MarginEngine[], kind: K): EngineOfKind[K][] {
  return engines.filter((engine) => engine.kind === kind) as EngineOfKind[K][];
}

/**
 * A world's engines of one family, in engine order (a new array: for set-up and reports, not per block).
 *
 * @example for (const perp of enginesOfKind(world, 'perp')) perp.report();
 */
export function enginesOfKind<K extends EngineKind>(
  world: { readonly engines: readonly MarginEngine[] },
  kind: K,
): EngineOfKind[K][] {
  return ofKind(world.engines, kind);
}
