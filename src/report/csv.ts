/**
 * Per-block time series of a run as CSV: one column per {@link SeriesColumn}, one row per block.
 *
 * Header names are `<name>_<unit>` after sanitising both parts:
 * - `:` becomes `_` (`fundamental:ETH` + `usd` → `fundamental_ETH_usd`,
 *   `liquidatedUsd:gen1` + `usd` → `liquidatedUsd_gen1_usd`, `health:p50` + `ratio` → `health_p50_ratio`);
 * - any other character outside `A-Z a-z 0-9 _ . -` (spaces, commas, quotes, …) also becomes `_`,
 *   so a header cell never needs CSV quoting.
 * Two columns whose sanitised names collide are an error, as is a column of the wrong length.
 */
import type { RunResult } from '../analysis/result.js';
import { csvText } from '../kernel/csv.js';
import { InvariantError } from '../kernel/errors.js';
import { plainDecimal } from '../kernel/format.js';

/** Significant digits of every number in the CSV. */
const SIGNIFICANT = 10;

/**
 * Makes a series name or unit safe and readable as part of a CSV header (see the module doc).
 *
 * @example
 * sanitizeHeaderPart('venue:uni-v3 ETH/USDC'); // 'venue_uni-v3_ETH_USDC'
 */
export function sanitizeHeaderPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * The CSV header cell of a column: `<name>_<unit>`, both sanitised.
 *
 * @example
 * csvColumnName({ name: 'oracle:chainlink', unit: 'usd' }); // 'oracle_chainlink_usd'
 */
export function csvColumnName(column: { name: string; unit: string }): string {
  return `${sanitizeHeaderPart(column.name)}_${sanitizeHeaderPart(column.unit)}`;
}

/**
 * Renders the series of `result` as CSV: header `block,time_s,<name>_<unit>...`, then one row
 * per block (block 0 = initial state, so `blocks + 1` rows), numbers with up to 10 significant
 * digits in plain decimal, every line ending with `\n` (written by csv-stringify, {@link csvText}). Throws an {@link
 * InvariantError} on a
 * NaN/Infinity value, a column whose length is not `blocks + 1`, or duplicate header names.
 *
 * @example
 * const csv = timeseriesCsv(result);
 * csv.split('\n')[0]; // 'block,time_s,fundamental_ETH_usd,venue_uniswap_usd,...'
 */
export function timeseriesCsv(result: RunResult): string {
  const rows = result.blocks + 1;
  const header = ['block', 'time_s'];
  const seen = new Set(header);
  for (const column of result.series) {
    const name = csvColumnName(column);
    if (seen.has(name)) throw new InvariantError(`CSV header '${name}' is produced by two columns`);
    seen.add(name);
    header.push(name);
    if (column.values.length !== rows) {
      throw new InvariantError(`series '${column.name}' has ${column.values.length} values, expected ${rows}`);
    }
  }

  const lines: string[][] = [header];
  for (let block = 0; block < rows; block++) {
    const cells = [String(block), plainDecimal(block * result.blockTimeSeconds, SIGNIFICANT, 'time')];
    for (const column of result.series) {
      cells.push(plainDecimal(column.values[block], SIGNIFICANT, `series '${column.name}' at block ${block}`));
    }
    lines.push(cells);
  }
  return csvText(lines);
}
