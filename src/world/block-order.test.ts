import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.js';
import { attribution } from '../attribution/cascade-generations.js';
import { buildWorld } from './build-world.js';
import { stepBlock } from './block-order.js';

/**
 * scenarios/uniswap-v3-crash.yaml (one TWAP oracle on the pool) with a push oracle on the same pool listed before the
 * TWAP and another after it, so the flags' order is checked as well as their values.
 */
function mixedOracles() {
  const file = path.resolve('scenarios/uniswap-v3-crash.yaml');
  const { scenario } = loadScenario(file);
  const twap = scenario.oracles[0];
  const push = (id: string) => ({ id, asset: 'ETH', sources: ['univ3'], deviationPct: 0.5, heartbeatSeconds: 3600 });
  const oracles = [push('push-first'), twap, push('push-last')];
  return loadScenario(file, [`oracles=${JSON.stringify(oracles)}`, 'blocks=20']).scenario;
}

describe('oracleStepsAtBlockStart', () => {
  it('flags exactly the TWAP oracles, in the world’s oracle order (DESIGN.md §3: TWAPs step before anything moves)', () => {
    const scenario = mixedOracles();
    const world = buildWorld(scenario, { attribution });
    expect(world.oracles.map((o) => o.id)).toEqual(['push-first', 'eth-twap', 'push-last']);
    // The rule, from the scenario: an oracle of kind twap steps at the start of the block, every other at step 4.
    const kindOf = (id: string) => scenario.oracles.find((spec) => spec.id === id)?.kind;
    const expected = world.oracles.map((o) => (kindOf(o.id) === 'twap' ? 1 : 0));
    expect(expected).toEqual([0, 1, 0]);
    expect([...world.oracleStepsAtBlockStart]).toEqual(expected);
  });

  it('every oracle is stepped once per block, whichever phase it is in', () => {
    const world = buildWorld(mixedOracles(), { attribution });
    const calls = new Map<string, number>();
    for (const oracle of world.oracles) {
      const onBlock = oracle.onBlock.bind(oracle);
      oracle.onBlock = (block, time, fundamental) => {
        calls.set(oracle.id, (calls.get(oracle.id) ?? 0) + 1);
        onBlock(block, time, fundamental);
      };
    }
    for (let b = 0; b < 5; b++) stepBlock(world);
    expect(Object.fromEntries(calls)).toEqual({ 'push-first': 5, 'eth-twap': 5, 'push-last': 5 });
  });
});
