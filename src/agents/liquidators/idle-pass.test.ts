import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdlePass } from './idle-pass.js';
import { setup } from '../../protocol/lending/lending-fixture.test-helper.js';

/** The keeper's profit test (InstantLiquidator via PlanMemo.mayPay): true when the account is skipped. */
const skipped = (receives: number, repaid: number, mid: number, floor: number, gasUsd: number, minProfitUsd: number) =>
  receives * mid - repaid * floor - gasUsd <= minProfitUsd;

describe('idle keeper pass', () => {
  it('holds only for mids at which every skipped account would fail the profit test again, exactly', () => {
    const { protocol } = setup([[1, 1700, 0]]);
    const cases = fc.record({
      receives: fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
      repaid: fc.double({ min: 1, max: 1e7, noNaN: true }),
      floor: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
      gasUsd: fc.double({ min: 0, max: 500, noNaN: true }),
      minProfitUsd: fc.double({ min: -100, max: 1e4, noNaN: true }),
      scale: fc.double({ min: 0, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(cases, ({ receives, repaid, floor, gasUsd, minProfitUsd, scale }) => {
        const idle = new IdlePass(protocol);
        idle.begin(1, 1e6, gasUsd, floor);
        idle.unprofitable(receives, repaid, minProfitUsd);
        // Mids around the break-even mid, where rounding could matter, and far from it.
        const breakEven = (minProfitUsd + gasUsd + repaid * floor) / receives;
        for (const mid of [
          breakEven * scale,
          breakEven,
          breakEven * (1 - 1e-9),
          breakEven * (1 - 2e-9),
          breakEven * (1 - 1e-6),
        ]) {
          if (!(mid > 0)) continue;
          if (idle.holds(1, 1e6, gasUsd, floor, mid))
            expect(skipped(receives, repaid, mid, floor, gasUsd, minProfitUsd)).toBe(true);
        }
        // Not vacuous: well below break-even (and with room to spare) the pass is known idle. The pass keeps a slack
        // of 1e-9 of S = |minProfit| + gas + debt cost, so it holds up to breakEven·(1 − 1e-9·S/margin): at
        // breakEven·(1 − 1e-6) when the margin exceeds 1e-3·S (2e-3 leaves room for rounding).
        if (
          breakEven > 0 &&
          minProfitUsd + gasUsd + repaid * floor > 2e-3 * (Math.abs(minProfitUsd) + gasUsd + repaid * floor)
        ) {
          expect(idle.holds(1, 1e6, gasUsd, floor, breakEven * (1 - 1e-6))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('stops holding when the book, the lists, the plan inputs, the keeper or the block move on', () => {
    const { protocol, moveTo } = setup([
      [1, 1700, 1],
      [10, 1000, 0],
    ]);
    const idle = new IdlePass(protocol);
    const fresh = () => {
      idle.begin(1, 1e6, 30, 1);
      idle.waiting(protocol.block + 3);
      idle.unprofitable(0.5, 850, 20); // pays from a mid of (20 + 30 + 850)/0.5 = 1,800 less the slack
    };
    fresh();
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(true);
    expect(idle.holds(1, 1e6, 30, 1, 1800)).toBe(false); // the account might pay at this mid
    expect(idle.holds(2, 1e6, 30, 1, 1799)).toBe(false); // new plan inputs (memo epoch)
    expect(idle.holds(1, 5e5, 30, 1, 1799)).toBe(false); // other capital
    expect(idle.holds(1, 1e6, 31, 1, 1799)).toBe(false); // other gas cost
    expect(idle.holds(1, 1e6, 30, 0.99, 1799)).toBe(false); // other debt-unit floor
    protocol.topUp(0, 0.1); // a book write through the protocol
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(false);
    fresh();
    protocol.markBookWritten(); // a write from outside (a redemption)
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(false);
    fresh();
    moveTo(1500, 1); // the lists are rebuilt at the new price
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(false);
    fresh();
    moveTo(1500, 2); // same price, same accounts: the lists are kept
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(true);
    moveTo(1500, 4); // the latency wait (until block 1 + 3) is over
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(false);
    fresh();
    idle.busy();
    expect(idle.holds(1, 1e6, 30, 1, 1799)).toBe(false);
  });
});
