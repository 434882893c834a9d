import { describe, expect, it } from 'vitest';
import { distributionSummary, histogram } from './distribution.js';

describe('distribution summary', () => {
  it('1..100: quantile p is the ⌈100p⌉-th value', () => {
    const sample = Array.from({ length: 100 }, (_, i) => 100 - i);
    const d = distributionSummary(sample);
    // mean = 50.5; sd² = n(n + 1)/12 for 1..n with Bessel's correction = 100·101/12.
    expect(d.mean).toBeCloseTo(50.5, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt((100 * 101) / 12), 12);
    expect(d).toMatchObject({ min: 1, p1: 1, p5: 5, p25: 25, p50: 50, p75: 75, p95: 95, p99: 99, max: 100 });
  });

  it('a single value gives that value everywhere and sd 0', () => {
    expect(distributionSummary([7])).toEqual({
      mean: 7,
      sd: 0,
      min: 7,
      p1: 7,
      p5: 7,
      p25: 7,
      p50: 7,
      p75: 7,
      p95: 7,
      p99: 7,
      max: 7,
    });
  });
});

describe('histogram', () => {
  it('equal-width bins over [min, max]; the last bin includes the maximum', () => {
    expect(histogram([0, 1, 2, 3], 2)).toEqual({ edges: [0, 1.5, 3], counts: [2, 2] });
    // Edges 0, 2.5, 5, 7.5, 10: 2.5 opens bin 1, 10 closes bin 3.
    expect(histogram([0, 2.5, 2.4, 10, 9.9, 5], 4)).toEqual({ edges: [0, 2.5, 5, 7.5, 10], counts: [2, 1, 1, 2] });
  });

  it('counts add up to the sample size and every value lies within its bin edges', () => {
    const sample = Array.from({ length: 997 }, (_, i) => Math.sin(i) * 1e6 + 0.1 * i);
    const h = histogram(sample, 13);
    expect(h.edges).toHaveLength(14);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(997);
    const perBin = h.counts.map(
      (_, b) => sample.filter((x) => x >= h.edges[b] && (x < h.edges[b + 1] || (b === 12 && x <= h.edges[13]))).length,
    );
    expect(perBin).toEqual(h.counts);
  });

  it('a constant sample widens the range to [value, value + 1]', () => {
    expect(histogram([0, 0, 0], 2)).toEqual({ edges: [0, 0.5, 1], counts: [3, 0] });
    expect(() => histogram([1], 0)).toThrow(/bins/);
  });
});
