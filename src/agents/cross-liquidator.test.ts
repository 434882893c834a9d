import { describe, expect, it } from 'vitest';
import type { KeeperOutcome, KeeperTurn } from './liquidators/turn.js';
import { TWO_BY_TWO, USDC, WBTC, WETH } from '../protocol/cross/fixtures.test-helper.js';
import { pool, position } from '../protocol/cross/pool.test-helper.js';
import type { KeeperSettings } from './keeper.js';
import { liquidateCrossAccounts, type CrossKeeperMarket } from './cross-liquidator.js';
import { ConstantProductPool } from '../market/venues/cpamm.js';

function turn(overrides: Partial<KeeperSettings> = {}, capitalUsd = 1e9): KeeperTurn {
  const settings: KeeperSettings = {
    id: 'k',
    capitalUsd,
    gasUnits: 400_000,
    latencyBlocks: 0,
    minProfitUsd: 0,
    priorityFeeGwei: 0,
    maxLiquidationsPerBlock: 1000,
    auctionBidding: 'value',
    ...overrides,
  };
  return {
    settings,
    gasUsd: 10,
    capitalLeft: capitalUsd,
    actionsLeft: settings.maxLiquidationsPerBlock,
    record: () => {},
  };
}

/** A deep market (1e9 USD per 1%), so sales barely move prices; the keeper's calls are collected. */
function setup(positions = [TWO_BY_TWO, position(20, 0, 30_000, 0)]) {
  const world = pool(positions, 'v3', 0, 1e9);
  const market: CrossKeeperMarket = {
    kind: 'cross-lending',
    protocol: world.protocol,
    venues: [[world.markets.weth], [world.markets.wbtc], [], []],
    sales: world.sales,
  };
  const calls: { asset: string; outcome: KeeperOutcome }[] = [];
  const act = (t: KeeperTurn) => liquidateCrossAccounts(t, market, (asset, outcome) => calls.push({ asset, outcome }));
  return { ...world, market, calls, act };
}

describe('a keeper on a cross-asset pool', () => {
  it('takes the higher-bonus collateral and the largest repay the close factor allows, largest debt first', () => {
    // WETH 1,600. Account 1 (20 WETH / 30,000 USDC, health 0.88 ≤ 0.95): close factor 1, only WETH to take:
    // repay 30,000, receive 30,000·(1 + 0.05 − 0.1·0.05)/1,600 = 19.59375 WETH.
    // Account 0 (health 0.978): per repaid USD WBTC gives 1 + 0.1 − 0.01 = 1.09 of value, WETH 1.045; the limit is
    // 0.5 of one debt reserve: 7,500 USDC beats 5,000 DAI. Receive 7,500·1.09/30,000 = 0.2725 WBTC.
    const { protocol, calls, act, sales, step } = setup();
    step(1, 1600);
    const t = turn();
    act(t);
    expect(protocol.liquidatable).toEqual([1, 0]);
    expect(calls.map((c) => c.asset)).toEqual(['WETH', 'WBTC']);
    expect(calls[0].outcome.collateral).toBeCloseTo(19.59375, 9);
    expect(calls[0].outcome.costUsd).toBeCloseTo(30_000, 6);
    expect(calls[1].outcome.collateral).toBeCloseTo(0.2725, 9);
    expect(calls[1].outcome.costUsd).toBeCloseTo(7500, 6);
    // Proceeds at the deep market: within 0.01% of the oracle value.
    expect(calls[1].outcome.proceedsUsd / calls[1].outcome.preTradeValueUsd).toBeCloseTo(1, 4);
    expect([...protocol.totals.liquidationsByCollateral]).toEqual([1, 1, 0, 0]);
    expect(protocol.totals.debtRepaid[USDC]).toBeCloseTo(37_500, 6);
    expect(t.capitalLeft).toBeCloseTo(1e9 - 37_500, 3);
    expect(t.actionsLeft).toBe(998);
    expect(sales[WETH].maxGeneration()).toBe(0);
    expect(sales[WBTC].maxGeneration()).toBe(0);
  });

  it('shrinks a call to the capital left, then stops when nothing pays', () => {
    // 20,000 USD of capital: account 1's 30,000 repay shrinks to 20,000 on the same pair; what is left cannot pay gas.
    const { protocol, calls, act, step } = setup();
    step(1, 1600);
    const t = turn({}, 20_000);
    act(t);
    expect(calls).toHaveLength(1);
    expect(calls[0].asset).toBe('WETH');
    expect(calls[0].outcome.costUsd).toBeCloseTo(20_000, 3);
    expect(protocol.totals.debtRepaid[USDC]).toBeCloseTo(20_000, 3);
    expect(t.capitalLeft).toBeGreaterThanOrEqual(0);
  });

  it('waits latencyBlocks blocks after an account became liquidatable', () => {
    const { protocol, calls, act, step } = setup();
    step(1, 1600);
    act(turn({ latencyBlocks: 1 }));
    expect(calls).toHaveLength(0);
    step(2, 1600);
    act(turn({ latencyBlocks: 1 }));
    expect(calls).toHaveLength(2);
    expect(protocol.unsafeSince[1]).toBe(1);
  });

  it('skips calls below its minimum profit and collateral that sells for less than it costs', () => {
    // The best call is account 1's: 30,000·0.045 = 1,350 USD before gas, under a 5,000 USD minimum.
    const rich = setup();
    rich.step(1, 1600);
    rich.act(turn({ minProfitUsd: 5000 }));
    expect(rich.calls).toHaveLength(0);
    // Only WETH to take, and the WETH market trades 10% under the oracle: 1.045·0.9 < 1 loses on every repay.
    const { protocol, markets, calls, act, step } = setup([position(20, 0, 30_000, 0)]);
    step(1, 1600);
    markets.weth.advance(1440, 12);
    act(turn());
    expect(protocol.liquidatable).toEqual([0]);
    expect(calls).toHaveLength(0);
  });
});

