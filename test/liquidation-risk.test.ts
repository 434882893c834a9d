// Liquidation risk of hand-built worlds whose answers follow from the scenario: which health buckets a deterministic
// gap liquidates, how many blocks a per-block call limit keeps saturated, and when a crash that reverses at a known
// block has recovered.
import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { runForMetrics, runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';

const ETH = 2000;
const LT = 0.825;
const COLLATERAL_USD = 10_000;
/** Debt of an account with COLLATERAL_USD of collateral at health factor h: h = collateral·LT / debt. */
const debtAt = (h: number) => (COLLATERAL_USD * LT) / h;

/** A 12 s chain, ETH shocked by `dropPct` at minute 1.1 (block 6, t = 72 s, the first block at or after 66 s). */
function world(options: {
  dropPct: number;
  /** Health factors of the lending protocols' single accounts (one protocol each), or one protocol's `count` accounts.
   * */
  protocols: { health: number; count?: number }[];
  maxLiquidationsPerBlock?: number;
  /** Keepers, each with this call allowance (default one keeper). */
  keepers?: number;
  /** Fee market with this block gas limit and no background demand (default none). */
  gasLimit?: number;
  /** Minutes at the bottom before an instant full recovery (none: the price stays down). */
  holdMinutes?: number;
  blocks?: number;
}): Scenario {
  const recovery =
    options.holdMinutes === undefined ? {} : { holdMinutes: options.holdMinutes, recoveryPct: 100, recoveryMinutes: 0 };
  return scenarioSchema.parse({
    name: 'liquidation-risk',
    seed: 1,
    blocks: options.blocks ?? 30,
    chain: {
      blockTimeSeconds: 12,
      gasPriceGwei: 0,
      nativeAsset: 'ETH',
      ...(options.gasLimit === undefined
        ? {}
        : { feeMarket: { mode: 'first-price', gasLimit: options.gasLimit, backgroundGas: 0 } }),
    },
    assets: [
      {
        symbol: 'ETH',
        price: {
          model: 'shock',
          initial: ETH,
          startMinute: 1.1,
          dropPct: options.dropPct,
          dropMinutes: 0,
          ...recovery,
        },
      },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 100_000_000,
        impact: 'linear',
        resilienceHalfLifeSeconds: 60,
      },
    ],
    // Under a fee market every answer is a transaction that takes block gas: a 1% deviation threshold makes the drop
    // the only update (the sales move the market by under 0.001%).
    oracles: [
      { id: 'o', asset: 'ETH', sources: ['cex'], deviationPct: options.gasLimit === undefined ? 0 : 1, delayBlocks: 0 },
    ],
    protocols: options.protocols.map((p, k) => ({
      type: 'lending',
      id: `lend-${k}`,
      collateral: 'ETH',
      debt: 'USDC',
      oracle: 'o',
      ltv: 0.8,
      liquidationThreshold: LT,
      borrowers: {
        count: p.count ?? 1,
        collateralUsd: { median: COLLATERAL_USD, sigma: 0 },
        healthFactor: { min: p.health, max: p.health },
      },
    })),
    keepers: Array.from({ length: options.keepers ?? 1 }, (_, k) => ({
      id: `k${k}`,
      capitalUsd: 10_000_000,
      minProfitUsd: 0,
      latencyBlocks: 0,
      maxLiquidationsPerBlock: options.maxLiquidationsPerBlock ?? 100,
    })),
  });
}

