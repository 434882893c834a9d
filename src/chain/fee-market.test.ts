import { describe, expect, it } from 'vitest';
import { FeeMarket, type FeeMarketSettings } from './fee-market.js';
import type { Transaction } from './chain.js';

const settings = (
  overrides: Partial<FeeMarketSettings['gas']> = {},
  mempool: Partial<FeeMarketSettings['mempool']> = {},
): FeeMarketSettings => ({
  gas: { mode: 'eip1559', gasLimit: 1_000_000, initialBaseFeeGwei: 10, demand: { baseGas: 0 }, ...overrides },
  mempool: { ttlBlocks: 5, backgroundTipGwei: 1, ...mempool },
});

function tx(sender: string, tip: number, ran: string[], extra: Partial<Transaction> = {}): Transaction {
  return { sender, priorityFeeGwei: tip, gasUnits: 100_000, execute: () => void ran.push(sender), ...extra };
}

describe('FeeMarket', () => {
  it('includes the highest tip first; ties keep arrival order', () => {
    const market = new FeeMarket(settings(), () => 2000);
    const ran: string[] = [];
    market.submit(tx('low', 1, ran));
    market.submit(tx('high', 5, ran));
    market.submit(tx('mid-a', 3, ran));
    market.submit(tx('mid-b', 3, ran));
    market.runBlock(1, 0);
    expect(ran).toEqual(['high', 'mid-a', 'mid-b', 'low']);
  });

  it('a transaction priced out (max fee below the base fee) never executes and is dropped after its time to live', () => {
    // Background demand at the gas target (half the limit) holds the base fee at 10 gwei.
    const market = new FeeMarket(settings({ demand: { baseGas: 500_000 } }), () => 2000);
    const ran: string[] = [];
    market.submit(tx('budget', 5, ran, { maxFeeGwei: 9 })); // base fee 10 > 9
    for (let b = 1; b <= 20; b++) market.runBlock(b, 0);
    expect(ran).toEqual([]);
    expect(market.report().transactions.liquidation?.dropped).toBe(1);
    expect(market.report().transactions.liquidation?.included).toBe(0);
  });

  it('what does not fit waits: a full block of background at a higher tip delays a low-tip transaction', () => {
    // Background fills 1M gas at 5 gwei for blocks 1–3; our tip 2 goes after it, so nothing fits until block 4.
    const market = new FeeMarket(
      settings({ demand: { baseGas: 0, spikes: [{ startBlock: 1, endBlock: 3, multiplier: 1, tipGwei: 5 }] } }),
      () => 2000,
    );
    const spiky = new FeeMarket(
      settings({
        demand: {
          baseGas: 1_000_000,
          spikes: [
            { startBlock: 1, endBlock: 3, multiplier: 1, tipGwei: 5 },
            { startBlock: 4, endBlock: 100, multiplier: 0, tipGwei: 5 },
          ],
        },
      }),
      () => 2000,
    );
    const ranCalm: string[] = [];
    const ranSpiky: string[] = [];
    market.submit(tx('user', 2, ranCalm));
    spiky.submit(tx('user', 2, ranSpiky));
    const landed = (m: FeeMarket, ran: string[]) => {
      for (let b = 1; b <= 10; b++) {
        m.runBlock(b, 0);
        if (ran.length > 0) return b;
      }
      return -1;
    };
    expect(landed(market, ranCalm)).toBe(1);
    expect(landed(spiky, ranSpiky)).toBe(4);
    expect(spiky.report().transactions.liquidation?.maxDelayBlocks).toBe(3);
  });

  it('a resubmitted stuck transaction is re-bid by the bump after rebidAfterBlocks, within its budget', () => {
    // Background at 5 gwei tip fills every block; a sender at tip 1 resubmits every block with a 2 gwei budget.
    const market = new FeeMarket(
      {
        ...settings(
          { initialBaseFeeGwei: 0, demand: { baseGas: 1_000_000 } },
          { backgroundTipGwei: 5, ttlBlocks: 100 },
        ),
        rebidAfterBlocks: 2,
      },
      () => 2000,
    );
    const ran: string[] = [];
    for (let b = 1; b <= 30; b++) {
      market.submit(tx('bot', 1, ran, { key: 'bot', maxFeeGwei: 2 }));
      market.runBlock(b, 0);
    }
    // 1 → 1.1 → 1.21 → … by 10% every 2 blocks until the next step would pass 2 gwei (1.1^7 ≈ 1.95): 7 re-bids, never
    // above 5.
    expect(market.report().transactions.liquidation?.replaced).toBe(7);
    expect(ran).toEqual([]);
  });

  it('first-price pricing: the bid is the going price plus the tip, capped by the budget; no base fee is burned', () => {
    const market = new FeeMarket(
      settings({ mode: 'first-price', demand: { baseGas: 0 } }, { backgroundTipGwei: 40 }),
      () => 2000,
    );
    expect(market.bid(3)).toEqual({ gasPriceGwei: 43 });
    expect(market.bid(3, 41)).toEqual({ gasPriceGwei: 41 });
    const ran: string[] = [];
    market.submit(tx('k', 3, ran));
    market.runBlock(1, 0);
    const liquidation = market.report().transactions.liquidation;
    expect(liquidation?.burnedUsd).toBe(0);
    // 100,000 gas × 43 gwei × 1e-9 ETH/gwei × 2,000 USD/ETH = 8.6 USD, all to the producer.
    expect(liquidation?.tipsUsd).toBeCloseTo(8.6, 9);
  });
});
