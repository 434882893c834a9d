import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../kernel/errors.js';
import { bucketLabel, bucketOf, bucketSums, bucketWidthBlocks, downsampleIndices } from './downsample.js';

/** A deterministic bumpy series: a slow wave plus pseudo-random noise (LCG), length `n`. */
function wiggly(n: number, seed = 1): Float64Array {
  let state = seed >>> 0;
  return Float64Array.from({ length: n }, (_, i) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 2000 + 50 * Math.sin(i / 97) + (state / 2 ** 32 - 0.5) * 10;
  });
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe('downsampleIndices', () => {
  it('keeps every index when the series is not longer than the cap', () => {
    for (const n of [0, 1, 2, 7, 1500]) {
      expect(downsampleIndices(wiggly(n), 1500)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('never returns more than the cap, always keeps both ends, ascending and within range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 600 }),
        fc.integer({ min: 1, max: 6000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (cap, n, withGaps, seed) => {
          const values = wiggly(n, seed);
          if (withGaps) for (let i = seed % 7; i < n; i += 13) values[i] = Number.NaN;
          const kept = downsampleIndices(values, cap);
          expect(kept.length).toBeLessThanOrEqual(cap);
          if (n <= cap) expect(kept).toHaveLength(n);
          expect(kept[0]).toBe(0);
          expect(kept.at(-1)).toBe(n - 1);
          for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the global minimum and maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 4, max: 400 }),
        (values, cap) => {
          const kept = downsampleIndices(values, cap).map((i) => values[i]);
          expect(Math.min(...kept)).toBe(Math.min(...values));
          expect(Math.max(...kept)).toBe(Math.max(...values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every one-block trough and spike of a long, noisy series', () => {
    const cap = 1500;
    for (const n of [1501, 7201, 43201]) {
      // The documented scheme has at least floor((cap - 2) / 3) equal buckets between the ends,
      // so events this far apart never share a bucket.
      const widest = Math.ceil((n - 2) / Math.floor((cap - 2) / 3));
      const values = wiggly(n, n);
      const events: number[] = [];
      for (let i = 5; i + 1 < n - 1; i += widest + 2) {
        values[i] = 5000; // spike
        values[i + 1] = 100; // trough right after it: the same or the next bucket
        events.push(i, i + 1);
      }
      const kept = new Set(downsampleIndices(values, cap));
      expect(kept.size).toBeLessThanOrEqual(cap);
      expect(events.length).toBeGreaterThan(100);
      expect(events.filter((i) => !kept.has(i))).toEqual([]);
    }
  });

  it('keeps a gap (non-finite value) in every bucket that has one', () => {
    const values = wiggly(10000);
    values[4321] = Number.NaN;
    values[4322] = Number.POSITIVE_INFINITY;
    const kept = downsampleIndices(values, 1500);
    expect(kept.length).toBeLessThanOrEqual(1500);
    const gaps = kept.filter((i) => !Number.isFinite(values[i]));
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps.every((i) => i === 4321 || i === 4322)).toBe(true);
  });

  it('is deterministic and leaves its input alone', () => {
    const values = wiggly(20000, 3);
    const copy = Float64Array.from(values);
    const first = downsampleIndices(values, 1500);
    expect(downsampleIndices(values, 1500)).toEqual(first);
    expect(values).toEqual(copy);
  });

  it('rejects caps too small to keep the ends and one bucket', () => {
    expect(() => downsampleIndices([1, 2, 3], 3)).toThrow(InvariantError);
    expect(() => downsampleIndices([1, 2, 3], 10.5)).toThrow(InvariantError);
  });
});

describe('bar buckets', () => {
  it('picks round bucket widths that respect the bucket cap', () => {
    expect(bucketWidthBlocks(900, 12, 200)).toBe(5); // 1 minute
    expect(bucketWidthBlocks(7200, 12, 200)).toBe(50); // 10 minutes
    expect(bucketWidthBlocks(200, 12, 200)).toBe(1);
    expect(bucketWidthBlocks(0, 12, 200)).toBe(1);
    expect(bucketWidthBlocks(1000, 13, 200)).toBe(5); // no round duration is a whole number of 13 s blocks
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom(0.25, 0.4, 1, 2, 12, 13, 600),
        fc.integer({ min: 1, max: 300 }),
        (blocks, blockTime, cap) => {
          const width = bucketWidthBlocks(blocks, blockTime, cap);
          expect(Number.isInteger(width) && width >= 1).toBe(true);
          expect(Math.ceil(blocks / width)).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it('names the bucket width in the largest whole unit', () => {
    expect(bucketLabel(5, 12)).toBe('1-minute');
    expect(bucketLabel(50, 12)).toBe('10-minute');
    expect(bucketLabel(300, 12)).toBe('1-hour');
    expect(bucketLabel(7, 12)).toBe('84-second');
    expect(bucketLabel(3, 0.5)).toBe('1.5-second');
    expect(bucketLabel(600, 0.1)).toBe('1-minute');
  });

  it('assigns block 0 and blocks 1..w to bucket 0, then w blocks per bucket', () => {
    expect([0, 1, 5, 6, 10, 11].map((i) => bucketOf(i, 5))).toEqual([0, 0, 0, 1, 1, 2]);
    expect(bucketSums([0, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([6, 15, 7]);
    expect(bucketSums([4, 1, 2], 1)).toEqual([5, 2]);
    expect(bucketSums([], 5)).toEqual([0]);
  });

  it('preserves the total and matches a slice-by-slice sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        (values, width) => {
          const sums = bucketSums(values, width);
          expect(sums).toHaveLength(Math.max(1, Math.ceil((values.length - 1) / width)));
          // Integers below 2^53: the sums are exact, so totals must match exactly.
          expect(sum(sums)).toBe(sum(values));
          sums.forEach((s, k) => {
            const from = k === 0 ? 0 : k * width + 1;
            expect(s).toBe(sum(values.slice(from, (k + 1) * width + 1)));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts non-finite values as zero', () => {
    expect(bucketSums([1, Number.NaN, 2, Number.POSITIVE_INFINITY, 3], 2)).toEqual([3, 3]);
  });
});
