// The one interface every margin engine (lending and CDP, cross-asset lending, perpetual futures) shows the world
// and its keepers. A new family implements it in its own folder and adds one entry to src/world/engine-registry.ts.

/** A family of margin engines: the scenario's `protocols[].type`. */
export type EngineKind = 'lending' | 'cross-lending' | 'perp';

/**
 * A margin engine as the block order and keepers see it. Step 5 of every block calls {@link refresh} then
 * {@link step} on each engine, in the world's engine order; keepers then act on the accounts it lists as
 * {@link liquidatable}, while {@link liquidationsAllowed}.
 *
 * @example
 * engine.refresh(block, timeSeconds); // oracle prices, unsafe accounts
 * engine.step(block);                 // time-driven work: auction clocks, a perp engine's own liquidations
 * if (engine.liquidationsAllowed()) for (const i of engine.liquidatable) … // a keeper's calls
 */
export interface MarginEngine {
  /** Its family (the scenario protocol type it was built from). */
  readonly kind: EngineKind;
  readonly id: string;
  /** Step 5: reads its oracles at `timeSeconds` and lists the accounts liquidatable at their prices. */
  refresh(block: number, timeSeconds: number): void;
  /**
   * Step 5, after {@link refresh}: time-driven work before keepers act (auctions run their clocks; a perp engine
   * closes the accounts under maintenance itself; nothing for a cross-asset pool).
   */
  step(block: number): void;
  /** Whether keepers may liquidate now (no circuit-breaker pause, no frozen stale oracle). */
  liquidationsAllowed(): boolean;
  /** Accounts a keeper may liquidate now, in the order it visits them (empty when the engine liquidates itself). */
  readonly liquidatable: readonly number[];
}
