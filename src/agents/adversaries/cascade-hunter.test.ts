import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../scenario/schema.js';
import { cascadeHunterSchema } from '../../scenario/schema-adversary-hunter.js';
import { buildWorld } from '../../world/build-world.js';
import { stepBlock } from '../../world/block-order.js';
import type { World } from '../../world/world.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { createCascadeHunter } from './cascade-hunter.js';
import { attribution } from '../../attribution/cascade-generations.js';

const YEAR = 365 * 86_400;

/**
 * ETH constant at 2000; a 2M USD constant-product pool (reserves 500 ETH, 1M USDC) read by a spot oracle; with
 * `withCex`, a deep off-chain market too. Borrowers with health 1.5–3 (liquidation prices ≥ 33% below) unless told.
 */
function world(
  options: { withCex?: boolean; poolFeeBps?: number; health?: { min: number; max: number }; keepers?: boolean } = {},
): World {
  const scenario: Scenario = scenarioSchema.parse({
    name: 'hunter-unit',
    seed: 3,
    blocks: 40,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 20 },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      ...(options.withCex
        ? [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1_000_000 }]
        : []),
      {
        type: 'cpamm',
        id: 'pool',
        base: 'ETH',
        quote: 'USDC',
        liquidityUsd: 2_000_000,
        feeBps: options.poolFeeBps ?? 0,
      },
    ],
    oracles: [{ id: 'spot', asset: 'ETH', kind: 'spot', sources: ['pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'spot',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        borrowers: {
          count: 300,
          collateralUsd: { median: 20_000, sigma: 0.5 },
          healthFactor: options.health ?? { min: 1.5, max: 3 },
        },
      },
    ],
    keepers: options.keepers ? [{ id: 'keeper', capitalUsd: 5_000_000, latencyBlocks: 0, priorityFeeGwei: 2 }] : [],
    arbitrageurs: options.withCex ? [{ id: 'arb', capitalUsd: 5_000_000 }] : [],
  });
  return buildWorld(scenario, { attribution });
}

const spec = (fields: Record<string, unknown>) =>
  cascadeHunterSchema.parse({ type: 'cascade-hunter', id: 'hunter', protocol: 'lend', ...fields });

function run(w: World, blocks = w.blocks): void {
  for (let b = 0; b < blocks; b++) stepBlock(w);
}

describe('createCascadeHunter', () => {
  it('names the field and the allowed ids when a referenced id does not exist', () => {
    const w = world({ withCex: true });
    expect(() => createCascadeHunter(spec({ protocol: 'nope' }), w)).toThrow(/protocol 'nope'.*allowed: lend/);
    expect(() => createCascadeHunter(spec({ pushVenue: 'dex' }), w)).toThrow(/pushVenue 'dex'.*allowed: cex, pool/);
    expect(() => createCascadeHunter(spec({ shortVenue: 'dex' }), w)).toThrow(/shortVenue 'dex'.*allowed: cex, pool/);
    expect(() =>
      cascadeHunterSchema.parse({ type: 'cascade-hunter', id: 'h', protocol: 'lend', bucketPct: 2, searchDepthPct: 1 }),
    ).toThrow(/bucketPct/);
    // 30 + 8 + 3 − 1 = 40 fits a 40-block run; one more block of holding does not.
    expect(() => createCascadeHunter(spec({ atBlock: 30, holdBlocks: 8, closeBlocks: 3 }), w)).not.toThrow();
    expect(() => createCascadeHunter(spec({ atBlock: 30, holdBlocks: 9, closeBlocks: 3 }), w)).toThrow(
      /= 41 is after the run's last block 40/,
    );
  });

  it('shorts on the deepest venue and pushes the thinnest by default', () => {
    // Depth per 1%: cex 1M USD; pool ≈ 0.5%·1M ≈ 5k USD. A 100k short on the pool alone would move it ≈ 10%.
    const w = world({ withCex: true });
    const hunter = createCascadeHunter(
      spec({ atBlock: 1, shortUsd: 100_000, onNoCluster: 'push-anyway', searchDepthPct: 1, bucketPct: 0.5 }),
      w,
    );
    w.adversaries.push(hunter);
    const pool = w.venues.find((v) => v.id === 'pool') as ConstantProductPool;
    run(w, 1);
    // The pool was pushed only to the window's bottom edge, 1% below 2000 (no fee: exactly), not 10% lower.
    expect(pool.mid()).toBeCloseTo(1980, 6);
    expect(hunter.report().details.shortUnits).toBeCloseTo(50, 12); // 100k USD at the cex mid of 2000
  });
});

