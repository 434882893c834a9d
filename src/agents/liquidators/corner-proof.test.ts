import { describe, expect, it } from 'vitest';
import { bestSaleBound } from './corner-proof.js';
import { bestSaleVenue } from '../../market/best-sale.js';
import { cornerProbe } from '../../kernel/maximise.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';
import { OffchainMarket } from '../../market/venues/offchain.js';
import type { Venue } from '../../market/venues/venue.js';
import { seededRandom as random } from '../../../test/seeded-random.js';

/** An off-chain market on the bounded law at a random depth, fee and state (net sales or purchases). */
function randomCex(next: () => number): OffchainMarket {
  const cex = new OffchainMarket({
    id: 'cex',
    base: 'ETH',
    quote: 'USDC',
    fundamental: 500 + next() * 3000,
    depthUsdPer1Pct: 10 ** (5 + next() * 3),
    impact: 'bounded',
    resilienceHalfLifeSeconds: 1800,
    feeBps: next() < 0.5 ? 0 : Math.floor(next() * 30),
    crossoverDepths: next() < 0.5 ? undefined : 1 + next() * 20,
  });
  // From rest to anywhere between net purchases of a few depths and net sales deep into value buyers' range.
  const depthsSold = next() < 0.2 ? -next() * 5 : next() ** 2 * 60;
  const base = (Math.abs(depthsSold) * cex.depthUsd) / 2000;
  if (depthsSold > 0) cex.sell(base);
  else if (depthsSold < 0) cex.buy(base * 2000);
  return cex;
}

function randomPool(next: () => number): ConstantProductPool {
  const price = 500 + next() * 3000;
  const reserveBase = 10 ** (2 + next() * 4);
  return new ConstantProductPool({
    id: 'pool',
    base: 'ETH',
    quote: 'USDC',
    reserveBase,
    reserveQuote: reserveBase * price,
    feeBps: Math.floor(next() * 100),
  });
}

