import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { runScenario } from '../../src/analysis/run.js';
import { Invariants } from '../../src/analysis/metrics/invariants.js';
import { LiquityStabilityPoolLiquidation } from '../../src/protocol/mechanisms/liquity-pool.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

const POOL_USD = 300_000;
const SELL_SHARE = 0.5;

/**
 * 300 troves (collateral median 20k USD; ICR at the start 1.0/0.825 = 1.21 to 1.8/0.825 = 2.18, TCR ≈ 1.7),
 * ETH falling 20% from minute 2 to minute 22: TCR crosses 150% (recovery mode) and far more debt falls below
 * 110% than the 300k USD Stability Pool can absorb. A third of the owners top up.
 */
function liquityScenario(): Scenario {
  return scenarioSchema.parse({
    name: 'liquity-e2e',
    seed: 3,
    blocks: 300,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 20 },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 2, dropPct: 20, dropMinutes: 20 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 2_000_000,
        resilienceHalfLifeSeconds: 600,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 4_000_000 },
    ],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex', 'pool'], delayBlocks: 1 }],
    protocols: [
      {
        type: 'lending',
        id: 'liquity',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        liquidationRule: { type: 'liquity-v1', stabilityPoolUsd: POOL_USD, depositorsSellShare: SELL_SHARE },
        borrowers: {
          count: 300,
          collateralUsd: { median: 20_000, sigma: 1 },
          healthFactor: { min: 1.0, max: 1.8 },
          topUp: { share: 0.3, belowHealth: 1.05, targetHealth: 1.2, reserveShare: 0.2 },
        },
      },
    ],
    keepers: [
      { id: 'fast', capitalUsd: 1_000_000, latencyBlocks: 0 },
      { id: 'slow', capitalUsd: 1_000_000, latencyBlocks: 2, priorityFeeGwei: 1 },
    ],
    arbitrageurs: [{ id: 'arb', capitalUsd: 2_000_000 }],
  });
}

describe('Liquity v1 in a world: Stability Pool, then redistribution, recovery mode in a deep shock', () => {
  // The same steps runScenario takes, kept by hand so the mechanism's history can be read; invariants every block.
  const world = buildWorld(liquityScenario(), { attribution });
  const invariants = new Invariants(world);
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants.check();
  }
  const protocol = world.protocols[0];
  const mechanism = protocol.mechanism as LiquityStabilityPoolLiquidation;
  const { history, stats } = mechanism;
  const { ledger } = protocol;

  it('offsets the first liquidations against the pool until it is empty, then redistributes', () => {
    expect(history.length).toBeGreaterThanOrEqual(10);
    const firstRedistributed = history.findIndex((h) => h.debtRedistributed > 0);
    expect(firstRedistributed).toBeGreaterThan(0);
    // Before: the pool absorbed every debt whole; from the one that emptied it on, nothing is offset.
    for (const h of history.slice(0, firstRedistributed)) {
      expect(h.debtOffset).toBeGreaterThan(0);
      expect(h.debtRedistributed).toBe(0);
    }
    for (const h of history.slice(firstRedistributed + 1)) expect(h.debtOffset).toBe(0);
    expect(history.length - firstRedistributed).toBeGreaterThanOrEqual(3);
    // Depositors lost exactly the pool: 300k LUSD burnt, counted as debt repaid.
    expect(mechanism.pool.totalDeposits).toBe(0);
    const offset = history.reduce((s, h) => s + h.debtOffset, 0);
    expect(offset).toBeCloseTo(POOL_USD, 6);
    expect(ledger.debtRepaidUsd).toBeCloseTo(POOL_USD, 6);
    expect(ledger.debtRedistributed).toBeCloseTo(
      history.reduce((s, h) => s + h.debtRedistributed, 0),
      6,
    );
    expect(ledger.badDebtUsd).toBe(0);
  });

  it('enters recovery mode and liquidates troves above 110% there, with the surplus left to their owners', () => {
    // The shock starts at minute 2 (block 10); recovery mode comes with it, not before.
    expect(stats.firstRecoveryBlock).toBeGreaterThan(10);
    expect(stats.recoveryBlocks).toBeGreaterThan(0);
    expect(history.some((h) => h.kind === 'recoveryOffset')).toBe(true);
    const capped = history.filter((h) => h.kind === 'recoveryCapped');
    expect(capped.length).toBeGreaterThan(0);
    for (const h of capped) expect(h.block).toBeGreaterThanOrEqual(stats.firstRecoveryBlock);
    expect(ledger.collateralReturned).toBeGreaterThan(0);
    // Before recovery mode, only normal-mode liquidations (ICR < 110%); recovery branches only from then on.
    const early = history.filter((h) => h.block < stats.firstRecoveryBlock);
    expect(early.length).toBeGreaterThan(0);
    for (const h of early) expect(h.kind).toBe('normal');
    for (const h of history)
      if (h.kind.startsWith('recovery')) expect(h.block).toBeGreaterThanOrEqual(stats.firstRecoveryBlock);
  });

  it('pays keepers the gas compensation and lets depositors sell their share of the gains', () => {
    // Every trove here owes more than 200 LUSD, so each liquidation pays the full 200 USD reserve.
    for (const h of history) expect(h.debtOffset + h.debtRedistributed).toBeGreaterThan(200);
    const incentives = world.keepers.reduce((s, k) => s + k.incentivesUsd, 0);
    expect(incentives).toBeCloseTo(200 * history.length, 6);
    expect(ledger.keeperIncentivesUsd).toBeCloseTo(200 * history.length, 6);
    expect(world.keepers.reduce((s, k) => s + k.liquidations, 0)).toBe(history.length);
    expect(stats.collateralToDepositors).toBeCloseTo(ledger.collateralToStabilityPool, 9);
    expect(stats.depositorCollateralSold).toBeCloseTo(SELL_SHARE * ledger.collateralToStabilityPool, 9);
    expect(stats.depositorProceedsUsd).toBeGreaterThan(0);
    // Owners topped up during the run, and the troves picked it up (the invariants held every block).
    expect(ledger.topUps).toBeGreaterThan(0);
  });

  it('runs the same through runScenario with invariants on', () => {
    const result = runScenario(liquityScenario(), { checkInvariants: true });
    expect(result.metrics.liquidations).toBe(history.length);
    expect(result.metrics.keeperIncentivesUsd).toBeCloseTo(200 * history.length, 6);
    expect(result.metrics.badDebtUsd).toBe(0);
  });
});
