import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { cascadeHunterSchema } from '../src/scenario/schema-adversary-hunter.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { createCascadeHunter } from '../src/agents/adversaries/cascade-hunter.js';
import type { AdversaryReport } from '../src/agents/adversaries/adversary.js';
import { attribution } from '../src/attribution/cascade-generations.js';

/**
 * Two worlds identical but for the borrowers' initial health factors. ETH is constant at 2000 (only the attack
 * moves prices); a deep off-chain market (1M USD per 1%) and a thin 2M USD constant-product pool (≈ 5k USD per 1%),
 * kept in line by an arbitrageur; the protocol prices ETH with a spot oracle on the pool, so a push in the pool
 * reaches it inside the block. One keeper with 5M USD a block, tipping 2 gwei (the hunter tips 10: it goes first).
 */
function scenario(healthFactor: { min: number; max: number }): Scenario {
  return scenarioSchema.parse({
    name: 'cascade-hunt',
    seed: 7,
    blocks: 40,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 20 },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 1_000_000,
        resilienceHalfLifeSeconds: 1800,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 2_000_000, feeBps: 30 },
    ],
    oracles: [{ id: 'pool-spot', asset: 'ETH', kind: 'spot', sources: ['pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'pool-spot',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        borrowers: { count: 1000, collateralUsd: { median: 20_000, sigma: 0.5 }, healthFactor },
      },
    ],
    keepers: [{ id: 'keeper', capitalUsd: 5_000_000, latencyBlocks: 0, priorityFeeGwei: 2 }],
    arbitrageurs: [{ id: 'arb', capitalUsd: 5_000_000 }],
  });
}

/** Dense: liquidation prices 2000/1.06 … 2000/1.02 = 1886.8 … 1960.8, i.e. 1.96%–5.66% below the market. */
const DENSE = { min: 1.02, max: 1.06 };
/** Sparse: liquidation prices at or below 2000/1.5 = 1333, 33% below: nothing within the 15% search window. */
const SPARSE = { min: 1.5, max: 3 };

/** The same hunter everywhere: attack at block 5, hold 10 blocks, buy back over 5; pushes even without a cluster. */
function attack(healthFactor: { min: number; max: number }, shortUsd: number): AdversaryReport {
  const world = buildWorld(scenario(healthFactor), { attribution });
  const spec = cascadeHunterSchema.parse({
    type: 'cascade-hunter',
    id: 'hunter',
    protocol: 'lend',
    atBlock: 5,
    shortUsd,
    maxPushUsd: 200_000,
    holdBlocks: 10,
    closeBlocks: 5,
    minClusterUsd: 500_000,
    onNoCluster: 'push-anyway',
  });
  const hunter = createCascadeHunter(spec, world);
  world.adversaries.push(hunter);
  for (let b = 0; b < world.blocks; b++) stepBlock(world);
  return hunter.report();
}

const finite = (r: AdversaryReport) =>
  [
    r.capitalUsd,
    r.borrowedUsd,
    r.revenueUsd,
    r.costUsd,
    r.profitUsd,
    r.protocolLossUsd,
    r.borrowerLossUsd,
    ...Object.values(r.details),
  ].every(Number.isFinite);

describe('cascade hunter end to end', () => {
  it('Cascade hunter: profit increases with the density of liquidation prices just below the market (two populations, same capital)', () => {
    const dense = attack(DENSE, 1_000_000);
    const sparse = attack(SPARSE, 1_000_000);
    expect(finite(dense) && finite(sparse)).toBe(true);

    // Same spec: the capital differs only by the push leg (2.5% of a 2M pool vs 15% of it, both ≤ 200k USD).
    expect(dense.capitalUsd).toBeGreaterThan(500_000);
    expect(Math.abs(dense.capitalUsd - sparse.capitalUsd)).toBeLessThan(0.1 * dense.capitalUsd);

    // Dense: 0.5% buckets; the 1.5–2% bucket holds only h ∈ [1.02, 1/0.98 = 1.0204), ~1% of 1000 accounts of
    // ~22.7k USD each (log-normal mean 20k·e^(0.5²/2)) ≈ 0.23M < 0.5M; the 2–2.5% bucket, h ∈ [1.0204, 1.0256),
    // holds ~13% ≈ 3M: the cluster, target 2000·(1 − 2.5%) = 1950. Sparse: no cluster, target the window's bottom,
    // 1700.
    expect(dense.details.clusterFound).toBe(1);
    expect(dense.details.clusterPrice).toBeCloseTo(1950, 9);
    expect(dense.details.clusterValueUsd).toBeGreaterThan(1.5e6);
    expect(dense.details.clusterValueUsd).toBeLessThan(4.5e6);
    expect(sparse.details.clusterFound).toBe(0);
    expect(sparse.details.clusterPrice).toBeCloseTo(1700, 9);
    expect(dense.details.pushReachedTarget).toBe(1);
    expect(sparse.details.pushReachedTarget).toBe(1);

    // The dense push set off liquidations; the sparse one, 15% deep, none (nobody is liquidatable above 1333).
    expect(dense.details.liquidationsDuringWindow).toBeGreaterThan(50);
    expect(sparse.details.liquidationsDuringWindow).toBe(0);
    // Its victims: borrowers liquidated (penalties), and no bad debt in either book.
    expect(dense.borrowerLossUsd).toBeGreaterThan(0);
    expect(dense.borrowerLossUsd).toBe(dense.details.penaltiesUsdDuringWindow);
    expect(dense.protocolLossUsd).toBe(dense.details.badDebtUsdDuringWindow);
    expect(sparse.protocolLossUsd + sparse.borrowerLossUsd).toBe(0);

    // The headline: the same attack pays off against the dense book and loses money against the sparse one.
    expect(dense.profitUsd).toBeGreaterThan(sparse.profitUsd);
    expect(dense.profitUsd).toBeGreaterThan(0);
    expect(sparse.profitUsd).toBeLessThan(0);
  });

  it('beats the sparse book at every short size (capital vs profit)', () => {
    for (const shortUsd of [250_000, 2_000_000]) {
      const dense = attack(DENSE, shortUsd);
      const sparse = attack(SPARSE, shortUsd);
      expect(dense.profitUsd).toBeGreaterThan(sparse.profitUsd);
      expect(sparse.details.liquidationsDuringWindow).toBe(0);
      // Margin posted = borrowed value at 2000 × 0.5, and the short alone borrows shortUsd.
      expect(dense.capitalUsd).toBeCloseTo(dense.borrowedUsd * 0.5, 6);
      expect(dense.borrowedUsd).toBeGreaterThan(shortUsd);
    }
  });
});
