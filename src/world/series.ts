/** One recorded per-block series (a CSV column). */
export interface SeriesColumn {
  name: string;
  /** Unit written in the CSV header, e.g. `usd`, `count`, `ratio`. */
  unit: string;
  /** One value per block, index 0 = block 0 (the initial state). */
  values: Float64Array;
}
