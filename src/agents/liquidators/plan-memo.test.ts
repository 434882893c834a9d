import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { PlanMemo } from './plan-memo.js';
import { setup } from '../../protocol/lending/lending-fixture.test-helper.js';

const GAS_USD = 30;
const MIN_PROFIT_USD = 20;

/** Six accounts of 1 to 3 ETH at health 0.85 to 1.2 at 2,000 USD (LT 0.825), half of them with a reserve. */
const book = fc.array(
  fc.record({
    collateral: fc.double({ min: 1, max: 3, noNaN: true }),
    health: fc.double({ min: 0.85, max: 1.2, noNaN: true }),
    reserve: fc.boolean(),
  }),
  { minLength: 6, maxLength: 6 },
);
const operation = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), price: fc.double({ min: 1700, max: 2300, noNaN: true }) }),
  fc.record({
    kind: fc.constant('liquidate' as const),
    which: fc.nat(5),
    share: fc.double({ min: 0.05, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('topUp' as const),
    which: fc.nat(5),
    units: fc.double({ min: 0.01, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('capital' as const), usd: fc.constantFrom(500, 1e6) }),
  // An outside writer changing debt alone (as interest accrual would).
  fc.record({
    kind: fc.constant('debt' as const),
    which: fc.nat(5),
    factor: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('nothing' as const) }),
);

describe('keeper plan memo', () => {
  it('gives what fresh isLiquidatable and plan calls give, whatever changed between passes', () => {
    fc.assert(
      fc.property(book, fc.array(operation, { minLength: 1, maxLength: 25 }), (accounts, operations) => {
        const { protocol, moveTo } = setup(
          accounts.map(({ collateral, health, reserve }) => [
            collateral,
            (collateral * 2000 * 0.825) / health,
            reserve ? collateral : 0,
          ]),
        );
        const memo = new PlanMemo(protocol);
        let capital = 1e6;
        let block = 0;
        const mid = 2000;
        for (const op of operations) {
          if (op.kind === 'move') moveTo(op.price, ++block);
          if (op.kind === 'liquidate' && protocol.isLiquidatable(op.which))
            protocol.liquidate(op.which, protocol.book.debt[op.which] * op.share);
          if (op.kind === 'topUp') protocol.topUp(op.which, op.units);
          if (op.kind === 'capital') capital = op.usd;
          if (op.kind === 'debt') {
            protocol.book.debt[op.which] *= op.factor;
            protocol.markBookWritten();
          }
          memo.sync();
          // Two keepers share the memo: this one, and one whose 500 USD is below most accounts' repay cap.
          for (const keeperCapital of [capital, 500]) {
            protocol.liquidatable.forEach((account, position) => {
              const unsafe = protocol.isLiquidatable(account);
              expect(memo.lookup(position, account)).toBe(unsafe);
              if (!unsafe) return;
              const fresh = protocol.plan(account, keeperCapital / protocol.debtPrice);
              const pays = !(fresh.liquidatorReceives * mid - fresh.debtRepaid * 1 - GAS_USD <= MIN_PROFIT_USD);
              expect(memo.mayPay(keeperCapital, mid, 1, GAS_USD, MIN_PROFIT_USD)).toBe(pays);
              expect(memo.repaid()).toBe(fresh.debtRepaid);
            });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('plans nothing again while nothing it read has changed, and re-plans an account once it changes', () => {
    // At 2,000 (LT 0.825): account 0 (1 ETH, 1,700 USDC) is at health 1,650/1,700 ≈ 0.97, so half its debt may be
    // repaid (cap 850); account 1 (2 ETH, 4,500 USDC) at 3,300/4,500 ≈ 0.73 < 0.95, so all of it (cap 4,500).
    const { protocol, moveTo } = setup([
      [1, 1700, 0],
      [2, 4500, 0],
    ]);
    expect(protocol.liquidatable).toEqual([1, 0]);
    const memo = PlanMemo.of(protocol);
    expect(PlanMemo.of(protocol)).toBe(memo);
    const pass = (capital: number) => {
      memo.sync();
      protocol.liquidatable.forEach(
        (account, position) => memo.lookup(position, account) && memo.mayPay(capital, 2000, 1, GAS_USD, MIN_PROFIT_USD),
      );
    };
    const plan = vi.spyOn(protocol, 'plan');
    pass(1e6);
    expect(plan).toHaveBeenCalledTimes(2);
    // Another keeper with capital at or above both repay caps reuses the plans.
    pass(1e6);
    pass(4500);
    expect(plan).toHaveBeenCalledTimes(2);
    // Below account 1's cap: a fresh plan of account 1 with the keeper's 1,000 USDC; account 0's plan reused.
    pass(1000);
    expect(plan.mock.calls.slice(2)).toEqual([[1, 1000, expect.anything()]]);
    expect(memo.repaid()).toBe(850); // account 0 (last in the list): its cap, half of 1,700
    // Repaying 3,000 leaves account 1 with 1,500 USDC of debt, below account 0's, against 2 − 3,000·1.05/2,000 =
    // 0.425 ETH (health ≈ 0.47, still liquidatable): the relist swaps them.
    protocol.liquidate(1, 3000);
    moveTo(2000, 1);
    expect(protocol.liquidatable).toEqual([0, 1]);
    plan.mockClear();
    pass(1e6);
    pass(1e6);
    // Entries are kept by list position: both are remade once for their new accounts, then reused.
    expect(plan.mock.calls.map(([account]) => account)).toEqual([0, 1]);
  });
});
