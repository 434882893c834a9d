import { describe, expect, it } from 'vitest';
import { OffchainMarket } from '../../market/venues/offchain.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { ArbitragedVenues, type MemoryVenue } from './arbitraged-venues.js';

const cex = (halfLifeSeconds: number, impact: 'linear' | 'sqrt' = 'linear'): MemoryVenue => ({
  kind: 'offchain',
  impact,
  depthUsd: 2e6,
  fundamental: 2000,
  halfLifeSeconds,
});

describe('the arbitraged venues remember and forget impact', () => {
  it('one linear market: a sale moves it by 0.99^(V/D), and V decays by 2^(−dt/half-life)', () => {
    const venues = new ArbitragedVenues([cex(600)], 'scenario');
    venues.advance(0.9, 12);
    expect(venues.price).toBeCloseTo(1800, 9);
    // 1,000 ETH at the fundamental 1,800 is V = 1.8M USD = 0.9 D.
    venues.sell(1000);
    expect(venues.price).toBeCloseTo(1800 * Math.pow(0.99, 0.9), 9);
    venues.advance(0.9, 600);
    expect(venues.price).toBeCloseTo(1800 * Math.pow(0.99, 0.45), 9);
    // The fundamental moves on: V (USD at the fundamental when sold) stays, the price scales with F.
    venues.advance(0.8, 0);
    expect(venues.price).toBeCloseTo(1600 * Math.pow(0.99, 0.45), 9);
  });

  it('full recovery forgets a sale by the next block; no recovery keeps it for ever', () => {
    const full = new ArbitragedVenues([cex(600)], 'full');
    const none = new ArbitragedVenues([cex(600)], 'none');
    for (const venues of [full, none]) {
      venues.advance(1, 12);
      venues.sell(500);
      venues.advance(1, 12);
    }
    expect(full.price).toBeCloseTo(2000, 9);
    expect(none.price).toBeCloseTo(2000 * Math.pow(0.99, 0.5), 9);
  });

  it('the square-root curve: a sale of 4 D moves the price 2%', () => {
    const venues = new ArbitragedVenues([cex(600, 'sqrt')], 'none');
    venues.sell(4000);
    expect(venues.price).toBeCloseTo(2000 * Math.pow(0.99, 2), 9);
  });

  it('with a pool: one common price at which the simulator’s own venues, given the same units, quote the same mid', () => {
    const pool: MemoryVenue = { kind: 'cpamm', reserveBase: 1000, mid: 2000 };
    const venues = new ArbitragedVenues([cex(600), pool], 'none');
    venues.advance(0.95, 12);
    venues.sell(800);
    const p = venues.price;
    // Units the pool holds at p (constant product, no fee), the rest in the off-chain market.
    const inPool = 1000 * (Math.sqrt(2000 / p) - 1);
    const market = new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USD',
      fundamental: 1900,
      depthUsdPer1Pct: 2e6,
      impact: 'linear',
      resilienceHalfLifeSeconds: 600,
    });
    const amm = new ConstantProductPool({
      id: 'pool',
      base: 'ETH',
      quote: 'USD',
      reserveBase: 1000,
      reserveQuote: 2e6,
      feeBps: 0,
    });
    amm.sell(inPool);
    market.sell(800 - inPool);
    expect(amm.mid()).toBeCloseTo(p, 6);
    expect(market.mid()).toBeCloseTo(p, 6);
    // The shock alone: the pool gave units to the market, which sits above its fundamental of 1,900.
    const shockOnly = new ArbitragedVenues([cex(600), pool], 'none');
    shockOnly.advance(0.95, 12);
    expect(shockOnly.price).toBeGreaterThan(1900);
    expect(shockOnly.price).toBeLessThan(2000);
  });

  it('with a pool and decay, the off-chain market forgets what arbitrage bought from it: the price settles at the fundamental', () => {
    // A deep pool (100,000 ETH: about 500 ETH per 1%, half the off-chain market's 1,000) holds a third of the fall at
    // first.
    const venues = new ArbitragedVenues([cex(60), { kind: 'cpamm', reserveBase: 100_000, mid: 2000 }], 'scenario');
    venues.advance(0.95, 12);
    const first = venues.price;
    for (let k = 0; k < 500; k++) venues.advance(0.95, 12);
    expect(first).toBeGreaterThan(1925);
    expect(venues.price).toBeCloseTo(1900, 6);
  });
});
