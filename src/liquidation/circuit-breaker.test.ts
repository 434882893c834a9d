import { describe, expect, it } from 'vitest';
import { CircuitBreaker, circuitBreakerSettings } from './circuit-breaker.js';

describe('circuit breaker', () => {
  it('pauses when the oracle moves more than the threshold within the window, once per pause', () => {
    const breaker = new CircuitBreaker('lend', { pauseOnOracleMove: 0.05, windowBlocks: 3, pauseBlocks: 4 });
    const prices = [100, 99, 98, 97, 96, 94.9, 94, 90, 89, 88, 88, 88];
    const paused: boolean[] = [];
    prices.forEach((price, block) => {
      breaker.observe(block, price);
      paused.push(breaker.paused(block));
    });
    // Block 5: 94.9 vs 3 blocks earlier (block 2, 98) is −3.2%: no pause. Block 7: 90 vs 96 (block 4) is −6.25%: pause
    // for blocks 7–10. Block 11: 88 vs 88 (block 8 is 89: −1.1%): no new pause.
    expect(paused).toEqual([false, false, false, false, false, false, false, true, true, true, true, false]);
    expect(breaker.events).toEqual([{ block: 7, resumesAtBlock: 11, protocol: 'lend', oracleMove: 90 / 96 - 1 }]);
    expect(breaker.pausedBlocks(11)).toBe(4);
    expect(breaker.pausedBlocks(8)).toBe(2);
  });

  it('caps collateral seized per block and resets the cap every block', () => {
    const breaker = new CircuitBreaker('lend', { windowBlocks: 1, pauseBlocks: 1, maxLiquidatedUsdPerBlock: 1000 });
    breaker.observe(0, 100);
    breaker.record(600);
    expect(breaker.allowanceUsd()).toBe(400);
    breaker.record(500);
    expect(breaker.allowanceUsd()).toBe(0);
    breaker.observe(1, 100);
    expect(breaker.allowanceUsd()).toBe(1000);
  });

  it("caps collateral under liquidation at once: what the mechanism holds, or at least this block's seizures", () => {
    const breaker = new CircuitBreaker('lend', { windowBlocks: 1, pauseBlocks: 1, maxInLiquidationUsd: 1000 });
    let held = 0;
    breaker.measureInLiquidation(() => held);
    breaker.observe(0, 100);
    // Instant liquidation: nothing is held, so the block's seizures count: 1000 − 300.
    breaker.record(300);
    expect(breaker.allowanceUsd()).toBe(700);
    // Auctions: lots of 900 held (this block's 300 among them) leave 100.
    held = 900;
    expect(breaker.allowanceUsd()).toBe(100);
    // A new block does not free the room while the lots are still held.
    breaker.observe(1, 100);
    expect(breaker.allowanceUsd()).toBe(100);
    held = 0;
    expect(breaker.allowanceUsd()).toBe(1000);
  });

  it('applies the tighter of the per-block and at-once caps', () => {
    const breaker = new CircuitBreaker('lend', {
      windowBlocks: 1,
      pauseBlocks: 1,
      maxLiquidatedUsdPerBlock: 500,
      maxInLiquidationUsd: 1000,
    });
    breaker.measureInLiquidation(() => 800);
    breaker.observe(0, 100);
    expect(breaker.allowanceUsd()).toBe(200);
    breaker.record(400);
    // per block: 500 − 400 = 100; at once: 1000 − max(800, 400) = 200.
    expect(breaker.allowanceUsd()).toBe(100);
  });

  it('does nothing without settings', () => {
    const breaker = new CircuitBreaker('lend', circuitBreakerSettings(undefined));
    breaker.observe(0, 100);
    breaker.observe(1, 1);
    expect(breaker.paused(1)).toBe(false);
    expect(breaker.allowanceUsd()).toBe(Number.POSITIVE_INFINITY);
  });
});
