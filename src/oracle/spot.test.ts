import { describe, expect, it } from 'vitest';
import { SpotOracle } from './spot.js';

describe('spot oracle', () => {
  it('publishes the venue mid every block, unsmoothed', () => {
    const src = {
      p: 2000,
      mid() {
        return this.p;
      },
    };
    const oracle = new SpotOracle({ id: 'spot', asset: 'ETH' }, src);
    oracle.start(2000);
    expect(oracle.price).toBe(2000);
    src.p = 1000; // a one-block manipulation
    expect(oracle.read()).toBe(1000); // a protocol reading inside the block sees the full move
    oracle.onBlock(1, 12, 2000);
    expect(oracle.price).toBe(1000);
    expect(oracle.fundamentalAtRead).toBe(2000);
    src.p = 2000;
    oracle.onBlock(2, 24, 2000);
    expect(oracle.price).toBe(2000);
    expect(oracle.updates).toBe(2);
    expect(oracle.updatedAt).toBe(24);
  });
});
