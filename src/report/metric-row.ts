/** The shape of the summary's rows: one formatted metric and a titled block of them (metric-rows.ts and
 * optional-rows.ts build them; the terminal table and the HTML report print them). */

/**
 * One formatted metric.
 *
 * @example
 * const row: MetricRow = { label: 'Bad debt', unit: 'USD', value: '98,765.43' };
 */
export interface MetricRow {
  label: string;
  /** Short unit hint shown after the label, e.g. `USD`, `%`, `count`. */
  unit: string;
  /** Already formatted value (`n/a` for a null). */
  value: string;
}

/**
 * A titled block of rows.
 *
 * @example
 * const group: MetricGroup = { title: 'Losses', rows: [row] };
 */
export interface MetricGroup {
  title: string;
  rows: MetricRow[];
}
