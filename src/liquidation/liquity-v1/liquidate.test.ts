import { describe, expect, it } from 'vitest';
import { liquidateTrove, offsetAndRedistribution, planLiquidation, type LiquitySystem } from './liquidate.js';
import { StabilityPool } from './stability-pool.js';
import { TroveStatus, Troves } from './troves.js';

/** |actual − expected| ≤ tol·max(1, |expected|). */
function expectNear(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

function system(capacity: number): LiquitySystem {
  return { troves: new Troves(capacity), pool: new StabilityPool() };
}

describe('Liquity liquidation (TroveManager)', () => {
  it('normal mode: the pool covers the whole debt', () => {
    const s = system(2);
    const a = s.troves.open(2, 2_100);
    const b = s.troves.open(20, 8_000);
    s.pool.provide(0, 5_000);
    // Price 1000: ICR(a) = 2000/2100 = 0.952 < 1.1; TCR = 22000/10100 = 2.18 ≥ 1.5 → normal mode.
    const r = liquidateTrove(a, 1_000, s);
    expect(r.kind).toBe('normal');
    expect(r.recoveryMode).toBe(false);
    // Gas: 2/200 = 0.01 ETH and the 200 LUSD reserve; 1.99 ETH and all 2100 LUSD go to the pool.
    expectNear(r.collGasCompensation, 0.01);
    expect(r.lusdGasCompensation).toBe(200);
    expect(r.debtOffset).toBe(2_100);
    expectNear(r.collSentToPool, 1.99);
    expect(r.debtRedistributed).toBe(0);
    expect(r.collRedistributed).toBe(0);
    expect(r.collSurplus).toBe(0);
    // Pool: 5000 − 2100 = 2900 LUSD, 1.99 ETH, all of it the single depositor's.
    expect(s.pool.totalDeposits).toBe(2_900);
    expectNear(s.pool.depositorValue(0).lusd, 2_900);
    expectNear(s.pool.depositorValue(0).collGain, 1.99);
    // b untouched; the system now holds only b.
    expect(s.troves.status[a]).toBe(TroveStatus.ClosedByLiquidation);
    expect(s.troves.entireColl(b)).toBe(20);
    expect(s.troves.totalDebt()).toBe(8_000);
  });

  it('normal mode: a partial pool, the rest redistributed to two troves by stake', () => {
    const s = system(4);
    const a = s.troves.open(10, 10_000);
    const b = s.troves.open(30, 6_000);
    const c = s.troves.open(10, 2_000);
    s.pool.provide(0, 4_000);
    // Price 1000: ICR(a) = 1.0; TCR = 50000/18000 = 2.78 → normal mode.
    const r = liquidateTrove(a, 1_000, s);
    expect(r.kind).toBe('normal');
    // Gas 10/200 = 0.05; liquidated coll 9.95. Offset 4000 of 10000 → coll to pool 9.95·0.4 = 3.98.
    expectNear(r.collGasCompensation, 0.05);
    expect(r.debtOffset).toBe(4_000);
    expectNear(r.collSentToPool, 3.98);
    // Redistributed: 6000 LUSD and 9.95 − 3.98 = 5.97 ETH over stakes b 30, c 10 (total 40).
    expect(r.debtRedistributed).toBe(6_000);
    expectNear(r.collRedistributed, 5.97);
    s.troves.applyPendingRewards(b);
    s.troves.applyPendingRewards(c);
    // b (3/4): debt 6000 + 4500 = 10500, coll 30 + 4.4775 = 34.4775.
    expectNear(s.troves.debt[b], 10_500);
    expectNear(s.troves.coll[b], 34.4775);
    // c (1/4): debt 2000 + 1500 = 3500, coll 10 + 1.4925 = 11.4925.
    expectNear(s.troves.debt[c], 3_500);
    expectNear(s.troves.coll[c], 11.4925);
    expect(s.pool.totalDeposits).toBe(0);
    // Snapshots after the liquidation: stakes 40, coll 30 + 10 + 5.97 = 45.97 → a 9.194 ETH trove gets stake 8.
    const d = s.troves.open(9.194, 1_000);
    expectNear(s.troves.stake[d], 8);
  });

  it('recovery mode, 110% ≤ ICR < TCR: capped offset, surplus claimable by the owner', () => {
    const s = system(3);
    const a = s.troves.open(12, 10_000);
    const b = s.troves.open(13, 10_000);
    s.troves.open(13, 10_000);
    s.pool.provide(0, 15_000);
    // Price 1000: TCR = 38000/30000 = 1.2667 < 1.5 → recovery; ICR(a) = 1.2 in [1.1, TCR).
    const r = liquidateTrove(a, 1_000, s);
    expect(r.kind).toBe('recoveryCapped');
    expect(r.recoveryMode).toBe(true);
    // Cap 10000·1.1/1000 = 11 ETH; gas 11/200 = 0.055; pool gets 10.945; surplus 12 − 11 = 1.
    expect(r.debtOffset).toBe(10_000);
    expectNear(r.collGasCompensation, 0.055);
    expectNear(r.collSentToPool, 10.945);
    expectNear(r.collSurplus, 1);
    expect(r.debtRedistributed + r.collRedistributed).toBe(0);
    expect(r.lusdGasCompensation).toBe(200);
    expect(s.pool.totalDeposits).toBe(5_000);
    expectNear(s.troves.claimCollSurplus(a), 1);
    expect(s.troves.claimCollSurplus(a)).toBe(0);
    // TCR now 26000/20000 = 1.3 and ICR(b) = 1.3 is not below it: b is skipped.
    const rb = liquidateTrove(b, 1_000, s);
    expect(rb.liquidated).toBe(false);
    expect(rb.kind).toBe('skipped');
  });

  it('recovery mode skips a 110% ≤ ICR trove whose debt the pool cannot fully absorb', () => {
    const s = system(3);
    const a = s.troves.open(12, 10_000);
    s.troves.open(13, 10_000);
    s.troves.open(13, 10_000);
    s.pool.provide(0, 9_999);
    // Same book as above (TCR 1.2667, ICR 1.2), but 9999 < 10000 in the pool → no liquidation.
    const r = liquidateTrove(a, 1_000, s);
    expect(r.liquidated).toBe(false);
    expect(s.troves.isActive(a)).toBe(true);
    expect(s.pool.totalDeposits).toBe(9_999);
  });

  it('recovery mode, ICR ≤ 100%: everything redistributed, the pool untouched', () => {
    const s = system(3);
    const a = s.troves.open(9, 10_000);
    const b = s.troves.open(12, 10_000);
    const c = s.troves.open(24, 20_000);
    s.pool.provide(0, 50_000);
    // Price 1000: TCR = 45000/40000 = 1.125 → recovery; ICR(a) = 0.9 ≤ 1.
    const r = liquidateTrove(a, 1_000, s);
    expect(r.kind).toBe('recoveryRedistribute');
    // Gas 9/200 = 0.045; redistributed 8.955 ETH and 10000 LUSD over stakes 12 and 24 (total 36).
    expectNear(r.collGasCompensation, 0.045);
    expect(r.debtOffset).toBe(0);
    expect(r.collSentToPool).toBe(0);
    expect(r.debtRedistributed).toBe(10_000);
    expectNear(r.collRedistributed, 8.955);
    // b (1/3): coll 12 + 2.985 = 14.985, debt 10000 + 3333.33…; c (2/3): coll 24 + 5.97 = 29.97, debt 26666.67.
    expectNear(s.troves.entireColl(b), 14.985);
    expectNear(s.troves.entireDebt(b), 10_000 + 10_000 / 3);
    expectNear(s.troves.entireColl(c), 29.97);
    expectNear(s.troves.entireDebt(c), 20_000 + 20_000 / 3);
    expect(s.pool.totalDeposits).toBe(50_000);
    expect(s.pool.collBalance).toBe(0);
  });

  it('recovery mode, 100% < ICR < 110%: offset then redistribute, as in normal mode', () => {
    const s = system(3);
    const a = s.troves.open(10.5, 10_000);
    s.troves.open(12, 10_000);
    s.troves.open(12, 10_000);
    s.pool.provide(0, 2_500);
    // Price 1000: TCR = 34500/30000 = 1.15 → recovery; ICR(a) = 1.05.
    const r = liquidateTrove(a, 1_000, s);
    expect(r.kind).toBe('recoveryOffset');
    // Gas 10.5/200 = 0.0525; 10.4475 liquidated; 25% offset → 2.611875 ETH to the pool, 7.835625 redistributed.
    expect(r.debtOffset).toBe(2_500);
    expectNear(r.collSentToPool, 2.611875);
    expect(r.debtRedistributed).toBe(7_500);
    expectNear(r.collRedistributed, 7.835625);
  });

  it('normal mode skips healthy troves and the last trove is never liquidated', () => {
    const s = system(2);
    const a = s.troves.open(2, 1_000);
    const b = s.troves.open(1, 1_000);
    // Price 1000: ICR(a) = 2, TCR = 3000/2000 = 1.5 (not < 1.5): normal mode, a healthy.
    expect(liquidateTrove(a, 1_000, s).liquidated).toBe(false);
    // Price 500: TCR 0.75 (recovery), b at ICR 0.5 ≤ 1 → redistributed to a; then a alone cannot be.
    expect(liquidateTrove(b, 500, s).liquidated).toBe(true);
    expect(liquidateTrove(a, 100, s).liquidated).toBe(false);
  });

  it('plans a liquidation without changing the troves or the pool', () => {
    const s = system(3);
    const a = s.troves.open(10, 10_000);
    s.troves.open(30, 6_000);
    s.troves.open(10, 2_000);
    s.pool.provide(0, 4_000);
    // Same book as the partial-pool case: offset 4000, 3.98 ETH to the pool, 6000 and 5.97 redistributed.
    const plan = planLiquidation(a, 1_000, s);
    expect(plan.liquidated).toBe(true);
    expect(plan.debtOffset).toBe(4_000);
    expectNear(plan.collSentToPool, 3.98);
    expectNear(plan.collRedistributed, 5.97);
    expect(s.troves.isActive(a)).toBe(true);
    expect(s.troves.totalStakes).toBe(50);
    expect(s.pool.totalDeposits).toBe(4_000);
    expect(s.troves.L_ETH).toBe(0);
    // The liquidation then does exactly what was planned.
    expect(liquidateTrove(a, 1_000, s)).toEqual(plan);
  });

  it('splits collateral in proportion to the offset debt', () => {
    // 3000 debt, 2.985 coll, 1000 in the pool: 1/3 offset → 0.995 ETH; 2000 and 1.99 redistributed.
    const v = offsetAndRedistribution(3_000, 2.985, 1_000);
    expect(v.debtOffset).toBe(1_000);
    expectNear(v.collSentToPool, 0.995);
    expect(v.debtRedistributed).toBe(2_000);
    expectNear(v.collRedistributed, 1.99);
    expect(offsetAndRedistribution(3_000, 2.985, 0).collRedistributed).toBe(2.985);
  });
});

describe('Stability Pool depositors across liquidations', () => {
  it('shares losses and gains pro rata over two liquidations with a deposit added in between', () => {
    const s = system(3);
    const a = s.troves.open(2, 2_000);
    const b = s.troves.open(3, 3_000);
    s.troves.open(100, 20_000);
    s.pool.provide(1, 6_000);
    s.pool.provide(2, 4_000);
    // Liquidation 1 at 1000 (ICR 1.0, TCR 105000/25000 = 4.2): gas 0.01, 2000 LUSD and 1.99 ETH offset.
    expect(liquidateTrove(a, 1_000, s).debtOffset).toBe(2_000);
    // Each deposit loses 20%: 4800 and 3200; gains 1.99·0.6 = 1.194 and 1.99·0.4 = 0.796.
    expectNear(s.pool.depositorValue(1).lusd, 4_800);
    expectNear(s.pool.depositorValue(2).collGain, 0.796);
    s.pool.provide(3, 2_000);
    // Pool 10000 again: shares 48%, 32%, 20%. Liquidation 2: gas 0.015, 3000 LUSD and 2.985 ETH offset.
    expect(liquidateTrove(b, 1_000, s).debtOffset).toBe(3_000);
    // Deposits ×0.7: 3360, 2240, 1400. Gains: 1.194 + 0.48·2.985 = 2.6268; 0.796 + 0.32·2.985 = 1.7512; 0.2·2.985 =
    // 0.597.
    const v1 = s.pool.depositorValue(1);
    const v2 = s.pool.depositorValue(2);
    const v3 = s.pool.depositorValue(3);
    expectNear(v1.lusd, 3_360);
    expectNear(v2.lusd, 2_240);
    expectNear(v3.lusd, 1_400);
    expectNear(v1.collGain, 2.6268);
    expectNear(v2.collGain, 1.7512);
    expectNear(v3.collGain, 0.597);
    // Totals: 7000 LUSD left; 1.99 + 2.985 = 4.975 ETH held.
    expectNear(s.pool.totalDeposits, 7_000);
    expectNear(s.pool.collBalance, 4.975);
  });
});
