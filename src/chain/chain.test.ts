import { describe, expect, it } from 'vitest';
import { Chain } from './chain.js';
import { Clock } from '../kernel/clock.js';

describe('chain', () => {
  it('orders a block by priority fee, ties in submission order', () => {
    const chain = new Chain(new Clock(12), 20, () => 2000);
    const ran: string[] = [];
    const tx = (sender: string, priorityFeeGwei: number) => ({
      sender,
      priorityFeeGwei,
      execute: () => ran.push(sender),
    });
    chain.submit(tx('a', 1));
    chain.submit(tx('b', 3));
    chain.submit(tx('c', 1));
    chain.submit(tx('d', 2));
    chain.executePending();
    expect(ran).toEqual(['b', 'd', 'a', 'c']);
    chain.executePending();
    expect(ran).toHaveLength(4);
  });

  it('runs a transaction submitted while a block executes in the next block', () => {
    const chain = new Chain(new Clock(12), 20, () => 2000);
    const ran: string[] = [];
    chain.submit({
      sender: 'a',
      priorityFeeGwei: 1,
      execute: () => {
        ran.push('a');
        chain.submit({ sender: 'late', priorityFeeGwei: 9, execute: () => ran.push('late') });
      },
    });
    chain.submit({ sender: 'b', priorityFeeGwei: 0, execute: () => ran.push('b') });
    chain.executePending();
    expect(ran).toEqual(['a', 'b']);
    chain.executePending();
    expect(ran).toEqual(['a', 'b', 'late']);
  });

  it('orders blocks of every size by fee, highest first, ties in submission order', () => {
    for (const count of [2, 5, 32, 33, 100]) {
      const chain = new Chain(new Clock(12), 20, () => 2000);
      const ran: number[] = [];
      const fees = Array.from({ length: count }, (_, i) => (i * 7) % 4); // 0, 3, 2, 1, 0, 3, …
      fees.forEach((fee, i) => chain.submit({ sender: `s${i}`, priorityFeeGwei: fee, execute: () => ran.push(i) }));
      chain.executePending();
      // By hand: every index with fee 3 in submission order, then fee 2, 1, 0.
      const expected = [3, 2, 1, 0].flatMap((fee) => fees.flatMap((f, i) => (f === fee ? [i] : [])));
      expect(ran).toEqual(expected);
    }
  });

  it('prices gas as units·(base + tip) gwei·1e-9·native price', () => {
    const chain = new Chain(new Clock(12), 20, () => 2000);
    // 400,000 gas at 22 gwei = 0.0088 ETH = 17.6 USD at 2,000.
    expect(chain.gasCostUsd(400_000, 2)).toBeCloseTo(17.6, 10);
  });
});
