// The margin-engine families a world can hold, keyed by scenario protocol type: a new family is its folder under
// src/protocol plus one entry here.
import type { Scenario } from '../scenario/schema.js';
import type { EngineKind, MarginEngine } from '../protocol/engine.js';
import type { EngineOfKind } from '../protocol/engine-kinds.js';
import { buildLendingProtocol } from './build-lending.js';
import { buildCrossProtocol } from './build-cross.js';
import { buildPerpProtocol } from './build-perp.js';
import type { EngineContext } from './engine-context.js';

/** The scenario entry of each family. */
type SpecOf<K extends EngineKind> = Extract<Scenario['protocols'][number], { type: K }>;

/** Builds one engine of family K at block 0 from its scenario entry. */
type EngineBuilder<K extends EngineKind> = (spec: SpecOf<K>, context: EngineContext) => EngineOfKind[K];

/**
 * Each family's builder, in step-5 order: every lending protocol (scenario order), then the cross-asset pools, then
 * the perpetual exchanges. The world's engine list, and so the block order, follows this order.
 */
const ENGINE_BUILDERS: { readonly [K in EngineKind]: EngineBuilder<K> } = {
  lending: buildLendingProtocol,
  'cross-lending': buildCrossProtocol,
  perp: buildPerpProtocol,
};

/** The families in step-5 order (the order of {@link ENGINE_BUILDERS}). */
export const ENGINE_KINDS = Object.keys(ENGINE_BUILDERS) as readonly EngineKind[];

/**
 * Every margin engine of the scenario, family by family in {@link ENGINE_KINDS} order, each family in scenario
 * order.
 *
 * @example const engines = buildEngines(scenario, context); // lending…, cross-lending…, perp…
 */
export function buildEngines(scenario: Scenario, context: EngineContext): MarginEngine[] {
  const engines: MarginEngine[] = [];
  for (const kind of ENGINE_KINDS) {
    const build = ENGINE_BUILDERS[kind] as EngineBuilder<EngineKind>;
    for (const spec of scenario.protocols)
      if (spec.type === kind) engines.push(build(spec as SpecOf<EngineKind>, context));
  }
  return engines;
}
