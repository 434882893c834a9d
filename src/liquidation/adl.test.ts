import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adlScore, allocateAdl, rankAdl, type AdlCandidate, type AdlRanking } from './adl.js';

/** A long of `size` with the given PnL, entry notional and equity; notional = entry notional + PnL. */
function long(account: number, size: number, pnl: number, entryNotional: number, equity: number): AdlCandidate {
  return {
    account,
    size,
    unrealizedPnlUsd: pnl,
    entryNotionalUsd: entryNotional,
    notionalUsd: entryNotional + pnl,
    equityUsd: equity,
  };
}

describe('ADL score', () => {
  it('matches hand computations for both rankings', () => {
    // PnL 1,000 on 10,000 entry notional (10%), notional 11,000 on 2,000 equity (5.5x).
    const c = long(1, 1, 1_000, 10_000, 2_000);
    expect(adlScore(c, 'pnl-pct-leverage')).toBeCloseTo(0.55, 12); // 10% × 5.5
    expect(adlScore(c, 'pnl-times-leverage')).toBeCloseTo(5_500, 9); // 1,000 × 5.5
  });

  it('scores 0 for positions that are not profitable', () => {
    expect(adlScore(long(1, 1, 0, 10_000, 2_000), 'pnl-pct-leverage')).toBe(0);
    expect(adlScore(long(1, 1, -500, 10_000, 2_000), 'pnl-times-leverage')).toBe(0);
  });

  it('puts a profitable position with no equity at the top with a finite score', () => {
    expect(adlScore(long(1, 1, 100, 1_000, 0), 'pnl-pct-leverage')).toBe(Number.MAX_VALUE);
    expect(adlScore(long(1, 1, 100, 1_000, -50), 'pnl-times-leverage')).toBe(Number.MAX_VALUE);
    // A zero entry notional would make PnL% infinite: also the top, still finite.
    expect(adlScore(long(1, 1, 100, 0, 50), 'pnl-pct-leverage')).toBe(Number.MAX_VALUE);
  });
});

