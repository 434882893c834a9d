import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priorityGasAuction } from './pga.js';

describe('priorityGasAuction', () => {
  it('refuses a non-finite maximum (two unbounded bidders would raise each other forever)', () => {
    expect(() => priorityGasAuction([{ tipGwei: 2, maxTipGwei: Infinity }, { tipGwei: 2, maxTipGwei: 5 }])).toThrow(/finite/);
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
    // The rival stops once its next 10% raise would pass its 80 gwei: its last bid is in (80/1.1, 80], and the winner tops it.
    expect(a).toBeGreaterThan(80 / 1.1);
    expect(a).toBeLessThanOrEqual(80 * 1.1 + 1e-6);
    expect(b).toBeLessThanOrEqual(80);
  });

  it('property: the winner is a bidder with the highest maximum, and no tip exceeds its maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ tipGwei: fc.double({ min: 0.1, max: 10, noNaN: true }), maxTipGwei: fc.double({ min: 0.1, max: 1000, noNaN: true }) }), { minLength: 2, maxLength: 6 }), (bids) => {
        const tips = priorityGasAuction(bids);
        tips.forEach((t, i) => expect(t).toBeLessThanOrEqual(Math.max(bids[i].maxTipGwei, 0)));
        const winner = tips.indexOf(Math.max(...tips));
        const best = Math.max(...bids.map((b) => b.maxTipGwei));
        // A bidder whose maximum is below its opening tip is capped there; otherwise the top value wins.
        if (bids.every((b) => b.tipGwei <= b.maxTipGwei)) expect(bids[winner].maxTipGwei).toBeGreaterThanOrEqual(best / 1.1 - 1e-9);
      }),
    );
  });
});
