// The shipped uniswap-v3 scenario in a world: the TWAP reads the pool's accumulator, LPs withdraw, series and report
// agree.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { attribution } from '../src/attribution/cascade-generations.js';
import { UniswapV3Pool } from '../src/market/venues/uniswap-v3.js';
import { uniswapV3Reports } from '../src/analysis/metrics/uniswap-v3-report.js';

const file = path.resolve('scenarios/uniswap-v3-crash.yaml');

describe('uniswap-v3-crash world', () => {
  it('publishes 1.0001^(Δ tickCumulative / window) from the pool, and LPs withdraw as the price falls', () => {
    const scenario = structuredClone(loadScenario(file).scenario);
    scenario.blocks = 420; // through the fundamental's fall (minutes 10 to 70)
    const lending = scenario.protocols[0];
    if (lending.type === 'lending' && !('file' in lending.borrowers)) lending.borrowers.count = 500;
    const world = buildWorld(scenario, { attribution });
    const pool = world.venues.find((v): v is UniswapV3Pool => v instanceof UniswapV3Pool) as UniswapV3Pool;
    const twap = world.oracles[0];
    let checked = 0;
    for (let b = 0; b < scenario.blocks; b++) {
      stepBlock(world);
      const t = world.clock.timeSeconds;
      if (t < 1800) continue;
      // The TWAP read observe([1800, 0]) at the start of the block. The block's first action on the pool wrote the
      // observation at t with the tick from before it, so the pool's cumulatives at t are still those it read.
      const meanTick = (pool.tickCumulativeAt(0, t) - pool.tickCumulativeAt(1800, t)) / 1800;
      expect(twap.price).toBe(1.0001 ** meanTick);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(200);
    const report = uniswapV3Reports(world)[0];
    expect(report.withdrawals).toBeGreaterThan(0);
    expect(report.depthMinUsd).toBeLessThan(report.depthStartUsd / 10);
    const withdrawn = world.recorder.column('v3:univ3:withdrawnUsd') as Float64Array;
    expect(withdrawn[0]).toBe(0);
    expect(Math.max(...withdrawn)).toBe(report.withdrawnPeakUsd);
    // The oracle moved with the pool, not with the exogenous price it never sees.
    expect(twap.price).toBeLessThan(2000 * 0.9);
  });
});
