import { InvariantError, ScenarioError } from '../../kernel/errors.js';
import type { PriceSeries } from '../../scenario/price-csv.js';
import type { PriceProcess } from './process.js';

// The reader of price CSV files lives with the other scenario data readers; re-exported here for the replay's users.
export { loadPriceCsv, parsePriceCsv, type PriceSeries } from '../../scenario/price-csv.js';

/** Options of {@link createCsvReplay}. */
export interface CsvReplayOptions {
  /** `step`: last row at or before t; `linear`: linear interpolation in price between rows. */
  interpolation: 'step' | 'linear';
}

/**
 * Replays a {@link PriceSeries} against simulation time (t = 0 is the first row). Before the first
 * row the price is the first price; after the last row it stays at the last price.
 * Draws no randomness.
 *
 * @throws ScenarioError if the series is empty, mismatched, not increasing or has a non-positive price.
 * @example
 * const eth = createCsvReplay({ times: Float64Array.of(0, 60), prices: Float64Array.of(100, 160) }, { interpolation: 'linear' });
 * eth.next(30, 12); // 130
 */
export function createCsvReplay(data: PriceSeries, options: CsvReplayOptions): PriceProcess {
  const { times, prices } = data;
  checkSeries(times, prices);
  const linear = options.interpolation === 'linear';
  if (!linear && options.interpolation !== 'step') {
    throw new ScenarioError(
      `csv-replay: "interpolation" must be "step" or "linear", got "${String(options.interpolation)}"`,
    );
  }
  const lastIndex = times.length - 1;
  let cursor = 0; // largest i with times[i] ≤ t for the most recent t
  return {
    initial: prices[0],
    next(timeSeconds: number, dtSeconds: number): number {
      if (!(dtSeconds >= 0)) throw new InvariantError(`csv-replay: block length must be ≥ 0 s, got ${dtSeconds}`);
      const t = timeSeconds;
      if (t <= times[0]) return prices[0];
      if (t >= times[lastIndex]) return prices[lastIndex];
      if (times[cursor] > t) cursor = 0;
      while (times[cursor + 1] <= t) cursor += 1;
      if (!linear) return prices[cursor];
      const t0 = times[cursor];
      const t1 = times[cursor + 1];
      // linear interpolation: p0 + (p1 − p0)·(t − t0)/(t1 − t0)
      return prices[cursor] + (prices[cursor + 1] - prices[cursor]) * ((t - t0) / (t1 - t0));
    },
  };
}

function checkSeries(times: Float64Array, prices: Float64Array): void {
  if (times.length === 0 || times.length !== prices.length) {
    throw new ScenarioError(
      `csv-replay: need ≥ 1 row and as many times as prices, got ${times.length} times and ${prices.length} prices`,
    );
  }
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
      throw new ScenarioError(`csv-replay: times must be finite and strictly increasing; times[${i}] = ${times[i]}`);
    }
    if (!Number.isFinite(prices[i]) || prices[i] <= 0) {
      throw new ScenarioError(`csv-replay: prices must be positive and finite; prices[${i}] = ${prices[i]}`);
    }
  }
}