describe('a keeper repaying a debt asset it must buy', () => {
  it('buys the repaid units on the debt venue at the Uniswap v2 amount in, and counts that cost', () => {
    // USDC (the debt of account 1) trades on a constant-product pool at 1 USD: 1,000,000 USDC / 1,000,000 USD,
    // 30 bps. Buying `out` units costs getAmountIn = Rin·out·10000 / ((Rout − out)·(10000 − 30)).
    const { calls, act, step, market } = setup([position(20, 0, 30_000, 0)]);
    const usdcPool = new ConstantProductPool({
      id: 'usdc',
      base: 'USDC',
      quote: 'USD',
      reserveBase: 1_000_000,
      reserveQuote: 1_000_000,
      feeBps: 30,
    });
    const withDebtVenue: CrossKeeperMarket = { ...market, venues: [market.venues[0], [], [usdcPool], []] };
    step(1, 1600);
    liquidateCrossAccounts(turn(), withDebtVenue, (asset, outcome) => calls.push({ asset, outcome }));
    expect(act).toBeTypeOf('function');
    expect(calls).toHaveLength(1);
    const repaid = 1_000_000 - usdcPool.reserves().base;
    const handCost = (1_000_000 * repaid * 10_000) / ((1_000_000 - repaid) * (10_000 - 30));
    expect(repaid).toBeGreaterThan(0);
    expect(calls[0].outcome.costUsd).toBeCloseTo(handCost, 4);
    // Fee and impact: the keeper pays more than the debt's oracle value.
    expect(calls[0].outcome.costUsd).toBeGreaterThan(repaid);
    expect(usdcPool.reserves().quote).toBeCloseTo(1_000_000 + handCost, 4);
  });

  it('repays less than a keeper holding the debt would, because each unit bought costs more than the last', () => {
    const held = setup([position(20, 0, 30_000, 0)]);
    held.step(1, 1600);
    held.act(turn());
    const bought = setup([position(20, 0, 30_000, 0)]);
    const usdcPool = new ConstantProductPool({
      id: 'usdc',
      base: 'USDC',
      quote: 'USD',
      reserveBase: 40_000,
      reserveQuote: 40_000,
      feeBps: 30,
    });
    bought.step(1, 1600);
    liquidateCrossAccounts(
      turn(),
      { ...bought.market, venues: [bought.market.venues[0], [], [usdcPool], []] },
      () => {},
    );
    const repaidHeld = held.protocol.totals.debtRepaid[USDC];
    const repaidBought = bought.protocol.totals.debtRepaid[USDC];
    // Held: the whole 30,000 (close factor 1 at health 0.88). Bought on a 40,000-unit pool: the marginal unit costs
    // 40,000²/((40,000 − r)²·0.997), and the keeper stops where that equals what a repaid unit returns, 1.045 of WETH
    // (bonus 5%, 10% of it to the protocol), at r* = 40,000·(1 − 1/√(0.997·1.045)) ≈ 812 (the deep WETH market moves
    // that by far less than 1%).
    const rStar = 40_000 * (1 - 1 / Math.sqrt(0.997 * 1.045));
    expect(repaidHeld).toBeCloseTo(30_000, 6);
    expect(Math.abs(repaidBought / rStar - 1)).toBeLessThan(0.01);
  });
});
