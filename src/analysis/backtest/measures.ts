import type { RunResult } from '../result.js';

/** What the model reports for each kind of documented figure (docs/events.md, Backtest). */
export const MEASURES = [
  'badDebtUsd',
  'zeroBidShare',
  'zeroBidCollateralUsd',
  'liquidations',
  'liquidatedCollateralUsd',
  'perpLiquidatedNotionalUsd',
  'adlFills',
  'adlNotionalUsd',
  'priceLowUsd',
  'priceHighUsd',
  'liquidationMinutes',
  'adlMinutes',
] as const;

/** One kind of documented figure. */
export type Measure = (typeof MEASURES)[number];

/** Units the table prints each measure in. */
export const MEASURE_UNITS: Record<Measure, string> = {
  badDebtUsd: 'USD',
  zeroBidShare: 'share',
  zeroBidCollateralUsd: 'USD',
  liquidations: 'count',
  liquidatedCollateralUsd: 'USD',
  perpLiquidatedNotionalUsd: 'USD',
  adlFills: 'count',
  adlNotionalUsd: 'USD',
  priceLowUsd: 'USD',
  priceHighUsd: 'USD',
  liquidationMinutes: 'min',
  adlMinutes: 'min',
};

/**
 * The model's figure for `measure` in `run`, or null when the run has none (no English auction for a zero-bid
 * share, no such price series). Bad debt counts what was written off plus debt still owed beyond its collateral at
 * the end (Aave v2/v3 keep such debt on the books). Durations run from the first to the last block with a liquidation
 * (an ADL fill), in minutes; `series` names the price column for the price extremes (e.g. `venue:cex`).
 *
 * @example modelFigure(run, 'priceLowUsd', 'venue:cex') // lowest off-chain ETH price of the run
 */
export function modelFigure(run: RunResult, measure: Measure, series?: string): number | null {
  const m = run.metrics;
  const auction = run.auctions?.[0];
  switch (measure) {
    case 'badDebtUsd':
      return m.badDebtUsd + m.underwaterDebtUsd;
    case 'zeroBidShare':
      return auction ? auction.zeroBidShare : null;
    case 'zeroBidCollateralUsd':
      return auction ? auction.zeroBidCollateralUsd : null;
    case 'liquidations':
      return m.liquidations;
    case 'liquidatedCollateralUsd':
      return m.liquidatedCollateralUsd;
    case 'perpLiquidatedNotionalUsd':
      return m.perpLiquidatedNotionalUsd;
    case 'adlFills':
      return m.adlFills;
    case 'adlNotionalUsd':
      return m.adlNotionalUsd;
    case 'priceLowUsd':
    case 'priceHighUsd': {
      const values = run.series.find((column) => column.name === series)?.values;
      if (!values || values.length === 0) return null;
      let extreme = values[0];
      for (const value of values)
        extreme = measure === 'priceLowUsd' ? Math.min(extreme, value) : Math.max(extreme, value);
      return extreme;
    }
    case 'liquidationMinutes':
      return activeMinutes(run, (name) => name === 'liquidations');
    case 'adlMinutes':
      return activeMinutes(run, (name) => name.startsWith('perp:') && name.endsWith(':adlUsd'));
  }
}

/** Minutes from the first to the last block where any matching series is positive; 0 when none is. */
function activeMinutes(run: RunResult, matches: (name: string) => boolean): number {
  let first = -1;
  let last = -1;
  for (const column of run.series) {
    if (!matches(column.name)) continue;
    column.values.forEach((value, block) => {
      if (!(value > 0)) return;
      if (first < 0 || block < first) first = block;
      if (block > last) last = block;
    });
  }
  return first < 0 ? 0 : ((last - first) * run.blockTimeSeconds) / 60;
}
