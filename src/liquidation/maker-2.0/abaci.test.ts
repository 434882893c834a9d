import { describe, expect, it } from 'vitest';
import {
  type PriceCurve,
  auctionPrice,
  exponentialDecrease,
  linearDecrease,
  stairstepExponentialDecrease,
  validatePriceCurve,
} from './abaci.js';
import { expectRel, reason } from './maker.test-helper.js';

describe('linearDecrease (dss abaci.sol LinearDecrease)', () => {
  it('falls in a straight line from top to 0 over tau seconds', () => {
    // top 100, tau 3600: price = 100·(3600 − t)/3600
    expect(linearDecrease(100, 3600, 0)).toBe(100); // 100·3600/3600
    expect(linearDecrease(100, 3600, 900)).toBe(75); // 100·2700/3600
    expect(linearDecrease(100, 3600, 1800)).toBe(50); // 100·1800/3600
    expectRel(linearDecrease(100, 3600, 3599), 100 / 3600); // 100·1/3600 = 0.02777…
  });

  it('is 0 at and beyond tau, and always 0 when tau = 0', () => {
    expect(linearDecrease(100, 3600, 3600)).toBe(0);
    expect(linearDecrease(100, 3600, 10_000)).toBe(0);
    expect(linearDecrease(100, 0, 0)).toBe(0);
  });
});

describe('stairstepExponentialDecrease (dss abaci.sol StairstepExponentialDecrease)', () => {
  it('multiplies by cut once per full step', () => {
    // top 100, cut 0.99, step 90: price = 100·0.99^floor(t/90)
    expect(stairstepExponentialDecrease(100, 0.99, 90, 0)).toBe(100); // 0.99^0
    expect(stairstepExponentialDecrease(100, 0.99, 90, 89)).toBe(100); // floor(89/90) = 0
    expectRel(stairstepExponentialDecrease(100, 0.99, 90, 90), 99); // floor(90/90) = 1
    expectRel(stairstepExponentialDecrease(100, 0.99, 90, 179), 99); // floor(179/90) = 1
    expectRel(stairstepExponentialDecrease(100, 0.99, 90, 180), 98.01); // 0.99² = 0.9801
    // floor(900/90) = 10; 0.99^10 = 0.9801⁵ = 0.96059601²·0.9801 = 0.9043820750088044
    expectRel(stairstepExponentialDecrease(100, 0.99, 90, 900), 90.43820750088044);
  });

  it('with cut 0 drops to 0 at the first step (dss rpow(0, 0) = 1)', () => {
    expect(stairstepExponentialDecrease(100, 0, 60, 59)).toBe(100);
    expect(stairstepExponentialDecrease(100, 0, 60, 60)).toBe(0);
  });

  it('refuses cut > 1 (dss file: cut ≤ RAY) and step 0', () => {
    expect(reason(() => stairstepExponentialDecrease(100, 1.01, 90, 0))).toBe('bad-parameter');
    expect(reason(() => stairstepExponentialDecrease(100, 0.99, 0, 0))).toBe('bad-parameter');
  });
});

describe('exponentialDecrease (dss abaci.sol ExponentialDecrease)', () => {
  it('multiplies by cut every second', () => {
    // top 100, cut 0.5: price = 100·0.5^t
    expect(exponentialDecrease(100, 0.5, 0)).toBe(100);
    expect(exponentialDecrease(100, 0.5, 1)).toBe(50);
    expect(exponentialDecrease(100, 0.5, 2)).toBe(25);
    expect(exponentialDecrease(100, 0.5, 10)).toBe(0.09765625); // 100/1024
    expect(exponentialDecrease(100, 1, 1e6)).toBe(100); // cut 1: constant
  });
});

describe('auctionPrice', () => {
  it('dispatches on the curve kind', () => {
    const curves: [PriceCurve, number][] = [
      [{ kind: 'linear', tau: 3600 }, 75], // 100·2700/3600
      [{ kind: 'stairstep', cut: 0.5, step: 300 }, 12.5], // 100·0.5^floor(900/300) = 100/8
      [{ kind: 'exponential', cut: 0.999 }, 100 * 0.999 ** 900],
    ];
    for (const [curve, expected] of curves) expectRel(auctionPrice(curve, 100, 900), expected);
  });

  it('refuses negative elapsed time (dss sub(now, tic) would underflow)', () => {
    expect(reason(() => auctionPrice({ kind: 'linear', tau: 10 }, 100, -1))).toBe('time-before-start');
    expect(reason(() => auctionPrice({ kind: 'exponential', cut: 0.9 }, 100, -1))).toBe('time-before-start');
  });

  it('validatePriceCurve accepts dss-valid parameters and refuses others', () => {
    expect(() => validatePriceCurve({ kind: 'stairstep', cut: 0.99, step: 90 })).not.toThrow();
    expect(reason(() => validatePriceCurve({ kind: 'exponential', cut: -0.1 }))).toBe('bad-parameter');
    expect(reason(() => validatePriceCurve({ kind: 'linear', tau: Number.NaN }))).toBe('bad-parameter');
  });
});
