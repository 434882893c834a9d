import { describe, expect, it } from 'vitest';
import { GasMarket } from './gas-market.js';
import { Mempool, type FeeBid } from './mempool.js';

const tx = (key: string, gasUnits: number, fees: FeeBid, submitBlock = 1) => ({
  key,
  sender: key,
  gasUnits,
  fees,
  submitBlock,
  payload: key,
});
const bid = (maxFeePerGasGwei: number, maxPriorityFeePerGasGwei: number): FeeBid => ({
  maxFeePerGasGwei,
  maxPriorityFeePerGasGwei,
});
const keys = (built: { included: readonly { tx: { key: string } }[] }) => built.included.map((i) => i.tx.key);

describe('Mempool.buildBlock', () => {
  it('orders by effective tip min(maxPriority, maxFee − baseFee), ties by arrival', () => {
    const pool = new Mempool<string>({ ttlBlocks: 10 });
    // Base fee 10. A: min(2, 20−10) = 2. B: min(5, 11−10) = 1. C: min(3, 30−10) = 3. D: min(3, 14−10) = 3, after C.
    pool.submit(tx('A', 100_000, bid(20, 2)));
    pool.submit(tx('B', 100_000, bid(11, 5)));
    pool.submit(tx('C', 100_000, bid(30, 3)));
    pool.submit(tx('D', 100_000, bid(14, 3)));
    const built = pool.buildBlock(1, 10, 30_000_000, 0);
    expect(keys(built)).toEqual(['C', 'D', 'A', 'B']);
    expect(built.included.map((i) => i.effectiveTipGwei)).toEqual([3, 3, 2, 1]);
    // Burned 4 · 100k · 10 = 4,000,000 gwei; tips 100k · (3 + 3 + 2 + 1) = 900,000 gwei.
    expect(built.burnedGwei).toBe(4_000_000);
    expect(built.tipsGwei).toBe(900_000);
    expect(built.gasUsed).toBe(400_000);
    expect(pool.size).toBe(0);
  });

  it('never includes a tx whose maxFee stays below the base fee', () => {
    // Background fills the 15M target every block, so gasUsed ≥ target and the base fee never falls below 100.
    const market = new GasMarket({
      mode: 'eip1559',
      gasLimit: 30_000_000,
      initialBaseFeeGwei: 100,
      demand: { baseGas: 15_000_000 },
    });
    const pool = new Mempool<string>({ ttlBlocks: 100 });
    pool.submit(tx('low', 21_000, bid(99, 50)));
    pool.submit(tx('ok', 21_000, bid(200, 1)));
    const ran: string[] = [];
    for (let block = 1; block <= 6; block++) {
      expect(market.baseFeeGwei).toBeGreaterThanOrEqual(100);
      const built = pool.buildBlock(block, market.baseFeeGwei, market.gasLimit, market.backgroundGas(block, 0));
      ran.push(...keys(built));
      market.advance(built.gasUsed);
    }
    expect(ran).toEqual(['ok']);
    expect(pool.pending().map((p) => p.key)).toEqual(['low']);
  });

  it('packs greedily under the gas limit; a tx that does not fit waits while smaller ones enter', () => {
    const pool = new Mempool<string>({ ttlBlocks: 10 });
    // Limit 1M, base 0. By tip: A 500k (room 500k), B 600k skipped, C 400k (room 100k), D 100k (room 0).
    pool.submit(tx('A', 500_000, bid(5, 5)));
    pool.submit(tx('B', 600_000, bid(4, 4)));
    pool.submit(tx('C', 400_000, bid(3, 3)));
    pool.submit(tx('D', 100_000, bid(2, 2)));
    const first = pool.buildBlock(1, 0, 1_000_000, 0);
    expect(keys(first)).toEqual(['A', 'C', 'D']);
    expect(first.gasUsed).toBe(1_000_000);
    expect(keys(pool.buildBlock(2, 0, 1_000_000, 0))).toEqual(['B']);
  });

  it('lets background demand take its share at its tip: higher tips go first, equal and lower tips after', () => {
    const pool = new Mempool<string>({ ttlBlocks: 10, backgroundTipGwei: 2 });
    // Limit 1M, background 600k at tip 2. A (tip 3) 300k first → 700k left; background 600k → 100k left;
    // B (tip 2, loses the tie to background) 200k and C (tip 1) 150k do not fit.
    pool.submit(tx('A', 300_000, bid(50, 3)));
    pool.submit(tx('B', 200_000, bid(50, 2)));
    pool.submit(tx('C', 150_000, bid(50, 1)));
    const built = pool.buildBlock(1, 10, 1_000_000, 600_000);
    expect(keys(built)).toEqual(['A']);
    expect(built.backgroundGasUsed).toBe(600_000);
    expect(built.gasUsed).toBe(900_000);
    // Background pays 600k · 10 burned and 600k · 2 tips.
    expect(built.backgroundBurnedGwei).toBe(6_000_000);
    expect(built.backgroundTipsGwei).toBe(1_200_000);
    // Next block, no background: B then C.
    expect(keys(pool.buildBlock(2, 10, 1_000_000, 0))).toEqual(['B', 'C']);
  });

  it('caps background at the room left in the block', () => {
    const pool = new Mempool<string>({ ttlBlocks: 10 });
    pool.submit(tx('A', 400_000, bid(50, 1)));
    // A (tip 1 > background tip 0) takes 400k; background wants 5M and gets the remaining 600k.
    const built = pool.buildBlock(1, 10, 1_000_000, 5_000_000);
    expect(built.backgroundGasUsed).toBe(600_000);
    expect(built.gasUsed).toBe(1_000_000);
  });

  it('drops txs older than the TTL and reports them', () => {
    const pool = new Mempool<string>({ ttlBlocks: 2 });
    pool.submit(tx('stuck', 21_000, bid(5, 1), 1));
    // Base 10 > maxFee 5: waits in blocks 1, 2, 3 (ages 0, 1, 2 ≤ TTL); block 4 (age 3) drops it.
    for (const block of [1, 2, 3]) expect(pool.buildBlock(block, 10, 1_000_000, 0).dropped).toEqual([]);
    const built = pool.buildBlock(4, 10, 1_000_000, 0);
    expect(built.dropped.map((d) => d.key)).toEqual(['stuck']);
    expect(pool.size).toBe(0);
  });
});

