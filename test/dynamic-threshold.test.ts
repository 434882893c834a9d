/**
 * Volatility-driven liquidation thresholds in the world: an update rescales every threshold, moves
 * every trigger price, and the trigger-price index must follow (it is rebuilt on each change).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { attribution } from '../src/attribution/cascade-generations.js';

const SMALL = ['blocks=300', 'protocols.0.borrowers.count=2000'];
const DYNAMIC = [
  'protocols.0.dynamicThreshold={referenceVolatilityAnnual: 0.8, sensitivity: 0.05, minScale: 0.9, updateEveryBlocks: 25}',
];
const load = (extra: string[]) => loadScenario('scenarios/thin-pool-shock.yaml', [...SMALL, ...extra]);

describe('dynamic thresholds on the thin-pool shock', () => {
  it('find the same liquidations with the rebuilt index as with a scan of every account', () => {
    const { scenario, dir } = load(DYNAMIC);
    const indexed = runScenario(scenario, { baseDir: dir, checkInvariants: true });
    const naive = runScenario(scenario, { baseDir: dir, scan: 'naive' });
    expect(indexed.metrics).toEqual(naive.metrics);
  });

  it('tighten during the crash: the scale falls below 1 and more accounts are liquidated than with fixed thresholds', () => {
    const fixed = runScenario(load([]).scenario);
    const { scenario } = load(DYNAMIC);
    const world = buildWorld(scenario, { attribution });
    for (let b = 0; b < world.blocks; b++) stepBlock(world);
    const protocol = world.protocols[0];
    const dynamic = protocol.dynamicThreshold;
    expect(dynamic?.changes).toBeGreaterThan(0);
    expect(dynamic?.scale).toBeLessThan(1);
    expect(dynamic?.scale).toBeGreaterThanOrEqual(0.9);
    // Every account's threshold is the set one times the scale (no tiers here).
    expect(protocol.thresholdOf(0)).toBeCloseTo(0.825 * (dynamic?.scale ?? 1), 12);
    expect(protocol.ledger.accountsLiquidated).toBeGreaterThan(fixed.metrics.accountsLiquidated);
  });
});
