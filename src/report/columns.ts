/**
 * Lookup of the per-block series of a {@link RunResult} by the naming convention documented on
 * {@link SeriesColumn}, and block times in minutes for the charts.
 */
import type { RunResult, SeriesColumn } from '../analysis/result.js';

/**
 * Prefixes of the price columns, in the order they are charted.
 *
 * @example
 * PRICE_PREFIXES.some((p) => 'venue:cex'.startsWith(p)); // true
 */
export const PRICE_PREFIXES = ['fundamental:', 'venue:', 'oracle:'] as const;

/**
 * A `liquidatedUsd:gen<k>` column with its generation number.
 *
 * @example
 * const g: GenerationColumn = { generation: 1, column: findColumn(result, 'liquidatedUsd:gen1')! };
 */
export interface GenerationColumn {
  generation: number;
  column: SeriesColumn;
}

/**
 * The column named exactly `name`, or undefined.
 *
 * @example
 * findColumn(result, 'badDebtUsd')?.values[0]; // 0
 */
export function findColumn(result: RunResult, name: string): SeriesColumn | undefined {
  return result.series.find((c) => c.name === name);
}

/**
 * Columns whose name starts with `prefix`, in their order in `result.series`.
 *
 * @example
 * columnsWithPrefix(result, 'venue:').map((c) => c.name); // ['venue:uniswap', 'venue:cex']
 */
export function columnsWithPrefix(result: RunResult, prefix: string): SeriesColumn[] {
  return result.series.filter((c) => c.name.startsWith(prefix));
}

/**
 * Every price column: all `fundamental:*`, then `venue:*`, then `oracle:*`.
 *
 * @example
 * priceColumns(result).length; // 4 for one asset, two venues and one oracle
 */
export function priceColumns(result: RunResult): SeriesColumn[] {
  return PRICE_PREFIXES.flatMap((prefix) => columnsWithPrefix(result, prefix));
}

/**
 * The `liquidatedUsd:gen<k>` columns sorted by generation number (so `gen10` follows `gen9`).
 *
 * @example
 * generationColumns(result).map((g) => g.generation); // [0, 1, 2]
 */
export function generationColumns(result: RunResult): GenerationColumn[] {
  const found: GenerationColumn[] = [];
  for (const column of result.series) {
    const match = /^liquidatedUsd:gen(\d+)$/.exec(column.name);
    if (match) found.push({ generation: Number(match[1]), column });
  }
  return found.sort((a, b) => a.generation - b.generation);
}

/**
 * Simulated time of `block` in minutes.
 *
 * @example
 * blockMinutes(result, 5); // 1 when blocks last 12 s
 */
export function blockMinutes(result: RunResult, block: number): number {
  return (block * result.blockTimeSeconds) / 60;
}
