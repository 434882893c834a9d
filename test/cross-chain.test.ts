import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { checkReferences } from '../src/scenario/references.js';
import { attribution } from '../src/attribution/cascade-generations.js';

/**
 * Two chains: the main chain (12-second blocks) holds the broad ETH market, an L2 (24-second blocks) a 20M USD ETH
 * pool. ETH's fundamental drops 10% at minute 2 (within 30 seconds); the broad market follows at once, the L2 pool
 * only through the bridge: an arbitrageur buys on the main chain, bridges, and sells on the L2 once it arrives.
 */
function world(latencySeconds: number): Scenario {
  return scenarioSchema.parse({
    name: 'cross-chain',
    blocks: 200,
    chain: { nativeAsset: 'ETH', blockTimeSeconds: 12 },
    chains: [{ id: 'l2', blockTimeSeconds: 24, gasPriceGwei: 0.1 }],
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 2, dropPct: 10, dropMinutes: 0.5 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 5e6, resilienceHalfLifeSeconds: 600 },
      { type: 'cpamm', id: 'l2pool', chain: 'l2', base: 'ETH', quote: 'USDC', liquidityUsd: 20e6, feeBps: 5 },
    ],
    oracles: [{ id: 'eth', asset: 'ETH', sources: ['cex'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'eth',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        borrowers: { count: 10, collateralUsd: { median: 1000 }, healthFactor: { min: 3, max: 4 } },
      },
    ],
    bridges: [{ id: 'canonical', asset: 'ETH', from: 'main', to: 'l2', latencySeconds, capacityPerHour: 1e6 }],
    bridgeArbitrageurs: [{ id: 'xarb', bridge: 'canonical', buyVenue: 'cex', sellVenue: 'l2pool', tradeUsd: 200_000 }],
  });
}

/** First block at which the L2 pool's price has moved, and the world at the end. */
function run(latencySeconds: number) {
  const w = buildWorld(world(latencySeconds), { attribution });
  const pool = w.venues.find((v) => v.id === 'l2pool');
  const start = pool?.mid() ?? 0;
  let firstMove = -1;
  for (let b = 0; b < w.blocks; b++) {
    stepBlock(w);
    if (firstMove < 0 && (pool?.mid() ?? start) < start * (1 - 1e-9)) firstMove = w.clock.block;
    const bridge = w.bridges[0];
    // Conservation of the bridged asset at every block: locked = released + fees + in flight.
    expect(bridge.locked).toBeCloseTo(bridge.delivered + bridge.fees + bridge.inFlightUnits, 9);
  }
  return { w, firstMove };
}

describe('arbitrage across a bridge', () => {
  const shockBlock = (2 * 60) / 12; // minute 2

  it('the destination price lags by at least the bridge latency (600 s = 50 blocks), and sooner with a faster bridge', () => {
    const slow = run(600);
    const fast = run(60);
    expect(slow.firstMove).toBeGreaterThanOrEqual(shockBlock + 600 / 12);
    expect(fast.firstMove).toBeGreaterThanOrEqual(shockBlock + 60 / 12);
    expect(fast.firstMove).toBeLessThan(slow.firstMove);
    // The arbitrage did bring the L2 price down toward the market's.
    const pool = slow.w.venues.find((v) => v.id === 'l2pool');
    expect(pool?.mid()).toBeLessThan(2000 * 0.97);
  });

  it('accounts for every unit: bought = bridged + stranded, and what arrived = sold + held', () => {
    const { w } = run(600);
    const arb = w.bridgeArbitrageurs[0];
    expect(arb.bought).toBeGreaterThan(0);
    expect(arb.bought).toBeCloseTo(arb.bridged + arb.stranded, 9);
    expect(w.bridges[0].delivered).toBeCloseTo(arb.sold + arb.held, 9);
  });
});

describe('cross-chain scenario checks', () => {
  const check = (edit: (s: Record<string, unknown>) => void) => {
    const raw = structuredClone(world(600)) as unknown as Record<string, unknown>;
    edit(raw);
    return checkReferences(raw, { dir: '/s', fileExists: () => false }).map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the test world', () => {
    expect(check(() => {})).toEqual([]);
  });

  it('names the field and what is allowed', () => {
    expect(check((s) => ((s.chains as Record<string, unknown>[])[0].blockTimeSeconds = 30))).toEqual([
      'chains.0.blockTimeSeconds: must be a whole multiple of chain.blockTimeSeconds (12) (got 30)',
    ]);
    expect(check((s) => ((s.bridges as Record<string, unknown>[])[0].to = 'l3'))).toContain(
      'bridges.0.to: unknown chain "l3"; known chains: main, l2',
    );
    expect(check((s) => ((s.bridgeArbitrageurs as Record<string, unknown>[])[0].sellVenue = 'cex'))).toEqual([
      'bridgeArbitrageurs.0.sellVenue: must be a venue on chain "l2" trading ETH (got "cex")',
    ]);
  });
});

describe('a second chain with its own fee market', () => {
  it('prices and delays the destination leg on that chain: a congested L2 holds the sales back', () => {
    const congested = (spike: boolean) => {
      const s = structuredClone(world(60)) as Scenario;
      s.chains[0].feeMarket = scenarioSchema.parse({
        ...s,
        chains: [
          {
            id: 'l2',
            blockTimeSeconds: 24,
            feeMarket: {
              backgroundGas: 15e6,
              spikes: spike ? [{ startBlock: 0, endBlock: 100, multiplier: 10, tipGwei: 100 }] : [],
            },
          },
        ],
      }).chains[0].feeMarket;
      const w = buildWorld(scenarioSchema.parse(s), { attribution });
      for (let b = 0; b < w.blocks; b++) stepBlock(w);
      return { market: w.otherChains[0].chain.feeMarket, arb: w.bridgeArbitrageurs[0] };
    };
    const calm = congested(false);
    const busy = congested(true);
    // The L2's own mempool carried the sell legs: calm, at once; under the spike (background tips 100 gwei for ten
    // times the target, the arbitrageur tips 2), they wait or expire and are sent again, and land in the end.
    const calmTx = calm.market?.report().transactions.arbitrage;
    const busyTx = busy.market?.report().transactions.arbitrage;
    expect(calmTx?.maxDelayBlocks).toBe(0);
    expect(calmTx?.dropped).toBe(0);
    expect((busyTx?.maxDelayBlocks ?? 0) + (busyTx?.dropped ?? 0)).toBeGreaterThan(0);
    expect(busy.arb.sold).toBeGreaterThan(0);
  });
});

describe('keepers of a main-chain protocol', () => {
  it('sell what they seize on the main chain only, even where an L2 pool that lags would pay more', async () => {
    const { loadScenario } = await import('../src/scenario/load.js');
    const { runScenario } = await import('../src/analysis/run.js');
    // The protocol reads the main-chain market; with no bridge arbitrageur only keepers could trade on the L2 pool.
    const { scenario } = loadScenario('scenarios/cross-chain-bridge.yaml', [
      'bridgeArbitrageurs=[]',
      'oracles.0.sources=["cex"]',
    ]);
    const r = runScenario(scenario);
    expect(r.metrics.liquidations).toBeGreaterThan(0);
    const l2 = r.series.find((s) => s.name === 'venue:l2pool');
    expect(l2 && Math.min(...l2.values)).toBe(2000);
    expect(l2 && Math.max(...l2.values)).toBe(2000);
  });
});
