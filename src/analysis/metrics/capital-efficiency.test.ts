import { describe, expect, it } from 'vitest';
import { CapitalEfficiencyTracker, type CapitalEfficiencyProtocol } from './capital-efficiency.js';

/** A protocol with two accounts (1 and 2 ETH, 1000 USD debt each), set threshold 0.8 scaled by `scale`. */
function fake() {
  const p = {
    book: { collateral: new Float64Array([1, 2]), debt: new Float64Array([1000, 1000]) },
    price: 2000,
    debtPrice: 1,
    settings: { liquidationThreshold: 0.8 },
    bookWrites: 0,
    dynamicThreshold: { changes: 0 },
    scale: 1,
    thresholdOf(this: { scale: number }) {
      return 0.8 * this.scale;
    },
  };
  return p;
}

describe('CapitalEfficiencyTracker', () => {
  it('averages the three ratios over blocks (hand-derived)', () => {
    const p = fake();
    const tracker = new CapitalEfficiencyTracker();
    // Block 1: collateral 3·2000 = 6000, debt 2000 ⇒ LTV 1/3; power 6000·0.8 = 4800 ⇒ used 5/12; capacity 1.
    tracker.observe([p as CapitalEfficiencyProtocol]);
    // Block 2: price 1000, threshold cut to 0.72: collateral 3000 ⇒ LTV 2/3; power 2160 ⇒ used 25/27; capacity 0.9.
    p.price = 1000;
    p.scale = 0.9;
    p.dynamicThreshold.changes = 1;
    tracker.observe([p as CapitalEfficiencyProtocol]);
    const result = tracker.result();
    expect(result.averageLtv).toBeCloseTo(0.5, 12);
    expect(result.borrowingPowerUsed).toBeCloseTo((5 / 12 + 25 / 27) / 2, 12);
    expect(result.borrowingCapacity).toBeCloseTo(0.95, 12);
  });

  it('re-reads a book when it was written, sums protocols before dividing', () => {
    const a = fake();
    const b = fake();
    b.price = 1000;
    const tracker = new CapitalEfficiencyTracker();
    a.book.debt[0] = 0;
    a.bookWrites += 1;
    // a: collateral 6000 USD, debt 1000; b: 3000 USD, debt 2000 ⇒ LTV 3000/9000 = 1/3 (not the mean of 1/6 and 2/3).
    tracker.observe([a, b] as CapitalEfficiencyProtocol[]);
    expect(tracker.result().averageLtv).toBeCloseTo(1 / 3, 12);
  });

  it('is null without lending collateral', () => {
    const tracker = new CapitalEfficiencyTracker();
    tracker.observe([]);
    expect(tracker.result()).toEqual({ averageLtv: null, borrowingPowerUsed: null, borrowingCapacity: null });
  });
});
