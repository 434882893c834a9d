import { describe, expect, it } from 'vitest';
import { createPegged, pegRatio } from './pegged.js';

describe('pegged price', () => {
  const depeg = { startMinute: 60, dropPct: 6, dropMinutes: 120, recoverMinutes: 240 };
  it('the ratio is par, falls linearly to par·(1 − 6%), then recovers linearly', () => {
    expect(pegRatio({ ratio: 1, depeg }, 0)).toBe(1);
    expect(pegRatio({ ratio: 1, depeg }, 60)).toBe(1);
    // Half way down: 1 − 3% = 0.97.
    expect(pegRatio({ ratio: 1, depeg }, 120)).toBeCloseTo(0.97, 12);
    expect(pegRatio({ ratio: 1, depeg }, 180)).toBeCloseTo(0.94, 12);
    // Half way back: 0.94 + 0.03.
    expect(pegRatio({ ratio: 1, depeg }, 300)).toBeCloseTo(0.97, 12);
    expect(pegRatio({ ratio: 1, depeg }, 420)).toBe(1);
    expect(pegRatio({ ratio: 1, depeg: { ...depeg, recoverMinutes: 0 } }, 1000)).toBeCloseTo(0.94, 12);
  });

  it('follows its anchor times the ratio', () => {
    let eth = 2000;
    const token = createPegged({ ratio: 0.5, depeg }, () => eth);
    expect(token.initial).toBe(1000);
    eth = 1800;
    expect(token.next(180 * 60, 12)).toBeCloseTo(1800 * 0.5 * 0.94, 9);
  });
});
