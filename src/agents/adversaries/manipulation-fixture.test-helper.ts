// Small worlds for the oracle-manipulation adversaries' tests: constant prices, one pool and one off-chain market per
// asset, a lending protocol whose borrowers sit just above liquidation, a keeper and an arbitrageur.
import { scenarioSchema, type Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../world/build-world.js';
import { stepBlock } from '../../world/block-order.js';
import type { World } from '../../world/world.js';
import type { Adversary, AdversaryReport } from './adversary.js';
import { attribution } from '../../attribution/cascade-generations.js';

/**
 * ETH's constant price, USD.
 *
 * @example const u = 1e6 / ETH_PRICE; // 500 ETH
 */
export const ETH_PRICE = 2000;
/**
 * ETH/USDC pool: 20M USD of liquidity at 2000, so reserves 5000 ETH and 10M USDC; Uniswap v2 fee 30 bps.
 *
 * @example const mid = ETH_POOL.reserveQuote / ETH_POOL.reserveBase; // 2000
 */
export const ETH_POOL = { liquidityUsd: 20_000_000, feeBps: 30, reserveBase: 5000, reserveQuote: 10_000_000 };
/**
 * Base gas price of the fixture chains, gwei.
 *
 * @example const tipped = GAS_PRICE_GWEI + 50; // 70 gwei per gas unit
 */
export const GAS_PRICE_GWEI = 20;
/**
 * Liquidation threshold, bonus and protocol fee share of the fixture protocols.
 *
 * @example const liquidationPrice = debt / (collateral * LENDING.liquidationThreshold);
 */
export const LENDING = { liquidationThreshold: 0.825, liquidationBonus: 0.05, protocolFeeShare: 0.1 };

/**
 * Which oracle the lending protocol reads.
 *
 * @example const choice: OracleChoice = { kind: 'twap', windowSeconds: 600 };
 */
export type OracleChoice = { kind: 'spot' } | { kind: 'push' } | { kind: 'twap'; windowSeconds: number };

function oracleSpec(choice: OracleChoice, pool: string, market: string, asset: string) {
  if (choice.kind === 'push')
    return { id: 'oracle', asset, kind: 'push', sources: [market], deviationPct: 0.5, heartbeatSeconds: 3600 };
  if (choice.kind === 'spot') return { id: 'oracle', asset, kind: 'spot', sources: [pool] };
  return { id: 'oracle', asset, kind: 'twap', sources: [pool], windowSeconds: choice.windowSeconds };
}

/**
 * ETH at a constant 2000, an ETH/USDC pool (20M USD) and an off-chain market (5M USD per 1%, impact half-life 600 s),
 * 300 borrowers with initial health factors in [1.02, 1.30], a keeper and an arbitrageur; the protocol reads `oracle`
 * (spot or TWAP on the pool, push from the off-chain market).
 *
 * @example const world = buildWorld(flashLoanScenario({ kind: 'spot' }, 20), { attribution, spareAccounts: 1 });
 */
export function flashLoanScenario(oracle: OracleChoice, blocks: number, seed = 7): Scenario {
  return scenarioSchema.parse({
    name: 'flash-loan-fixture',
    seed,
    blocks,
    chain: { nativeAsset: 'ETH', gasPriceGwei: GAS_PRICE_GWEI, blockTimeSeconds: 12 },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: ETH_PRICE } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 5_000_000,
        resilienceHalfLifeSeconds: 600,
      },
      {
        type: 'cpamm',
        id: 'pool',
        base: 'ETH',
        quote: 'USDC',
        liquidityUsd: ETH_POOL.liquidityUsd,
        feeBps: ETH_POOL.feeBps,
      },
    ],
    oracles: [oracleSpec(oracle, 'pool', 'cex', 'ETH')],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'oracle',
        ltv: 0.8,
        ...LENDING,
        borrowers: { count: 300, collateralUsd: { median: 50_000, sigma: 0.5 }, healthFactor: { min: 1.02, max: 1.3 } },
      },
    ],
    keepers: [{ id: 'keeper', capitalUsd: 5_000_000, latencyBlocks: 0, priorityFeeGwei: 2 }],
    arbitrageurs: [{ id: 'arb', capitalUsd: 5_000_000, priorityFeeGwei: 3 }],
    record: { healthSample: 0 },
  });
}

