import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.js';
import { attribution } from '../attribution/cascade-generations.js';
import { enginesOfKind } from '../protocol/engine-kinds.js';
import { buildWorld } from './build-world.js';
import { stepBlock } from './block-order.js';
import { ENGINE_KINDS } from './engine-registry.js';

/**
 * scenarios/cross-collateral-shock.yaml with a perp exchange listed first and a lending market listed last: the
 * world's engine list is still lending, cross-asset, perp (the registry's order, DESIGN.md §3 step 5).
 */
function threeFamilies() {
  const file = path.resolve('scenarios/cross-collateral-shock.yaml');
  const cross = loadScenario(file).scenario.protocols[0];
  const perp = {
    type: 'perp',
    id: 'perp-dex',
    quote: 'USDC',
    marginMode: 'isolated',
    markets: [
      {
        id: 'ETH-PERP',
        asset: 'ETH',
        indexOracle: 'eth-usd',
        markOracle: 'eth-usd',
        venue: 'cex-eth',
        initialMarginFraction: 0.04,
        maintenanceMarginFraction: 0.02,
        liquidationFeeFraction: 0.005,
      },
    ],
    liquidation: { mode: 'full' },
    insuranceFundUsd: 1e6,
    lossMode: 'socialise',
    traders: { count: 200, notionalUsd: { median: 20000, sigma: 1 }, leverage: { min: 3, max: 10 }, longShare: 0.7 },
  };
  const lend = {
    type: 'lending',
    id: 'lend',
    collateral: 'ETH',
    debt: 'USDC',
    oracle: 'eth-usd',
    ltv: 0.8,
    liquidationThreshold: 0.825,
    borrowers: { count: 200, collateralUsd: { median: 20000, sigma: 1 }, healthFactor: { min: 1.02, max: 1.6 } },
  };
  const { scenario } = loadScenario(file, [`protocols=${JSON.stringify([perp, cross, lend])}`, 'blocks=5']);
  return buildWorld(scenario, { attribution });
}

describe('engine registry', () => {
  it('lists the families in step-5 order', () => {
    expect(ENGINE_KINDS).toEqual(['lending', 'cross-lending', 'perp']);
  });

  it('holds every family in one list, lending then cross-asset then perp, whatever the scenario order', () => {
    const world = threeFamilies();
    expect(world.engines.map((e) => [e.kind, e.id])).toEqual([
      ['lending', 'lend'],
      ['cross-lending', 'pool'],
      ['perp', 'perp-dex'],
    ]);
    expect(world.protocols).toEqual(enginesOfKind(world, 'lending'));
    expect(world.protocols[0]).toBe(world.engines[0]);
    expect(enginesOfKind(world, 'perp')[0]).toBe(world.engines[2]);
  });

  it('steps each engine once per block at step 5: refresh, then its time-driven step, in engine order', () => {
    const world = threeFamilies();
    const calls: string[] = [];
    for (const engine of world.engines) {
      const { refresh, step } = engine;
      Object.assign(engine, {
        refresh: (block: number, time: number) => (
          calls.push(`${engine.id}:refresh`),
          refresh.call(engine, block, time)
        ),
        step: (block: number) => (calls.push(`${engine.id}:step`), step.call(engine, block)),
      });
    }
    stepBlock(world);
    expect(calls).toEqual([
      'lend:refresh',
      'lend:step',
      'pool:refresh',
      'pool:step',
      'perp-dex:refresh',
      'perp-dex:step',
    ]);
  });
});
