import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priorityGasAuction } from './pga.js';

describe('priorityGasAuction', () => {
  it('refuses a non-finite maximum (two unbounded bidders would raise each other forever)', () => {
    expect(() =>
      priorityGasAuction([
        { tipGwei: 2, maxTipGwei: Infinity },
        { tipGwei: 2, maxTipGwei: 5 },
      ]),
    ).toThrow(/finite/);
  });

  it('refuses a bump of 0: with rivals tipping 1e8 gwei each raise of 1 wei rounded away and the auction never ended', () => {
    // Found by the random-world property test: a scenario with priceBumpPercent 0 hung in its first contested block.
    // The schema now requires a whole percent ≥ 1 (geth resets a price bump below 1 to 10).
    expect(() =>
      priorityGasAuction(
        [
          { tipGwei: 1e8, maxTipGwei: 3e8 },
          { tipGwei: 1e8, maxTipGwei: 2e8 },
        ],
        0,
      ),
    ).toThrow(/bumpPercent must be > 0/);
  });

  it('ends after a number of rounds logarithmic in the tips at a 1% bump, however far apart opening and maximum are', () => {
    // From 1e-9 gwei to 1e15 gwei at ×1.01 a raise is ~5,600 raises per bidder; the winner pays within 1% of the
    // runner-up's maximum (it outbids the last raise the runner-up could afford).
    const [a, b] = priorityGasAuction(
      [
        { tipGwei: 0, maxTipGwei: 2e15 },
        { tipGwei: 0, maxTipGwei: 1e15 },
      ],
      1,
    );
    expect(a).toBeGreaterThan(b);
    expect(a).toBeGreaterThanOrEqual(1e15 / 1.01);
    expect(a).toBeLessThanOrEqual(1e15 * 1.01);
  });

  it('a lone bidder keeps its opening tip', () => {
    expect(priorityGasAuction([{ tipGwei: 2, maxTipGwei: 500 }])).toEqual([2]);
  });

  it('two bidders: the one that values it more wins, paying within a bump (10%) of the rival maximum', () => {
    const [a, b] = priorityGasAuction([
      { tipGwei: 2, maxTipGwei: 100 },
      { tipGwei: 2, maxTipGwei: 80 },
    ]);
    expect(a).toBeGreaterThan(b);
    // The rival stops once its next 10% raise would pass its 80 gwei: its last bid is in (80/1.1, 80], and the winner
    // tops it.
    expect(a).toBeGreaterThan(80 / 1.1);
    expect(a).toBeLessThanOrEqual(80 * 1.1 + 1e-6);
    expect(b).toBeLessThanOrEqual(80);
  });

  it('property: the winner is a bidder with the highest maximum, and no tip exceeds its maximum', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tipGwei: fc.double({ min: 0.1, max: 10, noNaN: true }),
            maxTipGwei: fc.double({ min: 0.1, max: 1000, noNaN: true }),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        (bids) => {
          const tips = priorityGasAuction(bids);
          tips.forEach((t, i) => expect(t).toBeLessThanOrEqual(Math.max(bids[i].maxTipGwei, 0)));
          const winner = tips.indexOf(Math.max(...tips));
          const best = Math.max(...bids.map((b) => b.maxTipGwei));
          // A bidder whose maximum is below its opening tip is capped there; otherwise the top value wins.
          if (bids.every((b) => b.tipGwei <= b.maxTipGwei))
            expect(bids[winner].maxTipGwei).toBeGreaterThanOrEqual(best / 1.1 - 1e-9);
        },
      ),
    );
  });
});
