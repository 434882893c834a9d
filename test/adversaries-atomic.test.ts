import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import {
  flashLoanAdversarySchema,
  type FlashLoanAdversarySpec,
} from '../src/scenario/schema-adversary-manipulation.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { runScenario } from '../src/analysis/run.js';
import type { World } from '../src/world/world.js';
import type { Transaction } from '../src/chain/chain.js';
import type { Venue } from '../src/market/venues/venue.js';
import { ConstantProductPool } from '../src/market/venues/cpamm.js';
import { createFlashLoanAttacker } from '../src/agents/adversaries/flash-loan.js';
import type { AdversaryReport } from '../src/agents/adversaries/adversary.js';
import { flashLoanScenario } from '../src/agents/adversaries/manipulation-fixture.test-helper.js';
import { loadScenario } from '../src/scenario/load.js';
import path from 'node:path';
import { attribution } from '../src/attribution/cascade-generations.js';

// The flash-loan attack is one atomic transaction: every trade in it is on an on-chain pool of the protocol's chain,
// and the loans are repaid from what those trades yield, or the transaction reverts and leaves nothing but its gas.

const F = 2000;
const GAS_PRICE = 20;
const TIP = 50;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/**
 * ETH at a constant 2000; one ETH/USDC constant-product pool (5000 ETH / 10M USDC, 30 bps) the spot oracle reads, and
 * an off-chain market so deep (1e12 USD per 1%) that selling there fetches the fundamental: an attacker free to sell
 * seized collateral off chain would sell it there. No population, keepers or arbitrageurs: the one account is opened by
 * hand in the spare slot.
 */
function tinyWorld(): Scenario {
  return scenarioSchema.parse({
    name: 'atomic-flash-loan',
    seed: 1,
    blocks: 3,
    chain: { nativeAsset: 'ETH', gasPriceGwei: GAS_PRICE, blockTimeSeconds: 12 },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: F } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e12 },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 20_000_000, feeBps: 30 },
    ],
    oracles: [{ id: 'eth', asset: 'ETH', kind: 'spot', sources: ['pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'eth',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        liquidationBonus: 0.05,
        protocolFeeShare: 0.1,
        borrowers: { count: 0, collateralUsd: { median: 1000 }, healthFactor: { min: 2, max: 2 } },
      },
    ],
    record: { healthSample: 0 },
  });
}

const spec = (over: Partial<FlashLoanAdversarySpec> = {}) =>
  flashLoanAdversarySchema.parse({
    type: 'flash-loan',
    id: 'fl',
    protocol: 'lend',
    pool: 'pool',
    atBlock: 2,
    pushUsd: 1_000_000,
    ...over,
  });

/** Calls to `venue`'s sell and buy made while the attacker's transactions execute, counted by wrapping both. */
function tradesDuringAttack(world: World, venue: Venue): { count: number; sells: number } {
  const seen = { count: 0, sells: 0 };
  let attacking = false;
  const { sell, buy } = venue;
  venue.sell = (units: number) => {
    if (attacking) {
      seen.count += 1;
      seen.sells += 1;
    }
    return sell.call(venue, units);
  };
  venue.buy = (quote: number) => {
    if (attacking) seen.count += 1;
    return buy.call(venue, quote);
  };
  const submit = world.chain.submit.bind(world.chain);
  world.chain.submit = (tx: Transaction) =>
    submit(
      tx.sender !== 'fl' && tx.sender !== 'attacker'
        ? tx
        : {
            ...tx,
            execute: () => {
              attacking = true;
              try {
                return tx.execute();
              } finally {
                attacking = false;
              }
            },
          },
    );
  return seen;
}

