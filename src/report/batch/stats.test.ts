import { describe, expect, it } from 'vitest';
import { ecdfPoints, histogramBins, quantileSorted, sortedAscending, sturgesBins } from './stats.js';

describe('quantileSorted (lower empirical quantile, Hyndman–Fan type 1)', () => {
  it('is the order statistic x_(⌈n·p⌉), never an interpolation', () => {
    const x = [1, 2, 3, 4, 5];
    // n = 5: p5 → ⌈0.25⌉ = 1st; p25 → ⌈1.25⌉ = 2nd; p50 → ⌈2.5⌉ = 3rd; p95 → ⌈4.75⌉ = 5th (type 7 gave 1.2 and 4.8).
    expect(quantileSorted(x, 0.05)).toBe(1);
    expect(quantileSorted(x, 0.25)).toBe(2);
    expect(quantileSorted(x, 0.5)).toBe(3);
    expect(quantileSorted(x, 0.95)).toBe(5);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(5);
    expect(quantileSorted([7], 0.3)).toBe(7);
  });

  it('rejects an empty sample and levels outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/);
    expect(() => quantileSorted([1], 1.5)).toThrow(/level/);
  });
});

describe('histogramBins', () => {
  it('bins equal-width, left-closed, the last bin holding the maximum', () => {
    // min 1, max 5, width 2: [1, 3) holds 1, 2, 2; [3, 5] holds 3 and 5.
    expect(histogramBins([2, 5, 1, 3, 2], 2)).toEqual({ edges: [1, 3, 5], counts: [3, 2] });
  });

  it('puts values lying on an inner edge in the bin that starts there, despite rounding', () => {
    // Width 0.3 / 3 is 0.09999999999999999 in floating point; 0.1 and 0.2 are the left edges of bins 1 and 2.
    expect(histogramBins([0, 0.1, 0.2, 0.3], 3).counts).toEqual([1, 1, 2]);
    // Edge 1 is 0.1 + 0.15000000000000002 = 0.25, but (0.25 − 0.1) / 0.15000000000000002 floors to 0.
    expect(histogramBins([0.1, 0.25, 0.4], 2)).toEqual({ edges: [0.1, 0.25, 0.4], counts: [1, 2] });
  });

  it('gives one unit-wide bin when all values are equal, and nothing for no values', () => {
    expect(histogramBins([4, 4, 4], 10)).toEqual({ edges: [3.5, 4.5], counts: [3] });
    expect(histogramBins([], 5)).toEqual({ edges: [], counts: [] });
  });

  it('rejects non-finite values and bad bin counts', () => {
    expect(() => histogramBins([1, Number.NaN], 2)).toThrow(/not finite/);
    expect(() => histogramBins([1, 2], 0)).toThrow(/bins/);
  });

  it('Sturges: ⌈log2 n⌉ + 1', () => {
    expect(sturgesBins(1000)).toBe(11); // log2 1000 ≈ 9.97
    expect(sturgesBins(1024)).toBe(11);
    expect(sturgesBins(1)).toBe(1);
  });
});

describe('ecdfPoints', () => {
  it('steps to the share of values at or below each distinct value', () => {
    expect(ecdfPoints([3, 0, 1, 0])).toEqual([
      [0, 0],
      [0, 0.5],
      [1, 0.75],
      [3, 1],
    ]);
    expect(ecdfPoints([])).toEqual([]);
  });

  it('keeps exact points at evenly spaced ranks when there are too many values', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // n = 10, 4 points: ranks ⌈10k/4⌉ − 1 = 2, 4, 7, 9 → values 3, 5, 8, 10 with F = 0.3, 0.5, 0.8, 1.
    expect(ecdfPoints(values, 4)).toEqual([
      [1, 0],
      [3, 0.3],
      [5, 0.5],
      [8, 0.8],
      [10, 1],
    ]);
  });

  it('does not mutate its input', () => {
    const values = [3, 1, 2];
    sortedAscending(values);
    ecdfPoints(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
