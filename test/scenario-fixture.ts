import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';

/** Knobs of a small random scenario for property tests. */
export interface SmallScenarioKnobs {
  seed: number;
  borrowers: number;
  blocks: number;
  dropPct: number;
  depthUsdPer1Pct: number;
  poolLiquidityUsd: number;
  liquidationBonus: number;
  closeFactor: number;
  healthMin: number;
  topUpShare: number;
  oracleDelayBlocks: number;
  keeperCapitalUsd: number;
  gasPriceGwei: number;
  insuranceFundUsd: number;
  /** Liquidation rule type; Aave v3 when absent. */
  rule?: 'aave-v3' | 'aave-v3.3' | 'morpho-blue' | 'euler-v2' | 'volatility-bonus';
}

const RULES = {
  'aave-v3': { type: 'aave-v3' },
  'aave-v3.3': { type: 'aave-v3.3' },
  'morpho-blue': { type: 'morpho-blue' },
  'euler-v2': { type: 'euler-v2', maxDiscount: 0.15 },
  'volatility-bonus': { type: 'volatility-bonus', minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 },
};

/** A small one-asset, one-pool, one-protocol scenario, validated by the real schema. */
export function smallScenario(k: SmallScenarioKnobs): Scenario {
  return scenarioSchema.parse({
    name: 'property',
    seed: k.seed,
    blocks: k.blocks,
    chain: { nativeAsset: 'ETH', gasPriceGwei: k.gasPriceGwei },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 2, dropPct: k.dropPct, dropMinutes: 10 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: k.depthUsdPer1Pct,
        resilienceHalfLifeSeconds: 600,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: k.poolLiquidityUsd },
    ],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex', 'pool'], delayBlocks: k.oracleDelayBlocks }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        liquidationBonus: k.liquidationBonus,
        liquidationRule: RULES[k.rule ?? 'aave-v3'],
        closeFactor: k.closeFactor,
        insuranceFundUsd: k.insuranceFundUsd,
        borrowers: {
          count: k.borrowers,
          collateralUsd: { median: 50_000, sigma: 1 },
          healthFactor: { min: k.healthMin, max: k.healthMin + 1 },
          topUp: { share: k.topUpShare, belowHealth: 1.05, targetHealth: 1.2, reserveShare: 0.2 },
        },
      },
    ],
    keepers: [
      { id: 'k1', capitalUsd: k.keeperCapitalUsd, latencyBlocks: 0 },
      { id: 'k2', capitalUsd: k.keeperCapitalUsd / 2, latencyBlocks: 2, priorityFeeGwei: 1 },
    ],
    arbitrageurs: [{ id: 'arb', capitalUsd: 2_000_000 }],
  });
}
