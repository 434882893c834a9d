/**
 * A quote sweep: the average price impact a venue quotes for a ladder of trade sizes, the way one measures a DEX
 * aggregator (ask it to quote selling and buying 10k, 30k, 100k … USD and compare each average price with the mid).
 * Its rows are what a `curve` venue's table reads (`side,size_usd,impact_bps`, average impact).
 */
import type { Venue } from './venue.js';
import { positive } from './venue-errors.js';

/** Basis points in one unit. */
const BPS = 10_000;

/**
 * One measured row: side, notional of the base traded at the reference price (USD), average impact (bps).
 *
 * @example
 * const row: SweepRow = { side: 'sell', sizeUsd: 100_000, impactBps: 55.2 };
 */
export interface SweepRow {
  side: 'sell' | 'buy';
  sizeUsd: number;
  impactBps: number;
}

/**
 * Quotes (never trades) a sale and a purchase of each size on `venue`, measured from its mid now (the reference).
 * A sale of s USD sells s/mid base and fetches p: impact 1 − p/s. A purchase spends s USD and receives b base, a
 * notional of b·mid: impact s/(b·mid) − 1, at size b·mid (an aggregator quotes purchases by what you spend).
 *
 * @example
 * sweepQuotes(pool, [1e4, 1e5]).rows; // [{ side: 'sell', sizeUsd: 1e4, impactBps: 35.0… }, …]
 */
export function sweepQuotes(venue: Venue, sizesUsd: readonly number[]): { reference: number; rows: SweepRow[] } {
  const reference = positive(venue.mid(), `venue ${venue.id} mid`);
  const rows: SweepRow[] = [];
  for (const size of sizesUsd) {
    positive(size, 'sweep size');
    const proceeds = venue.quoteSell(size / reference);
    rows.push({ side: 'sell', sizeUsd: size, impactBps: (1 - proceeds / size) * BPS });
  }
  for (const size of sizesUsd) {
    const notional = venue.quoteBuy(size) * reference;
    rows.push({ side: 'buy', sizeUsd: notional, impactBps: (size / notional - 1) * BPS });
  }
  return { reference, rows };
}

/**
 * The rows as curve CSV text (`side,size_usd,impact_bps`), every number in its shortest exact form.
 *
 * @example
 * sweepCsv(sweepQuotes(pool, [1e4]).rows); // 'side,size_usd,impact_bps\nsell,10000,35.0…\nbuy,…\n'
 */
export function sweepCsv(rows: readonly SweepRow[]): string {
  return ['side,size_usd,impact_bps', ...rows.map((r) => `${r.side},${r.sizeUsd},${r.impactBps}`)].join('\n') + '\n';
}
