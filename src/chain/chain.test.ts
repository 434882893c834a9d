import { describe, expect, it } from 'vitest';
import { Chain } from './chain.js';
import { Clock } from '../kernel/clock.js';

describe('chain', () => {
  it('orders a block by priority fee, ties in submission order', () => {
    const chain = new Chain(new Clock(12), 20, () => 2000);
    const ran: string[] = [];
    const tx = (sender: string, priorityFeeGwei: number) => ({ sender, priorityFeeGwei, execute: () => ran.push(sender) });
    chain.submit(tx('a', 1));
    chain.submit(tx('b', 3));
    chain.submit(tx('c', 1));
    chain.submit(tx('d', 2));
    chain.executePending();
    expect(ran).toEqual(['b', 'd', 'a', 'c']);
    chain.executePending();
    expect(ran).toHaveLength(4);
  });

  it('prices gas as units·(base + tip) gwei·1e-9·native price', () => {
    const chain = new Chain(new Clock(12), 20, () => 2000);
    // 400,000 gas at 22 gwei = 0.0088 ETH = 17.6 USD at 2,000.
    expect(chain.gasCostUsd(400_000, 2)).toBeCloseTo(17.6, 10);
  });
});
