/**
 * Quantile of sorted values by linear interpolation between order statistics (Hyndman–Fan type 7,
 * the default of R and NumPy). `sorted` must be ascending and non-empty.
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/**
 * Largest peak-to-trough fall of a series as a fraction of the peak (0.1 = 10%); 0 if it never falls.
 *
 * @example maxDrawdown([100, 120, 90, 130]) // 0.25
 */
export function maxDrawdown(values: ArrayLike<number>): number {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > peak) peak = v;
    else if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return worst;
}
