import { describe, expect, it } from 'vitest';
import { dutchAuctionDelay } from './seizure-models.js';

describe('how long a Clipper auction takes to reach the oracle price from oracle·buf', () => {
  it('stairstep top·cut^⌊t/step⌋: the first whole step with cut^k ≤ 1/buf', () => {
    // 0.99^18 = 0.8345 > 1/1.2 = 0.8333, 0.99^19 = 0.8262 ≤ it: 19 steps of 90 s.
    expect(dutchAuctionDelay(1.2, { kind: 'stairstep', cut: 0.99, stepSeconds: 90 })).toBe(19 * 90);
  });

  it('linear top·(τ − t)/τ: t = τ·(1 − 1/buf); exponential top·cut^t: t = ln buf / −ln cut', () => {
    expect(dutchAuctionDelay(1.25, { kind: 'linear', tauSeconds: 3600 })).toBeCloseTo(720, 9);
    expect(dutchAuctionDelay(1.2, { kind: 'exponential', cut: 0.999 })).toBeCloseTo(
      Math.log(1.2) / -Math.log(0.999),
      9,
    );
  });

  it('an auction that starts at the oracle price sells at once', () => {
    expect(dutchAuctionDelay(1, { kind: 'stairstep', cut: 0.99, stepSeconds: 90 })).toBe(0);
  });
});
