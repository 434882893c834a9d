import { attribution } from '../attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { expectedWork } from './keeper-fees.js';
import { BundleSimulation } from './bundle-simulation.js';
import { Keeper, type KeeperMarket, type KeeperSettings } from './keeper.js';
import { Chain } from '../chain/chain.js';
import { Clock } from '../kernel/clock.js';
import { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { AccountBook } from '../protocol/lending/account-book.js';
import { PushOracle } from '../oracle/push-oracle.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';
import { InsuranceFund } from '../liquidation/insurance-fund.js';
import { GenerationSales } from '../attribution/cascade-generations.js';
import { RealizedVolatility } from '../liquidation/realized-volatility.js';
import { CircuitBreaker } from '../liquidation/circuit-breaker.js';
import { aaveV3Rule } from '../liquidation/rules/aave-v3.js';
import { InstantLiquidation } from '../protocol/mechanisms/instant.js';

/** Pool reserves: 10,000 ETH and 20M USDC (mid 2,000), so k = x·y = 2e11. */
const X = 10_000;
const Y = 20_000_000;

/**
 * Two identical accounts (240 ETH, 400,000 USDC debt: health 240·2000·0.825/400,000 = 0.99 at the oracle's 2,000,
 * so the close factor 0.5 applies): each liquidation repays 200,000 USDC for 200,000·1.05/2,000 = 105 ETH (5% bonus,
 * no protocol fee). The keeper sells on one constant-product pool; the oracle reads a separate deep market. No gas.
 */
function world(options: { feeBps: number; latencyBlocks?: number; maxLiquidatedUsdPerBlock?: number }) {
  const reference = new OffchainMarket({
    id: 'ref',
    base: 'ETH',
    quote: 'USDC',
    fundamental: 2000,
    depthUsdPer1Pct: 1e15,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    reference,
  ]);
  oracle.start(2000);
  const book = new AccountBook(2);
  for (let i = 0; i < 2; i++) {
    book.collateral[i] = 240;
    book.debt[i] = 400_000;
  }
  const sales = new GenerationSales(600);
  const breaker = new CircuitBreaker('lend', {
    windowBlocks: 1,
    pauseBlocks: 0,
    maxLiquidatedUsdPerBlock: options.maxLiquidatedUsdPerBlock,
  });
  const parts = {
    attribution,
    book,
    oracle,
    debtPrice: 1,
    fund: new InsuranceFund(0),
    sales,
    volatility: new RealizedVolatility(0, 300, 12),
    breaker,
  };
  const rule = aaveV3Rule({
    liquidationBonus: 0.05,
    closeFactor: 0.5,
    fullCloseBelowHealth: 0.95,
    protocolFeeShare: 0,
  });
  const protocol = new LendingProtocol(
    {
      id: 'lend',
      collateral: 'ETH',
      debt: 'USDC',
      liquidationThreshold: 0.825,
      thresholdTiers: [],
      rule,
      badDebtBearer: rule.badDebtBearer,
      feesToInsurance: 1,
      topUpBelowHealth: 1,
    },
    parts,
  );
  protocol.attach(new InstantLiquidation(protocol, rule));
  protocol.start();
  const pool = new ConstantProductPool({
    id: 'pool',
    base: 'ETH',
    quote: 'USDC',
    reserveBase: X,
    reserveQuote: Y,
    feeBps: options.feeBps,
  });
  const market: KeeperMarket = { protocol, venues: [pool], sales };
  const clock = new Clock(12);
  const chain = new Chain(clock, 0, () => 2000);
  const settings: KeeperSettings = {
    id: 'k',
    capitalUsd: 1e9,
    gasUnits: 0,
    latencyBlocks: options.latencyBlocks ?? 0,
    minProfitUsd: 0,
    priorityFeeGwei: 0,
    maxLiquidationsPerBlock: 10,
    auctionBidding: 'value',
  };
  const keeper = new Keeper(settings, chain, [market]);
  clock.advance();
  protocol.refresh(clock.block, clock.timeSeconds);
  /** The keeper's estimate now, then its real transaction in the same block (no fee market: it runs as sent). */
  const estimateThenExecute = () => {
    const work = expectedWork(
      market,
      new BundleSimulation(settings.capitalUsd, settings.maxLiquidationsPerBlock),
      0,
      0,
      settings.latencyBlocks,
    );
    const midBefore = pool.mid();
    keeper.submit();
    chain.executePending();
    return { work, midBefore, executed: keeper.profitUsd, calls: keeper.liquidations };
  };
  return { pool, estimateThenExecute };
}

describe('expectedWork: a bundle of liquidations valued as executed in sequence', () => {
  it('no fee: the bundle is worth what x·y = k pays for both sales together, less than the two sold alone', () => {
    const { pool, estimateThenExecute } = world({ feeBps: 0 });
    const { work, midBefore, executed, calls } = estimateThenExecute();
    // Alone, 105 ETH fetch y − k/(x + 105) = 20M − 2e11/10,105 = 207,817.91 for a 200,000 repay: 7,817.91 each.
    const alone = Y - (X * Y) / (X + 105) - 200_000;
    // In sequence the second sale meets the first's impact; without a fee that is one sale of 210 ETH:
    // 20M − 2e11/10,210 = 411,361.41 for 400,000 repaid.
    const bundle = Y - (X * Y) / (X + 210) - 400_000;
    expect(alone).toBeCloseTo(7_817.91, 2);
    expect(bundle).toBeCloseTo(11_361.41, 2);
    expect(work.calls).toBe(2);
    expect(work.valueUsd).toBeCloseTo(bundle, 6);
    expect(work.valueUsd).toBeLessThan(2 * alone - 4_000);
    // The simulation traded on a fork: the real pool had not moved when the keeper's transaction ran.
    expect(midBefore).toBe(Y / X);
    // And the transaction, run for real, yields what was estimated.
    expect(calls).toBe(2);
    expect(executed).toBeCloseTo(work.valueUsd, 6);
    expect(pool.mid()).toBeCloseTo((X * Y) / (X + 210) / (X + 210), 9);
  });

  it('30 bps fee: each sale is quoted on the pool the previous one left (Uniswap v2 getAmountOut in sequence)', () => {
    const { estimateThenExecute } = world({ feeBps: 30 });
    const { work, executed } = estimateThenExecute();
    // out = γ·a·y/(x + γ·a), γ = 0.997; the whole input (fee included) joins the base reserve.
    const gamma = 0.997;
    const first = (gamma * 105 * Y) / (X + gamma * 105);
    const second = (gamma * 105 * (Y - first)) / (X + 105 + gamma * 105);
    expect(work.calls).toBe(2);
    expect(work.valueUsd).toBeCloseTo(first + second - 400_000, 6);
    expect(executed).toBeCloseTo(work.valueUsd, 6);
  });

  it('a keeper is not valued for accounts it has not yet waited its latency for', () => {
    const { estimateThenExecute } = world({ feeBps: 0, latencyBlocks: 1 });
    const { work, calls } = estimateThenExecute();
    // Both accounts became unsafe this block; with one block of latency the keeper may take neither yet.
    expect(work).toEqual({ calls: 0, valueUsd: 0 });
    expect(calls).toBe(0);
  });

  it('the per-block seizure cap binds the plan as it binds the calls: the second account gets what the cap leaves', () => {
    // Cap 250,000 USD of collateral a block: the first call seizes 105 ETH = 210,000; 40,000 is left, i.e. 20 ETH
    // for a 20·2000/1.05 = 38,095.24 repay.
    const { estimateThenExecute } = world({ feeBps: 0, maxLiquidatedUsdPerBlock: 250_000 });
    const { work, executed, calls } = estimateThenExecute();
    const secondRepay = (20 * 2000) / 1.05;
    const bundle = Y - (X * Y) / (X + 125) - 200_000 - secondRepay;
    expect(work.calls).toBe(2);
    expect(work.valueUsd).toBeCloseTo(bundle, 6);
    expect(calls).toBe(2);
    expect(executed).toBeCloseTo(work.valueUsd, 6);
  });
});