describe('flash-loan attack on one pool, derived by hand', () => {
  // One account: 100,000 USDC of debt against c = 100,000 / (1900·0.825) ETH, so it becomes liquidatable below 1900.
  const debt = 100_000;
  const collateral = debt / (1900 * 0.825);
  const world = buildWorld(tinyWorld(), { attribution, spareAccounts: 1 });
  const protocol = world.protocols[0];
  expect(protocol.openPosition(0, collateral, debt)).toBe(true);
  const pool = world.venues.find((v) => v.id === 'pool') as ConstantProductPool;
  const cex = world.venues.find((v) => v.id === 'cex') as Venue;
  const cexTrades = tradesDuringAttack(world, cex);
  world.adversaries.push(createFlashLoanAttacker(spec(), world));
  stepBlock(world);
  const before = pool.reserves();
  stepBlock(world);
  const after = pool.reserves();
  const report: AdversaryReport = world.adversaries[0].report();

  // Uniswap v2 (fee kept in the pool), reserves x = 5000 ETH, y = 10M USDC, γ = 0.997.
  const gamma = 0.997;
  const x = 5000;
  const y = 10_000_000;
  // 1. Push: u = 1M / 2000 = 500 ETH flash-borrowed and sold: q1 = γuy / (x + γu); reserves (x + u, y − q1).
  const u = 500;
  const q1 = (gamma * u * y) / (x + gamma * u);
  const x1 = x + u;
  const y1 = y - q1;
  const p1 = y1 / x1; // the spot oracle's price after the push
  // 2. Liquidation at p1: health = c·p1·0.825 / debt < 0.95, so Aave v3 lets the whole debt be repaid; the account
  // gives
  //    seized = debt/p1·1.05 ETH, of which the protocol keeps 10% of the bonus part and the attacker receives a.
  const health = (collateral * p1 * 0.825) / debt;
  const seized = (debt / p1) * 1.05;
  const a = seized - (seized - seized / 1.05) * 0.1;
  //    a is sold into the pool (the only on-chain venue): q2 = γ·a·y1 / (x1 + γa); reserves (x1 + a, y1 − q2).
  const q2 = (gamma * a * y1) / (x1 + gamma * a);
  const x2 = x1 + a;
  const y2 = y1 - q2;
  // 3. Buy-back of the ETH loan and its 5 bps premium, u' = u·1.0005: getAmountIn = y2·u' / ((x2 − u')·γ).
  const owed = u * 1.0005;
  const buyBack = (y2 * owed) / ((x2 - owed) * gamma);
  // 4. Repay the USDC loan and its premium: debt·1.0005. What the transaction keeps, from on-chain trades only:
  const kept = q1 + q2 - debt * 1.0005 - buyBack;
  // 5. Gas: 1.5M units + one liquidation call of 400k, at 20 + 50 gwei, ETH at 2000.
  const gas = (1_500_000 + 400_000) * (GAS_PRICE + TIP) * 1e-9 * F;

  it('the setting: the push makes the account liquidatable with a full close, and the full repay still pays at the margin', () => {
    expect(health).toBeLessThan(0.95);
    expect(seized).toBeLessThan(collateral);
    // d(q2)/d(repay) at the full repay: γ·y1·x1/(x1 + γa)² ETH-price × (a / debt) ETH per USD repaid > 1.
    expect(((gamma * y1 * x1) / (x1 + gamma * a) ** 2) * (a / debt)).toBeGreaterThan(1);
    expect(kept).toBeGreaterThan(0);
  });

  it('never trades on the off-chain market inside the transaction', () => {
    expect(cexTrades.count).toBe(0);
  });

  it('takes every USDC it repays with from the pool: its quote reserve moved by buy-back − push sale − liquidation sale', () => {
    expect(relative(after.quote - before.quote, buyBack - q1 - q2)).toBeLessThan(1e-9);
    expect(relative(after.base - before.base, a + u - owed)).toBeLessThan(1e-9);
    expect(relative(report.details.liquidationProceedsUsd, q2)).toBeLessThan(1e-12);
  });

  it('earns what the transaction kept minus gas, booked as revenue − cost', () => {
    expect(report.details.reverted).toBe(0);
    expect(report.details.liquidations).toBe(1);
    expect(relative(report.details.debtRepaidUsd, debt)).toBeLessThan(1e-12);
    expect(relative(report.details.atomicBalanceUsd, kept)).toBeLessThan(1e-9);
    expect(relative(report.details.gasUsd, gas)).toBeLessThan(1e-12);
    expect(relative(report.profitUsd, kept - gas)).toBeLessThan(1e-9);
    expect(relative(report.revenueUsd, q2 - debt)).toBeLessThan(1e-9);
    // Premiums: 5 bps of the USDC loan, and the 0.25 ETH premium at the buy-back's price per unit.
    expect(relative(report.details.flashFeesUsd, debt * 0.0005 + (buyBack * 0.0005) / 1.0005)).toBeLessThan(1e-9);
    expect(relative(report.details.roundTripUsd, buyBack / 1.0005 - q1)).toBeLessThan(1e-9);
    expect(report.profitUsd).toBe(report.revenueUsd - report.costUsd);
  });

  it('leaves the protocol on the pool price after the buy-back and books the borrower loss at the fundamental', () => {
    const midAfter = (y2 + buyBack) / (x2 - owed);
    expect(relative(protocol.price, midAfter)).toBeLessThan(1e-9);
    expect(relative(report.protocolLossUsd + report.borrowerLossUsd, seized * F - debt)).toBeLessThan(1e-9);
  });
});