/**
 * The thin token's constant price, USD.
 *
 * @example const value = units * TKN_PRICE;
 */
export const TKN_PRICE = 1;
/**
 * Thin TKN/USDC pool: 2M USD of liquidity, so reserves 1M TKN and 1M USDC; 30 bps.
 *
 * @example const mid = TKN_POOL.reserveQuote / TKN_POOL.reserveBase; // 1
 */
export const TKN_POOL = { liquidityUsd: 2_000_000, feeBps: 30, reserveBase: 1_000_000, reserveQuote: 1_000_000 };
/**
 * Liquidation threshold of the TKN lending market.
 *
 * @example const debtAtHealth1 = units * price * TKN_THRESHOLD;
 */
export const TKN_THRESHOLD = 0.8;

/**
 * An illiquid token TKN at a constant 1 USD: a thin TKN/USDC pool (2M USD) and a deep off-chain market (10M USD per
 * 1%),
 * ETH at 2000 for gas; a lending market on TKN (threshold 0.8) with 50 healthy borrowers, reading `oracle` (spot on the
 * thin pool, or push from the deep market), a keeper and an arbitrageur.
 *
 * @example const world = buildWorld(pumpScenario('spot', 10), { attribution, spareAccounts: 1 });
 */
export function pumpScenario(oracle: 'spot' | 'push', blocks: number, seed = 7): Scenario {
  return scenarioSchema.parse({
    name: 'pump-fixture',
    seed,
    blocks,
    chain: { nativeAsset: 'ETH', gasPriceGwei: GAS_PRICE_GWEI, blockTimeSeconds: 12 },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: ETH_PRICE } },
      { symbol: 'TKN', price: { model: 'constant', initial: TKN_PRICE } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'tkn-cex',
        base: 'TKN',
        quote: 'USDC',
        depthUsdPer1Pct: 10_000_000,
        resilienceHalfLifeSeconds: 600,
      },
      {
        type: 'cpamm',
        id: 'tkn-pool',
        base: 'TKN',
        quote: 'USDC',
        liquidityUsd: TKN_POOL.liquidityUsd,
        feeBps: TKN_POOL.feeBps,
      },
    ],
    oracles: [oracleSpec({ kind: oracle }, 'tkn-pool', 'tkn-cex', 'TKN')],
    protocols: [
      {
        type: 'lending',
        id: 'tkn-lend',
        collateral: 'TKN',
        debt: 'USDC',
        oracle: 'oracle',
        ltv: 0.75,
        liquidationThreshold: TKN_THRESHOLD,
        borrowers: { count: 50, collateralUsd: { median: 20_000, sigma: 0.5 }, healthFactor: { min: 1.5, max: 3 } },
      },
    ],
    keepers: [{ id: 'keeper', capitalUsd: 5_000_000, latencyBlocks: 0, priorityFeeGwei: 2 }],
    arbitrageurs: [{ id: 'arb', capitalUsd: 5_000_000, priorityFeeGwei: 3 }],
    record: { healthSample: 0 },
  });
}

/**
 * Builds the world with one spare account slot, adds the adversary `make` returns, runs every block and returns its
 * report.
 *
 * @example const report = runAttack(flashLoanScenario({ kind: 'spot' }, 20), (w) => createFlashLoanAttacker(spec, w));
 */
export function runAttack(
  scenario: Scenario,
  make: (world: World) => Adversary,
): { world: World; report: AdversaryReport } {
  const world = buildWorld(scenario, { attribution, spareAccounts: 1 });
  const adversary = make(world);
  world.adversaries.push(adversary);
  for (let b = 0; b < world.blocks; b++) stepBlock(world);
  return { world, report: adversary.report() };
}

/**
 * Gas of one transaction in USD, by hand: units·(base + tip) gwei·1e-9 ETH per gwei·ETH price.
 *
 * @example gasUsd(1_500_000, 50); // 1.5e6·70·1e-9·2000 = 210
 */
export function gasUsd(units: number, tipGwei: number): number {
  return units * (GAS_PRICE_GWEI + tipGwei) * 1e-9 * ETH_PRICE;
}
