import { describe, expect, it } from 'vitest';
import { WRITE_CHUNK_BITS } from '../../protocol/lending/account-book.js';
import { CapitalEfficiencyTracker, type CapitalEfficiencyProtocol } from './capital-efficiency.js';

/** Accounts per chunk of the book's write counters. */
const CHUNK = 2 ** WRITE_CHUNK_BITS;

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

describe('CapitalEfficiencyTracker on a book of several chunks', () => {
  /** A book of CHUNK + 3 accounts (two chunks) with uneven amounts, as AccountBook counts writes. */
  function big() {
    const n = CHUNK + 3;
    const collateral = new Float64Array(n);
    const debt = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      collateral[i] = 1 + (i % 7) / 3;
      debt[i] = 900 + (i % 11) * 0.1;
    }
    return {
      book: { collateral, debt, chunkWrites: new Uint32Array(2) },
      price: 2000,
      debtPrice: 1,
      settings: { liquidationThreshold: 0.8 },
      bookWrites: 0,
      thresholdOf: () => 0.8,
    };
  }
  /** The definition: each chunk of CHUNK accounts summed in order, then the chunk sums in order. */
  function chunked(values: Float64Array): number {
    const sums = [0, 0];
    for (let i = 0; i < values.length; i++) sums[i < CHUNK ? 0 : 1] += values[i];
    return 0 + sums[0] + sums[1];
  }

  it('re-reads only written chunks and adds the chunk sums in order', () => {
    const p = big();
    const tracker = new CapitalEfficiencyTracker();
    tracker.observe([p]);
    // A write to account 5 (chunk 0) and one to the last account (chunk 1), each counted in its chunk.
    p.book.debt[5] = 0;
    p.book.collateral[CHUNK + 2] = 10;
    p.book.chunkWrites[0] += 1;
    p.book.chunkWrites[1] += 1;
    p.bookWrites += 2;
    tracker.observe([p]);
    const ltv2 = chunked(p.book.debt) / (chunked(p.book.collateral) * 2000);
    const first = (() => {
      const q = big();
      return chunked(q.book.debt) / (chunked(q.book.collateral) * 2000);
    })();
    expect(tracker.result().averageLtv).toBe((first + ltv2) / 2);
  });

  it('misses an uncounted write (the counters are the contract): a write counted elsewhere leaves chunk 1 as read', () => {
    const p = big();
    const tracker = new CapitalEfficiencyTracker();
    tracker.observe([p]);
    const before = chunked(p.book.debt);
    p.book.debt[CHUNK] = 0; // chunk 1, not counted there
    p.book.chunkWrites[0] += 1;
    p.bookWrites += 1;
    tracker.observe([p]);
    const collateralUsd = chunked(p.book.collateral) * 2000;
    expect(tracker.result().averageLtv).toBe((before / collateralUsd + before / collateralUsd) / 2);
  });
});
