/**
 * Reduction of long per-block series for the charts (never for the CSV, which keeps every
 * block). Line series are thinned by a min/max-per-bucket scheme that keeps every local
 * extreme, so a one-block drawdown trough or spike stays visible; bar series are summed into
 * time buckets, so the total is preserved. Both are pure integer arithmetic on indices:
 * identical input gives identical output.
 */
import { InvariantError } from '../kernel/errors.js';

/**
 * Most points one line series of a chart gets; longer series are downsampled to at most this.
 *
 * @example
 * downsampleIndices(values, MAX_LINE_POINTS).length <= MAX_LINE_POINTS; // true
 */
export const MAX_LINE_POINTS = 1500;

/**
 * Most time buckets of a bar chart over time; see {@link bucketWidthBlocks}.
 *
 * @example
 * Math.ceil(result.blocks / bucketWidthBlocks(result.blocks, 12, MAX_BAR_BUCKETS)) <= MAX_BAR_BUCKETS; // true
 */
export const MAX_BAR_BUCKETS = 200;

function checkCap(cap: number, least: number, what: string): void {
  if (!Number.isInteger(cap) || cap < least)
    throw new InvariantError(`${what} must be an integer ≥ ${least}, got ${cap}`);
}

/**
 * Indices (ascending) of the points of `values` to draw so that at most `maxPoints` remain.
 * Up to `maxPoints` values, every index is kept. Above, the first and last points are always
 * kept and the points between are split into equal consecutive buckets; each bucket keeps
 * the index of its minimum and of its maximum (the first one on ties) and, when it contains
 * non-finite values, the first of them, so a gap in the data stays a gap in the chart.
 *
 * @example
 * downsampleIndices([5, 1, 4, 9, 2, 6, 3], 6); // [0, 1, 2, 3, 4, 6]: buckets [1, 4] and [9, 2, 6] keep their min and max
 */
export function downsampleIndices(values: ArrayLike<number>, maxPoints: number): number[] {
  checkCap(maxPoints, 4, 'maximum point count');
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  let hasGap = false;
  for (let i = 1; i < n - 1 && !hasGap; i++) hasGap = !Number.isFinite(values[i]);
  const perBucket = hasGap ? 3 : 2;
  const buckets = Math.floor((maxPoints - 2) / perBucket);
  const inner = n - 2;
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let min = -1;
    let max = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
      } else {
        if (min < 0 || v < values[min]) min = i;
        if (max < 0 || v > values[max]) max = i;
      }
    }
    const picks = [min, max, gap].filter((i) => i >= 0).sort((a, c) => a - c);
    for (let k = 0; k < picks.length; k++) if (k === 0 || picks[k] !== picks[k - 1]) kept.push(picks[k]);
  }
  kept.push(n - 1);
  return kept;
}

/** Seconds in each unit a bucket width may be named in, largest first. */
const UNITS: readonly [string, number][] = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Bucket durations preferred because they read well, in seconds, shortest first. */
const NICE_SECONDS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
] as const;

/**
 * Number of blocks per bar-chart bucket so that a run of `blocks` blocks of `blockTimeSeconds`
 * gets at most `maxBuckets` buckets: 1 when that already holds, otherwise the shortest
 * round duration (30 s, 1 min, 5 min, 10 min, 1 h, …) that is a whole number of blocks and
 * gives few enough buckets, or failing that the smallest block count that does.
 *
 * @example
 * bucketWidthBlocks(900, 12, 200);  // 5   (1-minute buckets: 180 of them)
 * bucketWidthBlocks(7200, 12, 200); // 50  (10-minute buckets: 144)
 * bucketWidthBlocks(150, 12, 200);  // 1   (one bucket per block)
 */
export function bucketWidthBlocks(blocks: number, blockTimeSeconds: number, maxBuckets: number): number {
  checkCap(maxBuckets, 1, 'maximum bucket count');
  if (blocks <= maxBuckets) return 1;
  const least = Math.ceil(blocks / maxBuckets);
  for (const seconds of NICE_SECONDS) {
    const width = seconds / blockTimeSeconds;
    if (Number.isInteger(width) && width >= least) return width;
  }
  return least;
}

/**
 * The duration of `widthBlocks` blocks as an adjective for an axis name: `1-minute`,
 * `10-minute`, `2-hour`, `90-second`, in the largest unit that divides it exactly.
 *
 * @example
 * bucketLabel(5, 12);  // '1-minute'
 * bucketLabel(7, 12);  // '84-second'
 * bucketLabel(3, 0.5); // '1.5-second'
 */
export function bucketLabel(widthBlocks: number, blockTimeSeconds: number): string {
  const seconds = Number((widthBlocks * blockTimeSeconds).toPrecision(12));
  const unit = UNITS.find(([, size]) => seconds >= size && Number.isInteger(seconds / size)) ?? UNITS[UNITS.length - 1];
  return `${seconds / unit[1]}-${unit[0]}`;
}

/**
 * Bucket of value index `index` (index 0 is block 0, the initial state) when buckets are
 * `widthBlocks` blocks wide: bucket k holds blocks k·w+1 … (k+1)·w, and block 0 joins bucket 0,
 * so bucket k spans the time from the start of block k·w+1 to the end of block (k+1)·w.
 *
 * @example
 * [0, 1, 5, 6].map((i) => bucketOf(i, 5)); // [0, 0, 0, 1]
 */
export function bucketOf(index: number, widthBlocks: number): number {
  return Math.max(0, Math.ceil(index / widthBlocks) - 1);
}

/**
 * Sums per-block `values` (index 0 = block 0) into buckets of `widthBlocks` blocks, see
 * {@link bucketOf}. Non-finite values count as 0. With `widthBlocks` 1 the values are
 * returned unchanged except that block 0 is added to block 1.
 *
 * @example
 * bucketSums([0, 1, 2, 3, 4, 5, 6, 7], 3); // [6, 15, 7]: blocks 0–3, 4–6, 7
 */
export function bucketSums(values: ArrayLike<number>, widthBlocks: number): number[] {
  checkCap(widthBlocks, 1, 'bucket width');
  const blocks = Math.max(0, values.length - 1);
  const sums = new Array<number>(Math.max(1, Math.ceil(blocks / widthBlocks))).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) sums[bucketOf(i, widthBlocks)] += v;
  }
  return sums;
}
