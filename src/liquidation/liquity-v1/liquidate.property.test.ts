import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { liquidateTrove, type LiquidationResult, type LiquitySystem } from './liquidate.js';
import { StabilityPool } from './stability-pool.js';
import { Troves } from './troves.js';

const TOL = 1e-9;

/** |a − b| ≤ TOL·scale. */
function expectConserved(a: number, b: number, scale: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(TOL * Math.max(1, scale));
}

type Op =
  | { kind: 'liquidate'; trove: number | null; priceFactor: number }
  | { kind: 'provide'; depositor: number; amount: number }
  | { kind: 'withdraw'; depositor: number; fraction: number }
  | { kind: 'apply'; trove: number }
  | { kind: 'claim'; trove: number };

const troveArb = fc.record({
  coll: fc.double({ min: 1, max: 100, noNaN: true }),
  icrAt1000: fc.double({ min: 0.9, max: 4, noNaN: true }),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('liquidate' as const),
      trove: fc.option(fc.nat(9)),
      priceFactor: fc.double({ min: 0.4, max: 1.3, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('provide' as const),
      depositor: fc.nat(3),
      amount: fc.double({ min: 1, max: 50_000, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      depositor: fc.nat(3),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('apply' as const), trove: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('claim' as const), trove: fc.nat(9) }) },
);

function expectResultNonNegative(r: LiquidationResult): void {
  for (const v of [
    r.debtOffset,
    r.collSentToPool,
    r.debtRedistributed,
    r.collRedistributed,
    r.collGasCompensation,
    r.lusdGasCompensation,
    r.collSurplus,
  ]) {
    expect(v).toBeGreaterThanOrEqual(0);
  }
}

/** The active trove with the lowest ICR (what liquidateTroves starts from); -1 if none. */
function riskiest(troves: Troves, price: number): number {
  let best = -1;
  for (let i = 0; i < troves.size; i++) {
    if (troves.isActive(i) && (best < 0 || troves.icr(i, price) < troves.icr(best, price))) best = i;
  }
  return best;
}

describe('Liquity liquidation properties', () => {
  it('conserves collateral and debt and keeps every balance non-negative over random sequences', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.array(troveArb, { minLength: 3, maxLength: 10 }),
        fc.array(fc.double({ min: 0, max: 40_000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        (troveSpecs, deposits, ops) => {
          const s: LiquitySystem = { troves: new Troves(troveSpecs.length), pool: new StabilityPool() };
          // Debt chosen so that ICR at 1,000 USD/ETH is icrAt1000.
          for (const t of troveSpecs) s.troves.open(t.coll, (t.coll * 1_000) / t.icrAt1000);
          deposits.forEach((amount, d) => {
            if (amount > 0) s.pool.provide(d, amount);
          });
          const coll0 = s.troves.totalCollateral();
          const debt0 = s.troves.totalDebt();
          let lusdIn = s.pool.totalDeposits;
          let lusdOut = 0;
          let gas = 0;
          let surplus = 0;
          let offset = 0;
          let paidOut = 0;
          for (const op of ops) {
            const n = s.troves.size;
            if (op.kind === 'liquidate') {
              const price = 1_000 * op.priceFactor;
              // A given trove (often healthy, so skipped), or the riskiest one (null).
              const r = liquidateTrove(
                op.trove === null ? Math.max(0, riskiest(s.troves, price)) : op.trove % n,
                price,
                s,
              );
              kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
              expectResultNonNegative(r);
              // Each liquidation splits the trove's entire collateral and debt with nothing left over.
              expectConserved(
                r.collSentToPool + r.collRedistributed + r.collGasCompensation + r.collSurplus,
                r.entireColl,
                r.entireColl,
              );
              expectConserved(r.debtOffset + r.debtRedistributed, r.entireDebt, r.entireDebt);
              gas += r.collGasCompensation;
              surplus += r.collSurplus;
              offset += r.debtOffset;
            } else if (op.kind === 'provide') {
              paidOut += s.pool.provide(op.depositor, op.amount);
              lusdIn += op.amount;
            } else if (op.kind === 'withdraw') {
              const w = s.pool.withdraw(op.depositor, s.pool.depositorValue(op.depositor).lusd * op.fraction);
              paidOut += w.coll;
              lusdOut += w.lusd;
            } else if (op.kind === 'apply') {
              s.troves.applyPendingRewards(op.trove % n);
            } else {
              // Claimed surplus stays counted in `surplus`: it left the system to its owner.
              s.troves.claimCollSurplus(op.trove % n);
            }
            // Collateral: troves (active + default pool) + pool gains (held and paid out) + gas comp + surplus.
            expectConserved(s.troves.totalCollateral() + s.pool.collBalance + paidOut + gas + surplus, coll0, coll0);
            // Debt: troves (active + default pool) + debt offset against the pool.
            expectConserved(s.troves.totalDebt() + offset, debt0, debt0);
            // Pool LUSD: deposits in − withdrawals − offsets.
            expectConserved(s.pool.totalDeposits, lusdIn - lusdOut - offset, lusdIn);
            // Per-trove entire values add up to the system totals.
            let sumColl = 0;
            let sumDebt = 0;
            for (let i = 0; i < n; i++) {
              for (const v of [s.troves.coll[i], s.troves.debt[i], s.troves.stake[i], s.troves.collSurplus[i]]) {
                expect(v).toBeGreaterThanOrEqual(0);
              }
              sumColl += s.troves.entireColl(i);
              sumDebt += s.troves.entireDebt(i);
            }
            expectConserved(sumColl, s.troves.totalCollateral(), coll0);
            expectConserved(sumDebt, s.troves.totalDebt(), debt0);
            // Depositors' compounded deposits and gains add up to the pool's balances.
            let sumLusd = 0;
            let sumGain = 0;
            for (let d = 0; d < 4; d++) {
              const v = s.pool.depositorValue(d);
              expect(v.lusd).toBeGreaterThanOrEqual(0);
              expect(v.collGain).toBeGreaterThanOrEqual(0);
              sumLusd += v.lusd;
              sumGain += v.collGain;
            }
            expectConserved(sumLusd, s.pool.totalDeposits, lusdIn);
            expectConserved(sumGain, s.pool.collBalance, coll0);
            for (const v of [
              s.troves.activeColl,
              s.troves.activeDebt,
              s.troves.defaultColl,
              s.troves.defaultDebt,
              s.pool.totalDeposits,
              s.pool.collBalance,
            ]) {
              expect(v).toBeGreaterThanOrEqual(0);
            }
          }
        },
      ),
      { numRuns: 300, seed: 20240611 },
    );
    // The generated sequences reach every TroveManager branch.
    for (const k of ['normal', 'recoveryRedistribute', 'recoveryOffset', 'recoveryCapped', 'skipped']) {
      expect(kinds.get(k) ?? 0).toBeGreaterThan(0);
    }
  });
});
