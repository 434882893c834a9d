import { describe, expect, it } from 'vitest';
import { KeeperQueue } from './keeper-queue.js';

describe('keepers clear liquidation work within their capital, calls and latency', () => {
  it('capital caps the debt repaid per block; the rest waits for the next block', () => {
    const queue = new KeeperQueue([{ capitalUsd: 1e6, callsPerBlock: 1000, latencyBlocks: 0 }]);
    queue.add(5, { units: 1000, repaidUsd: 1.8e6, accounts: 40 });
    const first = { ...queue.take(5) };
    // 1M of 1.8M repaid: 5/9 of the units and accounts.
    expect(first.units).toBeCloseTo(1000 * (5 / 9), 9);
    expect(first.repaidUsd).toBeCloseTo(1e6, 6);
    expect(first.accounts).toBeCloseTo(40 * (5 / 9), 9);
    expect(queue.backlogged).toBe(true);
    expect(queue.take(6).units).toBeCloseTo(1000 * (4 / 9), 9);
    expect(queue.isEmpty).toBe(true);
    expect(queue.backlogged).toBe(false);
    expect(queue.limitedBlocks).toBe(1);
  });

  it('calls per block cap the accounts; keepers run in order and share what is left', () => {
    const queue = new KeeperQueue([
      { capitalUsd: 1e9, callsPerBlock: 10, latencyBlocks: 0 },
      { capitalUsd: 1e9, callsPerBlock: 5, latencyBlocks: 0 },
    ]);
    queue.add(1, { units: 300, repaidUsd: 5e5, accounts: 30 });
    // 10 + 5 of 30 accounts: half the work.
    expect(queue.take(1).units).toBeCloseTo(150, 9);
    expect(queue.take(2).units).toBeCloseTo(150, 9);
  });

  it('a keeper takes only work that has been due for its latency, oldest first', () => {
    const queue = new KeeperQueue([{ capitalUsd: 1e6, callsPerBlock: 1000, latencyBlocks: 2 }]);
    queue.add(10, { units: 100, repaidUsd: 6e5, accounts: 5 });
    queue.add(10, { units: 50, repaidUsd: 6e5, accounts: 5 });
    queue.add(11, { units: 30, repaidUsd: 1e5, accounts: 1 });
    expect(queue.take(10).units).toBe(0);
    expect(queue.take(11).units).toBe(0);
    expect(queue.backlogged).toBe(false); // waiting for latency is not a limit
    // Block 12: the first item (6e5) whole, then 4e5 of the second's 6e5; the third is not due for this keeper yet.
    expect(queue.take(12).units).toBeCloseTo(100 + 50 * (4 / 6), 9);
    expect(queue.backlogged).toBe(true);
    expect(queue.take(13).units).toBeCloseTo(50 * (2 / 6) + 30, 9);
    expect(queue.isEmpty).toBe(true);
  });

  it('work added for a later block (an auction still running) waits behind nothing and ahead of nothing', () => {
    const queue = new KeeperQueue([{ capitalUsd: 1e9, callsPerBlock: 1000, latencyBlocks: 0 }]);
    queue.add(20, { units: 7, repaidUsd: 1e4, accounts: 1 });
    queue.add(3, { units: 2, repaidUsd: 1e4, accounts: 1 });
    expect(queue.take(3).units).toBe(2);
    expect(queue.take(19).units).toBe(0);
    expect(queue.take(20).units).toBe(7);
  });

  it('without keepers nothing is ever sold', () => {
    const queue = new KeeperQueue([]);
    queue.add(1, { units: 10, repaidUsd: 1e4, accounts: 1 });
    expect(queue.take(100).units).toBe(0);
    expect(queue.waiting.units).toBe(10);
  });
});
