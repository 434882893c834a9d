import { describe, expect, it } from 'vitest';
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
});