describe('Mempool.submit replacement (geth price bump 10%)', () => {
  it('refuses a 9% bump, accepts 10% on both caps, refuses a bump of one cap only', () => {
    const pool = new Mempool<string>({ ttlBlocks: 10 });
    expect(pool.submit(tx('k', 21_000, bid(100, 10))).status).toBe('added');
    // Thresholds: 100·110/100 = 110 and 10·110/100 = 11.
    expect(pool.submit(tx('k', 21_000, bid(109, 10.9))).status).toBe('underpriced');
    expect(pool.submit(tx('k', 21_000, bid(120, 10))).status).toBe('underpriced');
    const result = pool.submit(tx('k', 21_000, bid(110, 11)));
    expect(result.status).toBe('replaced');
    expect(pool.pending().map((p) => [p.maxFeeGwei, p.maxTipGwei])).toEqual([[110, 11]]);
  });
});

describe('first-price mode', () => {
  it('has no base fee; txs pay their own gas price, highest first, ties by arrival, nothing burned', () => {
    const market = new GasMarket({
      mode: 'first-price',
      gasLimit: 30_000_000,
      initialBaseFeeGwei: 100,
      demand: { baseGas: 0 },
    });
    const pool = new Mempool<string>({ ttlBlocks: 10 });
    pool.submit(tx('p30', 100_000, { gasPriceGwei: 30 }));
    pool.submit(tx('p50a', 100_000, { gasPriceGwei: 50 }));
    pool.submit(tx('p40', 100_000, { gasPriceGwei: 40 }));
    pool.submit(tx('p50b', 100_000, { gasPriceGwei: 50 }));
    const built = pool.buildBlock(1, market.baseFeeGwei, market.gasLimit, 0);
    expect(keys(built)).toEqual(['p50a', 'p50b', 'p40', 'p30']);
    // Tips = 100k · (50 + 50 + 40 + 30) = 17,000,000 gwei; burned 0.
    expect(built.tipsGwei).toBe(17_000_000);
    expect(built.burnedGwei).toBe(0);
  });
});
