import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import { ConstantProductPool } from '../src/market/venues/cpamm.js';
import { StableSwapPool } from '../src/market/venues/stableswap.js';
import type { RunResult } from '../src/analysis/result.js';

const SHOCK = path.resolve('scenarios/thin-pool-shock.yaml');
/** The default shock at −25% with no insurance fund (so bad debt is uncovered) and lend owning half the pool. */
const run = (...sets: string[]) =>
  runScenario(
    loadScenario(SHOCK, [
      'assets.0.price.dropPct=25',
      'protocols.0.insuranceFundUsd=0',
      'protocolOwnedLiquidity=[{"protocol":"lend","venue":"pool","share":0.5}]',
      ...sets,
    ]).scenario,
  );
const position = (r: RunResult) => {
  const p = r.protocolOwned?.[0];
  if (!p) throw new Error('no protocol-owned liquidity report');
  return p;
};

describe('burning pool liquidity', () => {
  it('pays each reserve out pro rata: the mid stays, the depth falls by the fraction (Uniswap v2 burn)', () => {
    const pool = ConstantProductPool.fromLiquidity({
      id: 'p',
      base: 'ETH',
      quote: 'USDC',
      price: 2000,
      liquidityUsd: 20e6,
      feeBps: 30,
    });
    const depth = pool.depthUsdPer1Pct();
    // (5000 ETH, 10M USDC): a quarter is 1250 ETH and 2.5M USDC.
    expect(pool.removeLiquidity(0.25)).toEqual({ base: 1250, quote: 2.5e6 });
    expect(pool.mid()).toBeCloseTo(2000, 9);
    expect(pool.depthUsdPer1Pct()).toBeCloseTo(depth * 0.75, 6);
    expect(() => pool.removeLiquidity(1)).toThrow(RangeError);
  });

  it('does the same in a StableSwap pool, even off balance (Curve remove_liquidity)', () => {
    const pool = new StableSwapPool({
      id: 's',
      base: 'USDX',
      quote: 'USDC',
      liquidityUsd: 2e6,
      amplification: 100,
      feeBps: 4,
    });
    pool.sell(300_000);
    const before = pool.reserves();
    const mid = pool.mid();
    const out = pool.removeLiquidity(0.4);
    expect(out.base).toBeCloseTo(before.base * 0.4, 6);
    expect(out.quote).toBeCloseTo(before.quote * 0.4, 6);
    // The invariant is homogeneous of degree 1, so scaling both balances keeps the marginal price.
    expect(pool.mid()).toBeCloseTo(mid, 12);
  });
});

describe('protocol-owned liquidity', () => {
  it('is only accounting when it never withdraws: the run is the same as without it', () => {
    const held = run('protocolOwnedLiquidity.0.coverBadDebt=false');
    const none = run('protocolOwnedLiquidity=[]');
    expect(JSON.stringify(held.metrics)).toBe(JSON.stringify(none.metrics));
    expect(position(held).withdrawals).toBe(0);
    expect(position(held).endShare).toBe(0.5);
  });

  it('without fees loses to holding exactly as x·y = k says: LP / hold = 2√r / (1 + r), r = end mid / start mid', () => {
    const r = run('protocolOwnedLiquidity.0.coverBadDebt=false', 'venues.1.feeBps=0');
    const p = position(r);
    // The 4M USD pool holds 1000 ETH at 2000 and 2M USDC; the half share 500 ETH and 1M USDC, so hold = 500·mid + 1M.
    expect(p.initialValueUsd).toBeCloseTo(2e6, 6);
    const endMid = (p.heldTokensValueUsd - 1e6) / 500;
    const ratio = endMid / 2000;
    expect(ratio).toBeLessThan(0.9);
    expect(p.endValueUsd / p.heldTokensValueUsd).toBeCloseTo((2 * Math.sqrt(ratio)) / (1 + ratio), 9);
  });

  it('pays uncovered bad debt by burning itself: raised + still uncovered = the uncovered bad debt', () => {
    // The 25% fall in one minute: accounts below health 1/0.75·0.825 ≈ 1.1 are left underwater at once.
    const r = run('assets.0.price.dropMinutes=1');
    const p = position(r);
    expect(r.metrics.uncoveredBadDebtUsd).toBeGreaterThan(0);
    expect(p.withdrawals).toBeGreaterThan(0);
    expect(p.withdrawnUsd + p.uncoveredAfterUsd).toBeCloseTo(r.metrics.uncoveredBadDebtUsd, 2);
    // Here the position is larger than the bad debt: it pays all of it and keeps part of its half of the pool.
    expect(p.uncoveredAfterUsd).toBe(0);
    expect(p.withdrawnUsd).toBeCloseTo(r.metrics.uncoveredBadDebtUsd, 2);
    expect(p.endShare).toBeGreaterThan(0);
    expect(p.endShare).toBeLessThan(0.5);
  });

  it('is rejected on a venue that is not a pool, naming the field and the allowed venues', () => {
    expect(() =>
      loadScenario(SHOCK, ['protocolOwnedLiquidity=[{"protocol":"lend","venue":"cex","share":0.5}]']),
    ).toThrow(/protocolOwnedLiquidity\.0\.venue: must be a cpamm or stableswap venue \(got "cex"\); pools: pool/);
  });
});
