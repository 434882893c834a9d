import { describe, expect, it } from 'vitest';
import { DynamicThreshold, thresholdScale } from './dynamic-threshold.js';

const settings = { referenceVolatilityAnnual: 0.8, sensitivity: 0.05, minScale: 0.9, updateEveryBlocks: 10 };

describe('thresholdScale', () => {
  it('is 1 up to the reference volatility and falls linearly in σ/reference above it, down to minScale', () => {
    expect(thresholdScale(0, settings)).toBe(1);
    expect(thresholdScale(0.8, settings)).toBe(1);
    // σ = 1.6: σ/ref − 1 = 1, cut 0.05.
    expect(thresholdScale(1.6, settings)).toBeCloseTo(0.95, 12);
    // σ = 2.8: σ/ref − 1 = 2.5, cut 0.125 → floored at 0.9.
    expect(thresholdScale(2.8, settings)).toBe(0.9);
  });
});

describe('DynamicThreshold', () => {
  it('updates only every updateEveryBlocks blocks and reports changes', () => {
    const dynamic = new DynamicThreshold(settings);
    expect(dynamic.update(5, 1.6)).toBe(false);
    expect(dynamic.scale).toBe(1);
    expect(dynamic.update(10, 1.6)).toBe(true);
    expect(dynamic.scale).toBeCloseTo(0.95, 12);
    expect(dynamic.update(20, 1.6)).toBe(false);
    expect(dynamic.update(30, 0.5)).toBe(true);
    expect(dynamic.scale).toBe(1);
    expect(dynamic.changes).toBe(2);
  });
});
