import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RealizedVolatility } from './realized-volatility.js';
import { RandomStream } from '../kernel/random.js';

describe('realised volatility (EWMA)', () => {
  it('starts at its initial estimate', () => {
    expect(new RealizedVolatility(0.8, 100, 12).annual()).toBeCloseTo(0.8, 12);
  });

  it('converges to the volatility of a GBM path it watches', () => {
    const sigma = 0.6;
    const dt = 12 / (365 * 24 * 3600);
    const rng = new RandomStream(3, 'vol-test');
    const estimate = new RealizedVolatility(0.1, 2000, 12);
    let price = 2000;
    for (let b = 0; b < 40_000; b++) {
      price *= Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * rng.normal());
      estimate.observe(price);
    }
    // EWMA over ~2,900 effective returns: relative standard error ≈ 1/√(2·2900) ≈ 1.3%.
    expect(estimate.annual()).toBeGreaterThan(sigma * 0.94);
    expect(estimate.annual()).toBeLessThan(sigma * 1.06);
  });

  it('gives the same estimate as folding every block in when observed, whenever it is read (repeated prices, random reads)', () => {
    // Reference: the EWMA step written out, applied in every block, a zero return for an unchanged price.
    const step = fc.record({
      price: fc.oneof(fc.constantFrom(2000, 1990, 1800.5), fc.double({ min: 100, max: 5000, noNaN: true })),
      repeats: fc.integer({ min: 1, max: 40 }),
      read: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const estimate = new RealizedVolatility(0.8, 50, 12);
        const weight = 1 - Math.pow(2, -1 / 50);
        const year = 365 * 24 * 3600;
        let variance = (0.8 * 0.8) / year;
        let last = Number.NaN;
        for (const { price, repeats, read } of steps) {
          for (let r = 0; r < repeats; r++) {
            if (Number.isFinite(last)) {
              const logReturn = price === last ? 0 : Math.log(price / last);
              variance += weight * ((logReturn * logReturn) / 12 - variance);
            }
            last = price;
            estimate.observe(price);
          }
          if (read) expect(estimate.annual()).toBe(Math.sqrt(variance * year));
        }
        expect(estimate.annual()).toBe(Math.sqrt(variance * year));
      }),
      { numRuns: 300 },
    );
  });
});
