import { describe, expect, it } from 'vitest';
import { oracleTriggerSettings, oracleTriggers, scheduleDue, type OracleObservation } from './triggers.js';

const calm: OracleObservation = { price: 2000, depthUsd: 1_000_000, volatilityAnnual: 0.5, utilisation: 0.5 };
const all = { priceMovePct: 5, depthDropPct: 30, volatilityJump: 1.5, utilisation: 0.9 };

describe('oracleTriggers', () => {
  it('fires nothing when nothing moved', () => {
    expect(oracleTriggers(calm, calm, all)).toEqual([]);
  });

  it('fires a price move of 6% (2000 → 1880) but not of 4% (2000 → 2080)', () => {
    const fired = oracleTriggers(calm, { ...calm, price: 1880 }, all);
    expect(fired.map((t) => t.kind)).toEqual(['priceMove']);
    expect(fired[0]!.value).toBeCloseTo(6, 10);
    expect(oracleTriggers(calm, { ...calm, price: 2080 }, all)).toEqual([]);
  });

  it('fires a depth drop of 40% (1M → 600k), not a rise', () => {
    const fired = oracleTriggers(calm, { ...calm, depthUsd: 600_000 }, all);
    expect(fired).toEqual([{ kind: 'depthDrop', value: 40, threshold: 30 }]);
    expect(oracleTriggers(calm, { ...calm, depthUsd: 3_000_000 }, all)).toEqual([]);
  });

  it('fires a volatility jump of 2× (0.5 → 1.0), not of 1.4×', () => {
    expect(oracleTriggers(calm, { ...calm, volatilityAnnual: 1 }, all)).toEqual([
      { kind: 'volatilityJump', value: 2, threshold: 1.5 },
    ]);
    expect(oracleTriggers(calm, { ...calm, volatilityAnnual: 0.7 }, all)).toEqual([]);
  });

  it('fires utilisation on crossing up only, and on the first observation', () => {
    expect(oracleTriggers(calm, { ...calm, utilisation: 0.95 }, all)).toEqual([
      { kind: 'utilisation', value: 0.95, threshold: 0.9 },
    ]);
    expect(oracleTriggers({ ...calm, utilisation: 0.92 }, { ...calm, utilisation: 0.95 }, all)).toEqual([]);
    expect(oracleTriggers(null, { ...calm, utilisation: 0.95 }, all).map((t) => t.kind)).toEqual(['utilisation']);
    expect(oracleTriggers(null, { ...calm, price: 1 }, all)).toEqual([]);
  });

  it('fires several at once and none when the setting is absent', () => {
    const crash = { price: 1600, depthUsd: 400_000, volatilityAnnual: 2, utilisation: 0.99 };
    expect(oracleTriggers(calm, crash, all).map((t) => t.kind)).toEqual([
      'priceMove',
      'depthDrop',
      'volatilityJump',
      'utilisation',
    ]);
    expect(oracleTriggers(calm, crash, {})).toEqual([]);
  });

  it('ignores a zero reference', () => {
    expect(oracleTriggers({ ...calm, depthUsd: 0, volatilityAnnual: 0 }, calm, all)).toEqual([]);
  });

  it('validates its settings', () => {
    expect(() => oracleTriggerSettings.parse({ volatilityJump: 0.5 })).toThrow();
    expect(() => oracleTriggerSettings.parse({ priceMove: 5 })).toThrow();
  });
});

describe('scheduleDue', () => {
  it('is due every everySeconds, at first, and never when off', () => {
    expect(scheduleDue(null, 0, 300)).toBe(true);
    expect(scheduleDue(1000, 1299, 300)).toBe(false);
    expect(scheduleDue(1000, 1300, 300)).toBe(true);
    expect(scheduleDue(null, 0, 0)).toBe(false);
  });
});
