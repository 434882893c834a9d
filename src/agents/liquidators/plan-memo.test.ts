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
          protocol.liquidatable.forEach((account, position) => {
            const unsafe = protocol.isLiquidatable(account);
            expect(memo.lookup(position, account, capital)).toBe(unsafe);
            if (!unsafe) return;
            const fresh = protocol.plan(account, capital / protocol.debtPrice);
            expect(memo.repaid(position)).toBe(fresh.debtRepaid);
            const pays = !(fresh.liquidatorReceives * mid - fresh.debtRepaid * 1 - GAS_USD <= MIN_PROFIT_USD);
            expect(memo.mayPay(position, mid, 1, GAS_USD, MIN_PROFIT_USD)).toBe(pays);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('plans nothing again while nothing it read has changed, and re-plans an account once it changes', () => {
    const { protocol } = setup([
      [1, 1700, 0],
      [2, 3500, 0],
    ]);
    expect(protocol.liquidatable).toHaveLength(2);
    const memo = new PlanMemo(protocol);
    const pass = () => {
      memo.sync();
      protocol.liquidatable.forEach(
        (account, position) => memo.lookup(position, account, 1e6) && memo.repaid(position),
      );
    };
    const plan = vi.spyOn(protocol, 'plan');
    pass();
    expect(plan).toHaveBeenCalledTimes(2);
    pass();
    pass();
    expect(plan).toHaveBeenCalledTimes(2);
    protocol.liquidate(1, 100);
    pass();
    // Largest debt first: account 1, then 0; then the liquidation's own plan of account 1, then its re-plan.
    expect(plan.mock.calls.map(([account]) => account)).toEqual([1, 0, 1, 1]);
  });
});
