import { readFileSync } from 'node:fs';
import { InvariantError, ScenarioError } from '../../kernel/errors.js';
import { parseTimestamp, type TimestampKind } from './csv-timestamp.js';
import type { PriceProcess } from './process.js';

/** A price series read from CSV: `times[i]` seconds after the first row, `prices[i]` USD per unit. */
export interface PriceSeries {
  /** Seconds since the first row, strictly increasing, `times[0] = 0`. */
  times: Float64Array;
  /** Positive finite prices, same length as `times`. */
  prices: Float64Array;
}

/** Options of {@link createCsvReplay}. */
export interface CsvReplayOptions {
  /** `step`: last row at or before t; `linear`: linear interpolation in price between rows. */
  interpolation: 'step' | 'linear';
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a CSV of `timestamp,price` rows (see {@link parsePriceCsv} for the accepted format).
 *
 * @throws ScenarioError if the file is missing, unreadable, empty or has a malformed row.
 * @example
 * const series = loadPriceCsv('data/eth-2022-06.csv');
 * const eth = createCsvReplay(series, { interpolation: 'linear' });
 */
export function loadPriceCsv(filePath: string): PriceSeries {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new ScenarioError(`${filePath}: cannot read price CSV: ${reason}`, filePath);
  }
  return parsePriceCsv(text, filePath);
}

/**
 * Parses CSV text of `timestamp,price` rows. An optional header `timestamp,price` (any case) may
 * come first; blank lines and lines starting with `#` are ignored; fields may be double-quoted.
 * Timestamps are unix seconds (integer or decimal), unix milliseconds (numbers above 1e11), or
 * ISO-8601 (`2024-01-01T00:00:00Z`; no offset means UTC); all rows must use the same kind and be
 * strictly increasing. Prices must be positive finite numbers.
 *
 * @param source name used in error messages, usually the file path
 * @throws ScenarioError naming `source:line`, the column, what is allowed and the offending value.
 * @example
 * const { times, prices } = parsePriceCsv('timestamp,price\n1700000000,2000\n1700000060,1990\n', 'eth.csv');
 * // times = [0, 60], prices = [2000, 1990]
 */
export function parsePriceCsv(text: string, source: string): PriceSeries {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rawTimes: number[] = [];
  const prices: number[] = [];
  let kind: TimestampKind | undefined;
  let kindLine = 0;
  let previousLine = 0;
  let previousRaw = '';
  let sawContent = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',').map(unquote);
    const where = `${source}:${lineNo}`;
    const fail = (message: string): never => {
      throw new ScenarioError(`${where}: ${message}`, where);
    };
    if (!sawContent) {
      sawContent = true;
      if (fields.length === 2 && fields[0].toLowerCase() === 'timestamp' && fields[1].toLowerCase() === 'price') continue;
    }
    if (fields.length !== 2) {
      fail(`expected 2 columns "timestamp,price", got ${fields.length}: "${line}"`);
    }
    const [timeText, priceText] = fields;
    const stamp = parseTimestamp(timeText);
    if (stamp === undefined) {
      fail(
        `column "timestamp": expected unix seconds, unix milliseconds or an ISO-8601 date-time, got "${timeText}"`,
      );
    } else if (kind !== undefined && stamp.kind !== kind) {
      fail(`column "timestamp": expected ${describeKind(kind)} like line ${kindLine}, got "${timeText}"`);
    } else if (rawTimes.length > 0 && !(stamp.value > rawTimes[rawTimes.length - 1])) {
      fail(`column "timestamp": expected a time after line ${previousLine} ("${previousRaw}"), got "${timeText}"`);
    } else {
      if (kind === undefined) {
        kind = stamp.kind;
        kindLine = lineNo;
      }
      const price = NUMBER.test(priceText) ? Number(priceText) : Number.NaN;
      if (!Number.isFinite(price) || price <= 0) {
        fail(`column "price": expected a positive number, got "${priceText}"`);
      }
      rawTimes.push(stamp.value);
      prices.push(price);
      previousLine = lineNo;
      previousRaw = timeText;
    }
  }
  if (rawTimes.length === 0) {
    const why = sawContent ? 'has a header but no data rows' : 'is empty';
    throw new ScenarioError(`${source}: price CSV ${why} (expected rows of "timestamp,price")`, source);
  }
  // milliseconds are kept raw until here so that differences of integer stamps stay exact
  const scale = kind === 'unix-ms' ? 1000 : 1;
  const times = new Float64Array(rawTimes.length);
  for (let i = 0; i < rawTimes.length; i++) times[i] = (rawTimes[i] - rawTimes[0]) / scale;
  return { times, prices: Float64Array.from(prices) };
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
    throw new ScenarioError(`csv-replay: "interpolation" must be "step" or "linear", got "${String(options.interpolation)}"`);
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

function describeKind(kind: TimestampKind): string {
  return kind === 'unix-ms' ? 'unix milliseconds' : kind === 'unix-s' ? 'unix seconds' : 'an ISO-8601 date-time';
}

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}