describe('liquidation probability curve of one run', () => {
  // A 20% gap liquidates exactly the accounts whose liquidation price 2000/h is above 1600: h < 1/0.8 = 1.25. The
  // market is 100M USD deep per 1%, so the sales move it by under 0.001% and liquidate nobody else.
  const healths = [1.02, 1.07, 1.15, 1.22, 1.3, 1.4, 1.7, 2.5, 4];
  const result = runScenario(world({ dropPct: 20, protocols: healths.map((health) => ({ health })) }));
  const curve = result.liquidationRisk!.curve;

  it('counts each account in its block-0 bucket and liquidates exactly those below 1.25', () => {
    // Buckets: < 1, [1, 1.05), [1.05, 1.1), [1.1, 1.2), [1.2, 1.35), [1.35, 1.5), [1.5, 2), [2, 3), ≥ 3.
    expect(curve.edges).toEqual([1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3]);
    expect(curve.lending.map((b) => b.accounts)).toEqual([0, 1, 1, 1, 2, 1, 1, 1, 1]);
    expect(curve.lending.map((b) => b.liquidated)).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('weights the mixed bucket by block-0 debt', () => {
    // [1.2, 1.35) holds h = 1.22 (liquidated) and h = 1.3 (not): debt share of the first.
    const bucket = curve.lending[4];
    const expected = debtAt(1.22) / (debtAt(1.22) + debtAt(1.3));
    expect(bucket.weightUsd).toBeCloseTo(debtAt(1.22) + debtAt(1.3), 6);
    expect(bucket.liquidatedWeightUsd / bucket.weightUsd).toBeCloseTo(expected, 9);
  });

  it('gives a mc path the same counts as a run', () => {
    const path = runForMetrics(world({ dropPct: 20, protocols: healths.map((health) => ({ health })) }));
    expect(path.liquidationRisk.curve).toEqual(curve);
  });
});

describe('saturation of liquidation throughput', () => {
  // Five identical accounts at h = 1.05; a 10% gap puts them at 0.945 < 0.95, where Aave v3's close factor is 100%,
  // and collateral / debt = 0.945/0.825 > 1 + bonus, so one call clears an account. With 2 calls per block the keeper
  // clears 2, 2, 1 in blocks 6, 7, 8: blocks 6 and 7 end with 3 and 1 accounts waiting while the keeper used its whole
  // allowance; block 8 ends with none.
  const m = 5;
  const k = 2;
  const result = runScenario(
    world({ dropPct: 10, protocols: [{ health: 1.05, count: m }], maxLiquidationsPerBlock: k, holdMinutes: 2 }),
  );
  const { saturation, recovery } = result.liquidationRisk!;

  it('counts ⌈m/k⌉ − 1 saturated blocks in one run, and the backlog they left', () => {
    expect(result.metrics.liquidations).toBe(m);
    expect(saturation.saturatedBlocks).toBe(Math.ceil(m / k) - 1);
    expect(saturation.firstSaturatedBlock).toBe(6);
    expect(saturation.longestSaturatedRunBlocks).toBe(2);
    expect(saturation.peakSaturatedBacklogUsd).toBeCloseTo((m - k) * debtAt(1.05), 6);
    expect(saturation.backlogBlocks).toBe(2);
    expect(saturation.peakDemandUsd).toBeCloseTo(m * debtAt(1.05), 6);
  });

  it('counts the same blocks when the block gas limit, not the keeper, allows k calls per block', () => {
    // Five keepers of one call each (400,000 gas, the default) and a block gas limit of k · 400,000 with no background
    // demand: k transactions fit per block, the others wait in the mempool. Under a fee market the oracle's answer is
    // itself a transaction: the drop lands in block 6 and keepers act from block 7, the oracle sending nothing more.
    // Blocks 7 and 8 each serve k accounts and end with 3 and 1 waiting; block 9 serves the last one.
    const gas = runScenario(
      world({
        dropPct: 10,
        protocols: [{ health: 1.05, count: m }],
        keepers: m,
        maxLiquidationsPerBlock: 1,
        gasLimit: k * 400_000,
      }),
    );
    expect(gas.metrics.liquidations).toBe(m);
    const s = gas.liquidationRisk!.saturation;
    expect(s.saturatedBlocks).toBe(Math.ceil(m / k) - 1);
    expect(s.firstSaturatedBlock).toBe(7);
    expect(s.longestSaturatedRunBlocks).toBe(2);
    expect(s.peakSaturatedBacklogUsd).toBeCloseTo((m - k) * debtAt(1.05), 6);
    expect(gas.liquidationRisk!.recovery.firstLiquidationBlock).toBe(7);
    expect(gas.liquidationRisk!.recovery.lastLiquidationBlock).toBe(9);
  });

  it('is not saturated when the allowance covers the demand', () => {
    const free = runScenario(
      world({ dropPct: 10, protocols: [{ health: 1.05, count: m }], maxLiquidationsPerBlock: m }),
    );
    expect(free.liquidationRisk!.saturation.saturatedBlocks).toBe(0);
    expect(free.liquidationRisk!.saturation.backlogBlocks).toBe(0);
  });

  it('times recovery from the first liquidation to the reversal of the crash', () => {
    // First liquidation: block 6. At-risk debt is back to 0 (within 0.1% of the block-0 debt) from block 8 on. The
    // price jumps back after 2 minutes at the bottom: at 66 + 120 = 186 s, so from block 16 (192 s) the oracle is
    // within 2% of 2000 (the sales' impact, under 0.001%, has decayed for 8 blocks besides).
    expect(recovery.status).toBe('recovered');
    expect(recovery.firstLiquidationBlock).toBe(6);
    expect(recovery.lastLiquidationBlock).toBe(8);
    expect(recovery.clearedBlock).toBe(8);
    expect(recovery.blocksToClear).toBe(2);
    expect(recovery.recoveredBlock).toBe(16);
    expect(recovery.blocksToRecovery).toBe(10);
    expect(recovery.minutesToRecovery).toBeCloseTo((10 * 12) / 60, 12);
  });

  it('reports a crash that never reverses as not recovered, with no stand-in number', () => {
    const down = runScenario(
      world({ dropPct: 10, protocols: [{ health: 1.05, count: m }], maxLiquidationsPerBlock: k }),
    );
    const r = down.liquidationRisk!.recovery;
    expect(r.status).toBe('cleared');
    expect(r.blocksToClear).toBe(2);
    expect(r.recoveredBlock).toBeNull();
    expect(r.blocksToRecovery).toBeNull();
    expect(r.minutesToRecovery).toBeNull();
  });

  it('reports no liquidation as such', () => {
    const calm = runScenario(world({ dropPct: 10, protocols: [{ health: 2 }] }));
    const r = calm.liquidationRisk!.recovery;
    expect(r.status).toBe('no-liquidations');
    expect([r.firstLiquidationBlock, r.clearedBlock, r.recoveredBlock, r.minutesToClear]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('the curve agrees with the ledgers on the shipped worlds', () => {
  // Every account with debt (perp: trader with a position) is in one bucket, and the ledgers count each account
  // liquidated once: the buckets must add up to the run's `accounts` and `accountsLiquidated`.
  const sum = (buckets: { accounts: number; liquidated: number }[]) =>
    buckets.reduce((s, b) => ({ accounts: s.accounts + b.accounts, liquidated: s.liquidated + b.liquidated }), {
      accounts: 0,
      liquidated: 0,
    });

  it('lending: thin-pool-shock', () => {
    const { scenario, dir } = loadScenario('scenarios/thin-pool-shock.yaml', ['blocks=300']);
    const result = runScenario(scenario, { baseDir: dir });
    expect(sum(result.liquidationRisk!.curve.lending)).toEqual({
      accounts: result.metrics.accounts,
      liquidated: result.metrics.accountsLiquidated,
    });
    expect(result.metrics.accountsLiquidated).toBeGreaterThan(0);
  });

  it('perp: perp-long-crash', () => {
    const { scenario, dir } = loadScenario('scenarios/perp-long-crash.yaml', [
      'blocks=300',
      'protocols.0.traders.count=2000',
    ]);
    const result = runScenario(scenario, { baseDir: dir });
    expect(sum(result.liquidationRisk!.curve.perp!)).toEqual({
      accounts: result.metrics.accounts,
      liquidated: result.metrics.accountsLiquidated,
    });
    expect(result.metrics.accountsLiquidated).toBeGreaterThan(0);
  });
});
