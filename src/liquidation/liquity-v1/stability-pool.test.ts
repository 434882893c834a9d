import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SCALE_FACTOR, StabilityPool } from './stability-pool.js';

/** |actual − expected| ≤ tol·max(1e-300, |expected|): relative check that also works for tiny values. */
function expectRel(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1e-300, Math.abs(expected)));
}

describe('Liquity Stability Pool (product-sum P/S)', () => {
  it('offsets pro rata: each deposit loses the same fraction and gains collateral by share', () => {
    const pool = new StabilityPool();
    pool.provide(0, 6_000);
    pool.provide(1, 4_000);
    pool.offset(5_000, 2.5);
    // Loss 5000/10000 = 50% of each deposit; gains 2.5·0.6 = 1.5 and 2.5·0.4 = 1.
    expectRel(pool.depositorValue(0).lusd, 3_000);
    expectRel(pool.depositorValue(0).collGain, 1.5);
    expectRel(pool.depositorValue(1).lusd, 2_000);
    expectRel(pool.depositorValue(1).collGain, 1);
    expect(pool.totalDeposits).toBe(5_000);
    expect(pool.collBalance).toBe(2.5);
    expectRel(pool.P, 0.5);
  });

  it('pays the gain out and re-records the compounded deposit on a top-up', () => {
    const pool = new StabilityPool();
    pool.provide(0, 1_000);
    pool.offset(200, 0.5);
    // Compounded 800, gain 0.5; topping up 200 pays the 0.5 out and records 1000 at the current P.
    expect(pool.provide(0, 200)).toBeCloseTo(0.5, 12);
    expectRel(pool.depositorValue(0).lusd, 1_000);
    expect(pool.depositorValue(0).collGain).toBe(0);
    expect(pool.collBalance).toBeCloseTo(0, 12);
    // Withdrawing more than the deposit returns the deposit only.
    const w = pool.withdraw(0, 5_000);
    expectRel(w.lusd, 1_000);
    expect(pool.totalDeposits).toBeCloseTo(0, 9);
  });

  it('starts a new epoch when the pool is emptied, keeping old gains claimable', () => {
    const pool = new StabilityPool();
    pool.provide(0, 1_000);
    pool.offset(1_000, 1);
    // Whole pool used: deposit 0, gain 1; epoch 1, P back to 1.
    expect(pool.currentEpoch).toBe(1);
    expect(pool.P).toBe(1);
    expect(pool.depositorValue(0)).toEqual({ lusd: 0, collGain: 1 });
    pool.provide(1, 500);
    pool.offset(100, 0.2);
    // Depositor 1 alone: 500 − 100 = 400, gain 0.2; depositor 0 unaffected.
    expectRel(pool.depositorValue(1).lusd, 400);
    expectRel(pool.depositorValue(1).collGain, 0.2);
    expect(pool.depositorValue(0)).toEqual({ lusd: 0, collGain: 1 });
  });

  it('tracks deposits and gains across a scale change', () => {
    const pool = new StabilityPool();
    // 2^20 deposited, offset leaves 2^-14: factor 2^-34 ≈ 5.8e-11 < 1e-9, so P is rescaled by 1e9.
    pool.provide(0, 2 ** 20);
    pool.offset(2 ** 20 - 2 ** -14, 1);
    expect(pool.currentScale).toBe(1);
    expectRel(pool.P, 2 ** -34 * SCALE_FACTOR);
    expectRel(pool.depositorValue(0).lusd, 2 ** -14);
    // A second depositor joins with 3·2^-14 (total 4·2^-14); offsetting 2·2^-14 halves both.
    pool.provide(1, 3 * 2 ** -14);
    pool.offset(2 * 2 ** -14, 0.004);
    expectRel(pool.depositorValue(0).lusd, 2 ** -15);
    expectRel(pool.depositorValue(1).lusd, 1.5 * 2 ** -14);
    // Gains: depositor 0 has 1 from the first offset plus a quarter of 0.004; depositor 1 three quarters.
    expectRel(pool.depositorValue(0).collGain, 1.001, 1e-9);
    expectRel(pool.depositorValue(1).collGain, 0.003, 1e-9);
  });

  it('refuses to offset more than the deposits and ignores an empty pool', () => {
    const pool = new StabilityPool();
    pool.offset(100, 1);
    expect(pool.collBalance).toBe(0);
    pool.provide(0, 50);
    expect(() => pool.offset(100, 1)).toThrow(RangeError);
    expect(() => pool.provide(0, 0)).toThrow(RangeError);
  });

  it('keeps deposits and gains summing to the pool balances through deep depletions, scales and epochs', () => {
    type Op = { kind: 'provide'; d: number; exp: number } | { kind: 'offset'; depth: number; coll: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('provide' as const),
        d: fc.nat(4),
        exp: fc.double({ min: -3, max: 6, noNaN: true }),
      }),
      // depth 0 empties the pool; depth k leaves a fraction 10^-k of it.
      fc.record({
        kind: fc.constant('offset' as const),
        depth: fc.double({ min: 0, max: 14, noNaN: true }),
        coll: fc.double({ min: 0, max: 1_000, noNaN: true }),
      }),
    );
    let scaleChanges = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const pool = new StabilityPool();
        let collIn = 0;
        let paidOut = 0;
        for (const op of ops) {
          if (op.kind === 'provide') {
            paidOut += pool.provide(op.d, 10 ** op.exp);
          } else if (pool.totalDeposits > 0) {
            const total = pool.totalDeposits;
            const debt = op.depth < 0.5 ? total : total * (1 - 10 ** -op.depth);
            const before = pool.currentScale;
            pool.offset(debt, op.coll);
            if (pool.currentScale > before) scaleChanges++;
            collIn += op.coll;
          }
          let lusd = 0;
          let gain = 0;
          for (let d = 0; d < 5; d++) {
            const v = pool.depositorValue(d);
            expect(v.lusd).toBeGreaterThanOrEqual(0);
            expect(v.collGain).toBeGreaterThanOrEqual(0);
            lusd += v.lusd;
            gain += v.collGain;
          }
          // Compounded deposits sum to the pool's LUSD; gains held + paid out sum to the collateral received.
          expect(Math.abs(lusd - pool.totalDeposits)).toBeLessThanOrEqual(1e-9 * Math.max(pool.totalDeposits, 1e-9));
          expect(Math.abs(gain + paidOut - collIn)).toBeLessThanOrEqual(1e-9 * Math.max(collIn, 1));
          expect(Math.abs(pool.collBalance + paidOut - collIn)).toBeLessThanOrEqual(1e-9 * Math.max(collIn, 1));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(scaleChanges).toBeGreaterThan(0);
  });
});
