/**
 * The per-path price series a batch keeps for fan charts: every `oracle:*` and `fundamental:*`
 * column of a run, sampled at the same evenly spaced blocks for every path.
 *
 * Why not src/report/downsample.ts: its min/max-per-bucket scheme keeps different blocks for
 * different paths (wherever each path's extremes are), while a fan chart takes quantiles across
 * paths at each time point, so every path must be sampled on one shared grid.
 */
import { InvariantError } from '../../kernel/errors.js';
import type { RunResult } from '../result.js';
import type { PathSeries } from './types.js';

/**
 * Prefixes of the series a batch keeps: the price the protocol sees and the exogenous price.
 *
 * @example
 * KEPT_SERIES_PREFIXES.some((prefix) => 'oracle:eth-usd'.startsWith(prefix)); // true
 */
export const KEPT_SERIES_PREFIXES: readonly string[] = ['oracle:', 'fundamental:'];

/**
 * `points` indices spread evenly over `0 … length − 1`, first and last included; every index when
 * `length ≤ points`. Index i is round(i·(length − 1)/(points − 1)) (uniform grid, both ends kept),
 * strictly increasing because the step is ≥ 1.
 *
 * @example
 * evenIndices(121, 5); // [0, 30, 60, 90, 120]
 * evenIndices(3, 5);   // [0, 1, 2]
 */
export function evenIndices(length: number, points: number): number[] {
  if (!Number.isInteger(points) || points < 2)
    throw new InvariantError(`series points must be an integer ≥ 2, got ${points}`);
  if (length <= points) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (points - 1);
  return Array.from({ length: points }, (_, i) => Math.round(i * step));
}

/**
 * The oracle and fundamental price series of `result`, each sampled at {@link evenIndices}(blocks + 1,
 * `points`), with times in seconds since block 0. Throws InvariantError on a non-finite price (a bug:
 * prices are always finite), so NaN never reaches a stored record.
 *
 * @example
 * const series = pathSeries(runScenario(scenario, { seed: 1 }), 50);
 * series[0].name;              // 'fundamental:ETH'
 * series[0].timesSeconds[1];   // 12 · round(blocks / 49)
 */
export function pathSeries(result: Pick<RunResult, 'series' | 'blockTimeSeconds'>, points: number): PathSeries[] {
  const kept = result.series.filter((column) => KEPT_SERIES_PREFIXES.some((prefix) => column.name.startsWith(prefix)));
  return kept.map((column) => {
    const indices = evenIndices(column.values.length, points);
    const values = indices.map((i) => column.values[i]);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new InvariantError(`series ${column.name} has a non-finite value at block ${indices[bad]}`);
    return { name: column.name, timesSeconds: indices.map((i) => i * result.blockTimeSeconds), values };
  });
}
