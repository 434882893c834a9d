import { describe, expect, it } from 'vitest';
import { PushOracle } from './push-oracle.js';
import { OffchainMarket } from '../market/venues/offchain.js';

const market = (id: string, price: number) =>
  new OffchainMarket({
    id,
    base: 'ETH',
    quote: 'USDC',
    fundamental: price,
    depthUsdPer1Pct: 1e9,
    impact: 'linear',
    resilienceHalfLifeSeconds: 0,
  });

/** Moves `venue` to `price` and runs one oracle block. */
function blockAt(oracle: PushOracle, venue: OffchainMarket, block: number, price: number) {
  venue.advance(price, 12);
  oracle.onBlock(block, block * 12, price);
}

describe('push oracle', () => {
  it('publishes only when the reading deviates by the threshold from the last answer', () => {
    const cex = market('cex', 2000);
    const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0.005, heartbeatSeconds: 3600, delayBlocks: 0 }, [
      cex,
    ]);
    oracle.start(2000);
    blockAt(oracle, cex, 1, 1991); // −0.45%: below 0.5%
    expect(oracle.price).toBe(2000);
    blockAt(oracle, cex, 2, 1990); // −0.5%: publishes
    expect(oracle.price).toBe(1990);
    blockAt(oracle, cex, 3, 1985); // −0.25% from 1990
    expect(oracle.price).toBe(1990);
    expect(oracle.updates).toBe(1);
  });

  it('publishes on the heartbeat even without deviation', () => {
    const cex = market('cex', 2000);
    const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0.5, heartbeatSeconds: 60, delayBlocks: 0 }, [
      cex,
    ]);
    oracle.start(2000);
    for (let b = 1; b <= 4; b++) blockAt(oracle, cex, b, 2001); // 48 s < 60 s
    expect(oracle.price).toBe(2000);
    blockAt(oracle, cex, 5, 2001); // 60 s: heartbeat
    expect(oracle.price).toBe(2001);
    expect(oracle.updates).toBe(1);
  });

  it('makes an answer visible delayBlocks after it was read', () => {
    const cex = market('cex', 2000);
    const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0.001, heartbeatSeconds: 3600, delayBlocks: 3 }, [
      cex,
    ]);
    oracle.start(2000);
    blockAt(oracle, cex, 1, 1900);
    blockAt(oracle, cex, 2, 1900);
    blockAt(oracle, cex, 3, 1900);
    expect(oracle.price).toBe(2000);
    blockAt(oracle, cex, 4, 1900);
    expect(oracle.price).toBe(1900);
    expect(oracle.fundamentalAtRead).toBe(1900);
  });

  it('reads one source as its mid and two as the mean of their mids', () => {
    const a = market('a', 2000);
    const b = market('b', 1990);
    const settings = { id: 'o', asset: 'ETH', deviation: 0.005, heartbeatSeconds: 3600, delayBlocks: 0 };
    expect(new PushOracle(settings, [a]).read()).toBe(2000);
    expect(new PushOracle(settings, [a, b]).read()).toBe(1995);
    expect(new PushOracle(settings, [b, a]).read()).toBe(1995);
  });

  it('reads the median of several sources', () => {
    const a = market('a', 2000);
    const b = market('b', 1900);
    const c = market('c', 2300);
    const oracle = new PushOracle({ id: 'o', asset: 'ETH', deviation: 0.005, heartbeatSeconds: 3600, delayBlocks: 0 }, [
      a,
      b,
      c,
    ]);
    oracle.start(2000);
    expect(oracle.price).toBe(2000);
    b.advance(1000, 12); // one source crashing alone does not move the median
    a.advance(1995, 12);
    oracle.onBlock(1, 12, 2000);
    expect(oracle.read()).toBe(1995);
    expect(oracle.price).toBe(2000);
  });
});
