import { describe, expect, it } from 'vitest';
import { CCR, MCR, Troves, TroveStatus } from './troves.js';

/** |actual − expected| ≤ tol·max(1, |expected|). */
function expectNear(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe('Liquity troves (TroveManager pending-reward accounting)', () => {
  it('uses MCR 110% and CCR 150%', () => {
    expect(MCR).toBe(1.1);
    expect(CCR).toBe(1.5);
  });

  it('computes ICR and TCR from entire coll and debt', () => {
    const t = new Troves(2);
    const a = t.open(10, 10_000);
    t.open(5, 4_000);
    // ICR(a) at 1,500 USD/ETH = 10·1500/10000 = 1.5; TCR = 15·1500/14000 = 1.607142857…
    expectNear(t.icr(a, 1_500), 1.5);
    expectNear(t.tcr(1_500), 22_500 / 14_000);
    expect(t.totalCollateral()).toBe(15);
    expect(t.totalDebt()).toBe(14_000);
  });

  it('redistributes by stake through L terms and applies rewards lazily', () => {
    const t = new Troves(2);
    const a = t.open(10, 10_000);
    const b = t.open(5, 4_000);
    // First troves (no liquidation yet): stake = coll, so totalStakes = 15.
    expect(t.totalStakes).toBe(15);
    t.redistribute(1_500, 3);
    // L_LUSDDebt = 1500/15 = 100, L_ETH = 3/15 = 0.2 per unit stake.
    expectNear(t.L_LUSDDebt, 100);
    expectNear(t.L_ETH, 0.2);
    // a: debt 10000 + 10·100 = 11000, coll 10 + 10·0.2 = 12 (still pending, record unchanged).
    expectNear(t.entireDebt(a), 11_000);
    expectNear(t.entireColl(a), 12);
    expect(t.debt[a]).toBe(10_000);
    // Totals include the DefaultPool: coll 15 + 3 = 18, debt 14000 + 1500 = 15500.
    expectNear(t.totalCollateral(), 18);
    expectNear(t.totalDebt(), 15_500);
    t.applyPendingRewards(b);
    // b: coll 5 + 5·0.2 = 6, debt 4000 + 5·100 = 4500; its pending reward is now 0.
    expectNear(t.coll[b], 6);
    expectNear(t.debt[b], 4_500);
    expect(t.pendingCollReward(b)).toBe(0);
    expect(t.pendingDebtReward(b)).toBe(0);
    // DefaultPool keeps a's share: 3 − 1 = 2 ETH and 1500 − 500 = 1000 LUSD.
    expectNear(t.defaultColl, 2);
    expectNear(t.defaultDebt, 1_000);
    expectNear(t.totalCollateral(), 18);
  });

  it('closes a trove, removing its stake, and stakes new troves against the snapshots', () => {
    const t = new Troves(3);
    const a = t.open(10, 10_000);
    t.open(30, 6_000);
    t.closeByLiquidation(a);
    expect(t.status[a]).toBe(TroveStatus.ClosedByLiquidation);
    expect(t.totalStakes).toBe(30);
    t.redistribute(600, 6);
    t.updateSystemSnapshots();
    // Snapshots: totalStakes 30, total collateral 30 + 6 = 36. New stake for 12 ETH = 12·30/36 = 10.
    const c = t.open(12, 1_000);
    expectNear(t.stake[c], 10);
    // The new trove starts at the current L terms: nothing pending.
    expect(t.pendingCollReward(c)).toBe(0);
    expect(t.activeCount).toBe(2);
  });

  it('adds collateral after applying pending rewards and re-stakes at the snapshots (addColl)', () => {
    const t = new Troves(2);
    const a = t.open(10, 10_000);
    const b = t.open(30, 6_000);
    t.closeByLiquidation(a);
    t.redistribute(600, 6);
    t.updateSystemSnapshots();
    // b's pending reward: the whole 6 ETH and 600 LUSD (it holds every stake).
    t.addCollateral(b, 4);
    // Record: 30 + 6 + 4 = 40 ETH, 6000 + 600 = 6600 LUSD; nothing pending, DefaultPool empty.
    expectNear(t.coll[b], 40);
    expectNear(t.debt[b], 6_600);
    expect(t.pendingCollReward(b)).toBe(0);
    expect(t.defaultColl).toBe(0);
    expectNear(t.activeColl, 40);
    // New stake 40·30/36 (snapshots: 30 stakes, 36 ETH) = 33.33…, and it is the whole totalStakes.
    expectNear(t.stake[b], (40 * 30) / 36);
    expectNear(t.totalStakes, (40 * 30) / 36);
    // Inactive troves and non-positive amounts are ignored.
    t.addCollateral(a, 1);
    t.addCollateral(b, 0);
    expect(t.coll[a]).toBe(0);
    expectNear(t.coll[b], 40);
  });

  it('rejects empty troves and overflowing capacity', () => {
    const t = new Troves(1);
    expect(() => t.open(0, 100)).toThrow(RangeError);
    t.open(1, 100);
    expect(() => t.open(1, 100)).toThrow(RangeError);
  });
});