describe('a flash-loan transaction that cannot repay reverts', () => {
  it('a 10% premium eats the gain: the protocol, the pool and the run end as if no attack was sent; the attacker pays gas', () => {
    const debt = 100_000;
    const world = buildWorld(tinyWorld(), { attribution, spareAccounts: 1 });
    world.protocols[0].openPosition(0, debt / (1900 * 0.825), debt);
    world.adversaries.push(createFlashLoanAttacker(spec({ flashFeeBps: 1000 }), world));
    const pool = world.venues.find((v) => v.id === 'pool') as ConstantProductPool;
    stepBlock(world);
    stepBlock(world);
    const report = world.adversaries[0].report();
    expect(report.details.reverted).toBe(1);
    expect(report.details.liquidationsReverted).toBe(1);
    expect(pool.reserves()).toEqual({ base: 5000, quote: 10_000_000 });
    expect(world.protocols[0].book.debt[0]).toBe(debt);
    expect(world.protocols[0].ledger.liquidations).toBe(0);
    expect(world.protocols[0].price).toBe(F);
    // Gas of the whole transaction, its liquidation call included: the EVM charges gas used up to the revert.
    const gas = (1_500_000 + 400_000) * (GAS_PRICE + TIP) * 1e-9 * F;
    expect(relative(-report.profitUsd, gas)).toBeLessThan(1e-12);
    expect([report.revenueUsd, report.protocolLossUsd, report.details.debtRepaidUsd]).toEqual([0, 0, 0]);
  });

  it('in a full world with keepers and arbitrageurs, a reverted attack leaves every metric and event as without it', () => {
    const base = flashLoanScenario({ kind: 'spot' }, 30);
    // Gas for five liquidation calls (1.5M + 5·400k), and a 10% premium on both loans.
    const attack = { ...base, adversaries: [spec({ atBlock: 20, flashFeeBps: 1000, maxGasUnits: 3_500_000 })] };
    const withAttack = runScenario(attack);
    const without = runScenario(base);
    const report = withAttack.adversaries?.[0];
    expect(report?.details.reverted).toBe(1);
    // It did liquidate before failing to repay: the revert undid real writes to the book, the pool and the ledger.
    expect(report?.details.liquidationsReverted).toBe(5);
    expect(withAttack.metrics).toEqual(without.metrics);
    expect(withAttack.events).toEqual(without.events);
  });
});

describe('the shipped flash-loan attack', () => {
  const shipped = (sets: string[]) => {
    const { scenario, dir } = loadScenario(path.resolve('scenarios/flash-loan-attack.yaml'), sets);
    const world = buildWorld(scenario, { attribution, baseDir: dir });
    const cex = world.venues.find((v) => v.id === 'cex') as Venue;
    const trades = tradesDuringAttack(world, cex);
    for (let b = 0; b < world.blocks; b++) stepBlock(world);
    return { report: world.adversaries[0].report(), trades, world };
  };

  it('against the spot oracle: no trade on the off-chain market in the transaction, 71 calls (a 30M-gas block), repaid on chain', () => {
    const { report, trades } = shipped([]);
    expect(trades.count).toBe(0);
    expect(report.details.reverted).toBe(0);
    expect(report.details.liquidations).toBe(71);
    // What it kept after repaying both loans, from the pool's proceeds, is its profit before gas.
    expect(relative(report.details.atomicBalanceUsd, report.profitUsd + report.details.gasUsd)).toBeLessThan(1e-9);
    // It sold no more than the pool could take: seized units went into the pool, none to the off-chain market.
    expect(report.details.liquidationProceedsUsd).toBeLessThan(
      report.details.collateralReceivedUnits * report.details.poolMidPushed,
    );
  });

  it('holding the pool down against a TWAP sells seized collateral only on chain (its final buy-back of own inventory may buy off chain)', () => {
    const { report, trades } = shipped([
      'oracles.0.kind=twap',
      'oracles.0.windowSeconds=60',
      'adversaries.0.holdBlocks=5',
      'adversaries.0.capitalUsd=1000000',
    ]);
    expect(report.details.liquidations).toBeGreaterThan(0);
    expect(trades.sells).toBe(0);
  });
});
