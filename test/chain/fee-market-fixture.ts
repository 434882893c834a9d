import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';

/** Knobs of the fee-market test world. */
export interface FeeWorldKnobs {
  /** Background demand multiplier of a spike over blocks 20–200 (1 = no spike). */
  spike?: number;
  /** Tip background users bid during the spike, gwei. */
  spikeTipGwei?: number;
  oracleMaxFeeGwei?: number;
  keeperMaxFeeGwei?: number;
  topUpMaxFeeGwei?: number;
  /** Keepers' gas bidding and how many of them there are. */
  gasBidding?: 'fixed' | 'pga';
  keepers?: number;
  oevProtocolShare?: number;
  mode?: 'eip1559' | 'first-price';
  /** Master seed (default 3). */
  seed?: number;
  /** Borrowers (default 2,000). */
  borrowers?: number;
  /** USD in the ETH/USDC pool (default 3M). */
  poolLiquidityUsd?: number;
  /** ETH's fall, percent (default 12). */
  dropPct?: number;
  /** Keepers' latency in blocks, by keeper (default 0 for all): unequal latencies make unequal rivals. */
  latencyBlocks?: readonly number[];
}

/**
 * ETH falls 12% from minute 4 over 20 minutes (12-second blocks, 300 blocks); a 3M USD pool and an off-chain
 * market; 2,000 Aave-like borrowers, a third of whom top up; a push oracle on both venues; a fee market whose
 * background demand fills half a block at 20 gwei, with an optional spike over blocks 20–200.
 */
export function feeWorld(k: FeeWorldKnobs = {}): Scenario {
  const spike = k.spike ?? 1;
  return scenarioSchema.parse({
    name: 'fee-market',
    seed: k.seed ?? 3,
    blocks: 300,
    chain: {
      nativeAsset: 'ETH',
      feeMarket: {
        mode: k.mode ?? 'eip1559',
        gasLimit: 30_000_000,
        initialBaseFeeGwei: 20,
        backgroundGas: 15_000_000,
        backgroundTipGwei: 1,
        spikes:
          spike === 1 ? [] : [{ startBlock: 20, endBlock: 200, multiplier: spike, tipGwei: k.spikeTipGwei ?? 30 }],
      },
    },
    assets: [
      {
        symbol: 'ETH',
        price: { model: 'shock', initial: 2000, startMinute: 4, dropPct: k.dropPct ?? 12, dropMinutes: 20 },
      },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 1_500_000,
        // The law the figures in docs/chain-and-mev.md were measured on (the world is about gas, not impact).
        impact: 'linear',
        resilienceHalfLifeSeconds: 900,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: k.poolLiquidityUsd ?? 3_000_000 },
    ],
    oracles: [{ id: 'eth-usd', asset: 'ETH', sources: ['cex', 'pool'], updateTx: { maxFeeGwei: k.oracleMaxFeeGwei } }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'eth-usd',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        liquidationBonus: 0.05,
        ...(k.oevProtocolShare === undefined ? {} : { oevAuction: { protocolShare: k.oevProtocolShare } }),
        borrowers: {
          count: k.borrowers ?? 2000,
          collateralUsd: { median: 30_000, sigma: 1 },
          healthFactor: { min: 1.03, max: 2 },
          topUp: {
            share: 0.3,
            belowHealth: 1.05,
            targetHealth: 1.25,
            reserveShare: 0.3,
            maxFeeGwei: k.topUpMaxFeeGwei,
          },
        },
      },
    ],
    keepers: Array.from({ length: k.keepers ?? 2 }, (_, n) => ({
      id: `k${n + 1}`,
      capitalUsd: 2_000_000,
      minProfitUsd: 10,
      priorityFeeGwei: 2,
      latencyBlocks: k.latencyBlocks?.[n] ?? 0,
      gasBidding: k.gasBidding ?? 'fixed',
      maxFeeGwei: k.keeperMaxFeeGwei,
    })),
    arbitrageurs: [{ id: 'arb', capitalUsd: 3_000_000 }],
  });
}