describe('bestSaleBound', () => {
  it('bounds a pool’s sale below its top by the slope there, as derived by hand', () => {
    // 1000 ETH against 2M USDC, 30 bps: quote(b) = γ·b·y/(x + γ·b) with γ = 0.997; slope γ·x·y/(x + γ·b)².
    const pool = new ConstantProductPool({
      id: 'pool',
      base: 'ETH',
      quote: 'USDC',
      reserveBase: 1000,
      reserveQuote: 2e6,
      feeBps: 30,
    });
    const upper = 10;
    const lower = cornerProbe(upper);
    const quoteTop = (0.997 * 10 * 2e6) / (1000 + 0.997 * 10);
    const slopeTop = (0.997 * 1000 * 2e6) / (1000 + 0.997 * 10) ** 2;
    const expected = quoteTop * (1 + 3e-11) - (upper - lower) * (1 - 1e-6) * slopeTop * (1 - 1e-9);
    const bound = bestSaleBound([pool], upper, lower);
    expect(bound).toBeCloseTo(expected, 6);
    // It is an upper bound on the quote at the probe, and below the quote at the top.
    expect(bound).toBeGreaterThanOrEqual(pool.quoteSell(lower));
    expect(bound).toBeLessThan(pool.quoteSell(upper));
  });

  it('gives no bound (+∞) for a venue that cannot floor its rate, or an inverted range', () => {
    const linear = new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USDC',
      fundamental: 2000,
      depthUsdPer1Pct: 1e6,
      impact: 'linear',
      resilienceHalfLifeSeconds: 60,
    });
    const plain: Venue = { ...linear, quoteSell: (b: number) => 2000 * b } as unknown as Venue;
    expect(bestSaleBound([linear], 10, 9)).toBe(Number.POSITIVE_INFINITY);
    expect(bestSaleBound([plain], 10, 9)).toBe(Number.POSITIVE_INFINITY);
    const next = random(3);
    expect(bestSaleBound([randomPool(next)], 9, 10)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is never below the best computed sale at the lower amount, over random markets and amounts', () => {
    const next = random(17);
    let informative = 0;
    const rounds = 3000;
    for (let round = 0; round < rounds; round++) {
      const venues: Venue[] = next() < 0.3 ? [randomCex(next)] : [randomCex(next), randomPool(next)];
      const cex = venues[0] as OffchainMarket;
      // Sales from a hair to several depths, at the corner probe or a wider step below.
      const upper = (10 ** (-4 + next() * 5) * cex.depthUsd) / 2000;
      const lower = next() < 0.7 ? cornerProbe(upper) : upper * (1 - next() * 1e-3);
      const bound = bestSaleBound(venues, upper, lower);
      expect(bound).toBeGreaterThanOrEqual(bestSaleVenue(venues, lower).proceeds);
      if (bound < bestSaleVenue(venues, upper).proceeds) informative++;
    }
    // The bound is not vacuous: it falls below the top's quote in most draws.
    expect(informative).toBeGreaterThan(rounds * 0.9);
  });

  it('never proves a corner the exact check would reject, over random liquidations near break-even', () => {
    // A keeper repays r at 1 USD a unit and receives r·k/price collateral; the exact check of maximiseConcave is
    // profit(upper) ≥ profit(cornerProbe(upper)); the proof is fl(bound − cost at the probe) ≤ profit(upper).
    const next = random(29);
    let proven = 0;
    let rejected = 0;
    for (let round = 0; round < 4000; round++) {
      const venues: Venue[] = next() < 0.5 ? [randomCex(next)] : [randomCex(next), randomPool(next)];
      const mid = Math.max(...venues.map((v) => v.mid()));
      // Collateral per USD repaid around break-even at the end of the sale: within ±2% of 1/mid, or a 5% bonus.
      const perUsd = next() < 0.5 ? (1 + (next() - 0.5) * 0.04) / mid : 1.05 / mid;
      const upper = (10 ** (-3 + next() * 4) * (venues[0] as OffchainMarket).depthUsd) / 2000 / perUsd;
      const profit = (repay: number): number => bestSaleVenue(venues, repay * perUsd).proceeds - repay * 1;
      const top = profit(upper);
      const probe = cornerProbe(upper);
      const exact = top >= profit(probe);
      const bound = bestSaleBound(venues, upper * perUsd, probe * perUsd);
      const proof = bound - probe * 1 <= top;
      if (proof) {
        proven++;
        expect(exact).toBe(true);
      }
      if (!exact) rejected++;
    }
    // Both outcomes occur, so the check above is exercised on both sides of break-even.
    expect(proven).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(500);
  });
});

describe('sellRateFloor', () => {
  it('is at or below the off-chain market’s slope from the amount on, and its gap bound at or above the solve', () => {
    const next = random(41);
    for (let round = 0; round < 500; round++) {
      const cex = randomCex(next);
      const base = (10 ** (-3 + next() * 4) * cex.depthUsd) / 2000;
      const floor = cex.sellRateFloor(base);
      // A finite step's average rate from `base` on, by concavity at least the rate at its far end.
      const step = base * 1e-6;
      const slope = (cex.quoteSell(base + step) - cex.quoteSell(base)) / step;
      expect(floor).toBeLessThanOrEqual(slope * (1 + 1e-6));
      expect(floor).toBeGreaterThan(0);
      const law = cex.law!;
      const v = (cex.outstandingUsd() + base * 2000) / cex.depthUsd;
      expect(law.logGapAbove(v)).toBeGreaterThanOrEqual(law.logGap(v));
    }
  });

  it('bounds the gap by hand on the linear branch and at or below zero', () => {
    const law = new OffchainMarket({
      id: 'cex',
      base: 'ETH',
      quote: 'USDC',
      fundamental: 2000,
      depthUsdPer1Pct: 1e6,
      impact: 'bounded',
      resilienceHalfLifeSeconds: 60,
    }).law!;
    // One depth moves the price 1%: x = −ln 0.99 exactly on the linear branch.
    expect(law.logGapAbove(1)).toBeCloseTo(-Math.log(0.99), 15);
    expect(law.logGapAbove(0)).toBe(0);
    expect(law.logGapAbove(-3)).toBe(0);
    expect(law.logGapAbove(Number.NaN)).toBe(Number.POSITIVE_INFINITY);
  });
});
