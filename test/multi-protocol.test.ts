import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { Invariants } from '../src/analysis/metrics/invariants.js';
import { attribution } from '../src/attribution/cascade-generations.js';

/** Two lending protocols on the same ETH, sharing one pool and one market, with two oracles. */
function twoProtocols(withSecond: boolean): string {
  const second = `
  - type: lending
    id: lend-b
    collateral: ETH
    debt: USDC
    oracle: spot
    ltv: 0.85
    liquidationThreshold: 0.9
    liquidationBonus: 0.08
    borrowers: { count: 3000, collateralUsd: { median: 30000, sigma: 1 }, healthFactor: { min: 1.01, max: 1.6 } }`;
  return `
name: shared-liquidity
blocks: 400
chain: { nativeAsset: ETH }
assets:
  - { symbol: ETH, price: { model: shock, initial: 2000, startMinute: 5, dropPct: 8, dropMinutes: 20 } }
  - { symbol: USDC, price: { model: constant, initial: 1 } }
venues:
  - { type: offchain, id: cex, base: ETH, quote: USDC, depthUsdPer1Pct: 3000000, resilienceHalfLifeSeconds: 1800 }
  - { type: cpamm, id: pool, base: ETH, quote: USDC, liquidityUsd: 20000000 }
oracles:
  - { id: feed, asset: ETH, sources: [cex, pool] }
  - { id: spot, asset: ETH, sources: [pool], deviationPct: 0 }
protocols:
  - type: lending
    id: lend-a
    collateral: ETH
    debt: USDC
    oracle: feed
    ltv: 0.8
    liquidationThreshold: 0.825
    liquidationBonus: 0.05
    borrowers: { count: 3000, collateralUsd: { median: 30000, sigma: 1 }, healthFactor: { min: 1.02, max: 2 } }${withSecond ? second : ''}
keepers:
  - { id: k1, capitalUsd: 5000000 }
  - { id: k2, capitalUsd: 2000000, latencyBlocks: 2, priorityFeeGwei: 1 }
arbitrageurs:
  - { id: arb, capitalUsd: 5000000 }
`;
}

describe('several protocols sharing collateral and liquidity', () => {
  it('liquidate in both, keep every conservation law, and pass contagion from one to the other', () => {
    const both = parseScenario(twoProtocols(true), 'shared.yaml');
    const world = buildWorld(both, { attribution });
    const invariants = new Invariants(world);
    for (let b = 0; b < world.blocks; b++) {
      stepBlock(world);
      invariants.check();
    }
    const [a, b] = world.protocols;
    expect(a.ledger.liquidations).toBeGreaterThan(0);
    expect(b.ledger.liquidations).toBeGreaterThan(0);

    // Protocol A alone: its borrowers are the same accounts (same seed, same stream), yet the shared
    // venues fall less without protocol B's liquidation sales, so A loses less.
    const alone = runScenario(parseScenario(twoProtocols(false), 'alone.yaml'));
    expect(alone.metrics.marketDrawdown).toBeLessThan(runScenario(both).metrics.marketDrawdown);
    expect(alone.metrics.liquidatedDebtUsd).toBeLessThan(a.ledger.debtRepaidUsd);
  });
});