describe('cascade hunter', () => {
  it('sends nothing when no bucket is a cluster and onNoCluster is skip', () => {
    const w = world();
    const hunter = createCascadeHunter(spec({ atBlock: 2 }), w);
    w.adversaries.push(hunter);
    run(w);
    const r = hunter.report();
    expect(r.executedBlock).toBeNull();
    expect([r.capitalUsd, r.borrowedUsd, r.revenueUsd, r.costUsd, r.profitUsd, r.details.clusterFound]).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(w.venues[0].mid()).toBe(2000);
  });

  it('on a fee-free pool loses exactly gas and interest: selling B and buying B back restores the reserves', () => {
    // Pool x = 500 ETH, y = 1M USDC, k = 5e8. Short 40k USD = 20 ETH, then push to 1700 (no cluster: window bottom,
    // 15% below 2000). With no fee the final mid is k/x² = 1700, so everything sold is B = √(5e8/1700) − 500 ETH
    // and it fetched y·B/(500 + B). Buying B back (fee-free, path-independent) costs the same.
    const w = world();
    const hunter = createCascadeHunter(
      spec({
        atBlock: 2,
        shortUsd: 40_000,
        maxPushUsd: 200_000,
        onNoCluster: 'push-anyway',
        holdBlocks: 10,
        closeBlocks: 3,
      }),
      w,
    );
    w.adversaries.push(hunter);
    run(w, 2);
    const B = Math.sqrt(5e8 / 1700) - 500;
    const revenue = (1e6 * B) / (500 + B);
    const gasPerTx = 600_000 * (20 + 10) * 1e-9 * 2000; // 36 USD
    const open = hunter.report();
    expect(open.executedBlock).toBe(2);
    expect(open.details.shortUnits).toBeCloseTo(20, 9);
    expect(open.details.shortUnits + open.details.pushUnits).toBeCloseTo(B, 9);
    expect(open.revenueUsd).toBeCloseTo(revenue, 6);
    expect(open.borrowedUsd).toBeCloseTo(B * 2000, 6);
    expect(open.capitalUsd).toBeCloseTo(B * 2000 * 0.5, 6);
    expect(open.details.pushReachedTarget).toBe(1);
    // Still open: the position is marked at the fundamental (no interest yet, 0 s held).
    expect(open.profitUsd).toBeCloseTo(revenue - B * 2000 - gasPerTx, 6);

    run(w, 20);
    const r = hunter.report();
    // Slices of B/3 repaid at blocks 12, 13, 14: held 120, 132, 144 s.
    const interest = (B / 3) * 2000 * 0.05 * ((120 + 132 + 144) / YEAR);
    expect(r.details.closedBlock).toBe(14);
    expect(r.details.unitsOwed).toBe(0);
    expect(r.details.buyBackUsd).toBeCloseTo(revenue, 4);
    expect(r.details.interestUsd).toBeCloseTo(interest, 9);
    expect(r.details.gasUsd).toBeCloseTo(4 * gasPerTx, 9);
    expect(r.profitUsd).toBeCloseTo(-4 * gasPerTx - interest, 4);
    expect(w.venues[0].mid()).toBeCloseTo(2000, 6);
    expect(r.protocolLossUsd).toBe(0);
  });

  it('runs each transaction once when the chain includes it a block late or twice', () => {
    const w = world();
    const hunter = createCascadeHunter(
      spec({ atBlock: 2, shortUsd: 40_000, onNoCluster: 'push-anyway', holdBlocks: 2, closeBlocks: 2 }),
      w,
    );
    w.adversaries.push(hunter);
    const chainSubmit = w.chain.submit.bind(w.chain);
    // Block 2: the attack is dropped; afterwards every transaction is included twice.
    w.chain.submit = (tx) => {
      if (w.clock.block === 2) return;
      chainSubmit(tx);
      chainSubmit(tx);
    };
    run(w, 10);
    const r = hunter.report();
    expect(r.executedBlock).toBe(3);
    // Sent again at block 3 and run there; slices due from block 3 + 2 = 5: slice 0 at 5, slice 1 at 6.
    expect(r.details.closedBlock).toBe(6);
    // Three transactions paid gas (36 USD each, see above); the duplicates did nothing.
    expect(r.details.gasUsd).toBeCloseTo(3 * 36, 9);
    expect(r.details.buyBackUsd).toBeCloseTo(r.revenueUsd, 4);
    expect(r.details.unitsOwed).toBe(0);
  });

  it('pays the pool fee twice when a fee is charged (30 bps): the round trip loses more than gas and interest', () => {
    const w = world({ poolFeeBps: 30 });
    const hunter = createCascadeHunter(
      spec({ atBlock: 2, shortUsd: 40_000, onNoCluster: 'push-anyway', holdBlocks: 2, closeBlocks: 1 }),
      w,
    );
    w.adversaries.push(hunter);
    run(w);
    const r = hunter.report();
    // Fee on the way in and out: at least 2·0.3%·(value sold at ≥ 1700) beyond gas.
    expect(r.profitUsd + r.details.gasUsd + r.details.interestUsd).toBeLessThan(
      -2 * 0.003 * r.borrowedUsd * (1700 / 2000),
    );
  });

  it('lands its push before the keepers in the same block only when it tips more than they do', () => {
    // Health 1.02–1.06: liquidation prices 1.96%–5.66% below 2000, a cluster in the 2–2.5% bucket (target 1950).
    const attackBlockLiquidations = (tip: number) => {
      const w = world({ withCex: true, keepers: true, health: { min: 1.02, max: 1.06 } });
      const hunter = createCascadeHunter(
        spec({ atBlock: 3, shortUsd: 50_000, minClusterUsd: 300_000, priorityFeeGwei: tip }),
        w,
      );
      w.adversaries.push(hunter);
      run(w, 3);
      expect(hunter.report().details.clusterPrice).toBeCloseTo(1950, 9);
      return w.protocols[0].ledger.liquidations;
    };
    expect(attackBlockLiquidations(10)).toBeGreaterThan(0);
    // Tipping 1 gwei below the keeper's 2: the keeper ran before the push, at the unpushed price.
    expect(attackBlockLiquidations(1)).toBe(0);
  });
});
