import { attribution } from '../attribution/cascade-generations.js';
import { describe, expect, it } from 'vitest';
import { Keeper, type KeeperSettings } from './keeper.js';
import { Chain } from '../chain/chain.js';
import { Clock } from '../kernel/clock.js';
import { LendingProtocol } from '../protocol/lending/lending-protocol.js';
import { AccountBook } from '../protocol/lending/account-book.js';
import { PushOracle } from '../oracle/push-oracle.js';
import { OffchainMarket } from '../market/venues/offchain.js';
import { InsuranceFund } from '../liquidation/insurance-fund.js';
import { GenerationSales } from '../attribution/cascade-generations.js';
import { RealizedVolatility } from '../liquidation/realized-volatility.js';
import { CircuitBreaker } from '../liquidation/circuit-breaker.js';
import { aaveV3Rule } from '../liquidation/rules/aave-v3.js';
import { InstantLiquidation } from '../protocol/mechanisms/instant.js';

/** Three identical accounts (1 ETH, 1,700 USDC debt: health 0.97 at 2,000, LT 0.825) and one keeper with no gas cost.
 * */
function world(keeper: Partial<KeeperSettings>) {
  const market = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: 2000,
    depthUsdPer1Pct: 1e15,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });
  const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0, heartbeatSeconds: 3600, delayBlocks: 0 }, [
    market,
  ]);
  oracle.start(2000);
  const book = new AccountBook(3);
  for (let i = 0; i < 3; i++) {
    book.collateral[i] = 1;
    book.debt[i] = 1700;
  }
  const sales = new GenerationSales(600);
  const parts = {
    attribution,
    book,
    oracle,
    debtPrice: 1,
    fund: new InsuranceFund(0),
    sales,
    volatility: new RealizedVolatility(0, 300, 12),
    breaker: new CircuitBreaker('lend', { windowBlocks: 1, pauseBlocks: 0 }),
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
  const clock = new Clock(12);
  const chain = new Chain(clock, 0, () => 2000);
  const settings: KeeperSettings = {
    id: 'k',
    capitalUsd: 1e9,
    gasUnits: 0,
    latencyBlocks: 0,
    minProfitUsd: 0,
    priorityFeeGwei: 0,
    maxLiquidationsPerBlock: 1,
    auctionBidding: 'value',
    ...keeper,
  };
  const k = new Keeper(settings, chain, [{ protocol, venues: [market], sales }]);
  const block = () => {
    clock.advance();
    protocol.refresh(clock.block, clock.timeSeconds);
    k.submit();
    chain.executePending();
  };
  return { k, book, block };
}

describe('keeper', () => {
  it('starts every block with its full call limit, though its turn object is reused', () => {
    const { k, book, block } = world({ maxLiquidationsPerBlock: 1 });
    block();
    expect(k.liquidations).toBe(1);
    block();
    // A turn left at 0 calls from block 1 would make no call here.
    expect(k.liquidations).toBe(2);
    // Largest debt first, ties by index: accounts 0 then 1, each repaid half its debt (close factor 0.5).
    expect([book.debt[0], book.debt[1], book.debt[2]]).toEqual([850, 850, 1700]);
  });

  it('starts every block with its full capital, though its turn object is reused', () => {
    // 850 USDC covers exactly one half-debt repay per block.
    const { k, block } = world({ capitalUsd: 850, maxLiquidationsPerBlock: 5 });
    block();
    expect(k.liquidations).toBe(1);
    block();
    expect(k.liquidations).toBe(2);
  });
});