describe('ADL ranking', () => {
  it("orders BitMEX's published example (six longs with PnL rankings 3, 6, 1, 4, 5, 2)", () => {
    // bitmex.com/app/autoDeleveragingExamples. Each long has PnL 10% (100 on 1,000) and leverage 10 × rank,
    // so PnL% × leverage = rank: equity = notional / (10 × rank) = 1,100 / (10 × rank).
    const rankings = [3, 6, 1, 4, 5, 2];
    const quantities = [10, 10, 20, 30, 20, 10];
    const longs = rankings.map((rank, i) => long(i + 1, quantities[i], 100, 1_000, 1_100 / (10 * rank)));
    longs.forEach((c, i) => expect(adlScore(c, 'pnl-pct-leverage')).toBeCloseTo(rankings[i], 9));
    const queue = rankAdl(longs, 'pnl-pct-leverage');
    expect(queue.map((c) => c.account)).toEqual([2, 5, 4, 1, 6, 3]);
    // A short of 20 is liquidated: account 2 is closed in full (10), account 5 gives the other 10 of its 20.
    expect(allocateAdl(20, queue)).toEqual([
      { account: 2, size: 10 },
      { account: 5, size: 10 },
    ]);
  });

  // Hand-built list where the two rankings disagree:
  //   account 9: PnL 50, equity −10 (no equity)             → top in both (Number.MAX_VALUE)
  //   account 0: PnL 100 on 1,000, notional 1,100, equity 110 → pct 0.1 × 10 = 1,    abs 100 × 10 = 1,000
  //   account 1: the same numbers as account 0                → ties with 0; the lower account goes first
  //   account 2: PnL 5,000 on 100,000, equity 52,500         → pct 0.05 × 2 = 0.1,  abs 5,000 × 2 = 10,000
  //   account 3: PnL 300 on 1,000, equity 650                 → pct 0.3 × 2 = 0.6,   abs 300 × 2 = 600
  //   account 4: PnL −200 (losing)                            → not ranked
  const list: AdlCandidate[] = [
    long(3, 3, 300, 1_000, 650),
    long(4, 4, -200, 1_000, 100),
    long(1, 1, 100, 1_000, 110),
    long(2, 2, 5_000, 100_000, 52_500),
    long(9, 9, 50, 1_000, -10),
    long(0, 5, 100, 1_000, 110),
  ];

  it('orders by PnL% × leverage for pnl-pct-leverage', () => {
    expect(rankAdl(list, 'pnl-pct-leverage').map((c) => c.account)).toEqual([9, 0, 1, 3, 2]);
  });

  it('orders by PnL × leverage for pnl-times-leverage', () => {
    expect(rankAdl(list, 'pnl-times-leverage').map((c) => c.account)).toEqual([9, 2, 0, 1, 3]);
  });

  it('returns [] when nothing is profitable and leaves its input alone', () => {
    expect(rankAdl([], 'pnl-pct-leverage')).toEqual([]);
    expect(rankAdl([long(1, 1, -1, 100, 10), long(2, 1, 0, 100, 10)], 'pnl-times-leverage')).toEqual([]);
    const before = list.map((c) => c.account);
    rankAdl(list, 'pnl-times-leverage');
    expect(list.map((c) => c.account)).toEqual(before);
  });

  const candidate = fc.record({
    account: fc.integer({ min: 0, max: 50 }),
    size: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    unrealizedPnlUsd: fc.double({ min: -1e5, max: 1e5, noNaN: true }),
    entryNotionalUsd: fc.double({ min: 1, max: 1e6, noNaN: true }),
    notionalUsd: fc.double({ min: 1, max: 1e6, noNaN: true }),
    equityUsd: fc.double({ min: -1e5, max: 1e6, noNaN: true }),
  });
  const ranking = fc.constantFrom<AdlRanking>('pnl-pct-leverage', 'pnl-times-leverage');

  it('keeps exactly the profitable candidates, scores descending, ties by account (property)', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 30 }), ranking, (candidates, r) => {
        const queue = rankAdl(candidates, r);
        expect(queue.length).toBe(candidates.filter((c) => c.unrealizedPnlUsd > 0).length);
        for (const c of queue) {
          expect(c.unrealizedPnlUsd).toBeGreaterThan(0);
          expect(candidates).toContain(c);
          expect(Number.isFinite(adlScore(c, r))).toBe(true);
        }
        for (let i = 1; i < queue.length; i++) {
          const [previous, current] = [adlScore(queue[i - 1], r), adlScore(queue[i], r)];
          expect(previous).toBeGreaterThanOrEqual(current);
          if (previous === current) expect(queue[i - 1].account).toBeLessThanOrEqual(queue[i].account);
        }
      }),
    );
  });
});

describe('ADL allocation', () => {
  const queue = [long(7, 5, 10, 100, 10), long(3, 2, 10, 100, 20), long(8, 4, 10, 100, 30)];

  it('takes whole positions from the top and part of the last one needed', () => {
    expect(allocateAdl(6, queue)).toEqual([
      { account: 7, size: 5 },
      { account: 3, size: 1 },
    ]);
    expect(allocateAdl(5, queue)).toEqual([{ account: 7, size: 5 }]);
    expect(allocateAdl(2.5, queue)).toEqual([{ account: 7, size: 2.5 }]);
  });

  it('closes the whole queue and no more when asked for more than it holds', () => {
    expect(allocateAdl(100, queue)).toEqual([
      { account: 7, size: 5 },
      { account: 3, size: 2 },
      { account: 8, size: 4 },
    ]);
  });

  it('returns [] for a non-positive size or an empty queue', () => {
    expect(allocateAdl(0, queue)).toEqual([]);
    expect(allocateAdl(-3, queue)).toEqual([]);
    expect(allocateAdl(3, [])).toEqual([]);
  });

  it('sums to min(size to close, total size), in queue order, whole positions before the last (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { maxLength: 20 }),
        fc.double({ min: 0, max: 2e4, noNaN: true }),
        (sizes, toClose) => {
          const ranked = sizes.map((size, i) => long(i, size, 1, 100, 10));
          const fills = allocateAdl(toClose, ranked);
          const total = sizes.reduce((a, b) => a + b, 0);
          const taken = fills.reduce((a, f) => a + f.size, 0);
          expect(taken).toBeCloseTo(Math.min(toClose, total), 6);
          fills.forEach((fill, i) => {
            expect(fill.account).toBe(i);
            expect(fill.size).toBeGreaterThan(0);
            expect(fill.size).toBeLessThanOrEqual(sizes[i]);
            if (i < fills.length - 1) expect(fill.size).toBe(sizes[i]);
          });
        },
      ),
    );
  });
});
