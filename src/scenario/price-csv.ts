import { readFileSync } from 'node:fs';
import { parse, type CsvError } from 'csv-parse/sync';
import { parseTimestamp, type TimestampKind } from './csv-timestamp.js';
import { PROBLEMS_LISTED_PER_FILE, ScenarioProblems, type Problem } from './problems.js';
import { PRICE_BOUNDS } from './schema-primitives.js';
import { shownField } from './echo.js';

/** A price series read from CSV: `times[i]` seconds after the first row, `prices[i]` USD per unit. */
export interface PriceSeries {
  /** Seconds since the first row, strictly increasing, `times[0] = 0`. */
  times: Float64Array;
  /** Positive finite prices, same length as `times`. */
  prices: Float64Array;
}

/** What reading a price CSV found: the series when the file has no problem, else the problems. */
export interface PriceCsvReading {
  /** The series; `undefined` when `problemCount > 0`. */
  series: PriceSeries | undefined;
  /** The first {@link PROBLEMS_LISTED_PER_FILE} problems, in line order. */
  problems: Problem[];
  /** How many problems the file has in all (≥ `problems.length`). */
  problemCount: number;
  /** Data rows read (header, blank and comment lines not counted). */
  rows: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COLUMNS = ['timestamp', 'price'] as const;

/** A csv-parse record with its line: the line the record ends on (records of a price CSV span one line). */
interface CsvRecord {
  record: string[];
  line: number;
}

/**
 * Reads a price CSV file and returns every problem it has (see {@link readPriceCsv}). A file that
 * cannot be read is one problem. `source` names the file in problems (default: `filePath`).
 *
 * @example
 * const { series, problems } = readPriceCsvFile('/abs/scenarios/data/eth.csv', 'scenarios/data/eth.csv');
 */
export function readPriceCsvFile(filePath: string, source = filePath): PriceCsvReading {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(error);
    const message = `cannot read price CSV: ${reason}`;
    return {
      series: undefined,
      problems: [{ file: source, line: null, column: null, field: null, message, text: `${source}: ${message}` }],
      problemCount: 1,
      rows: 0,
    };
  }
  return readPriceCsv(text, source);
}

/**
 * Reads CSV text of `timestamp,price` rows with csv-parse (RFC 4180: fields may be double-quoted, a
 * quoted field may hold commas; a UTF-8 byte-order mark and CRLF, LF or CR line ends are accepted).
 * An optional header `timestamp,price` (any case) may come first; blank lines and lines starting with
 * `#` are ignored; spaces around a field are ignored. Timestamps are unix seconds (integer or decimal),
 * unix milliseconds (numbers above 1e11), or ISO-8601 (`2024-01-01T00:00:00Z`; no offset means UTC); all
 * rows must use the same kind and be strictly increasing. Prices must be positive finite numbers.
 *
 * Every row is checked, so one pass finds every problem of the file: the first
 * {@link PROBLEMS_LISTED_PER_FILE} are listed, each naming `source:line`, the column, what is allowed
 * and the offending value, and `problemCount` counts them all.
 *
 * @param source name used in problems, usually the file path
 * @example
 * readPriceCsv('timestamp,price\n1700000000,2000\n1700000060,1990\n', 'eth.csv').series;
 * // { times: [0, 60], prices: [2000, 1990] }
 */
export function readPriceCsv(text: string, source: string): PriceCsvReading {
  // Records that csv-parse cannot read and problems of the rows it read each arrive in line order; the first
  // PROBLEMS_LISTED_PER_FILE of each are enough to know the first of all, so a file of bad rows costs no memory.
  const unreadable: Problem[] = [];
  const found: Problem[] = [];
  let problemCount = 0;
  const report = (line: number | null, column: number | null, message: string, into = found): void => {
    problemCount += 1;
    if (into.length >= PROBLEMS_LISTED_PER_FILE) return;
    const field = column === null ? null : COLUMNS[column - 1];
    const where = line === null ? source : `${source}:${line}`;
    into.push({
      file: source,
      line,
      column,
      field,
      message,
      text: `${where}: ${field === null ? '' : `column "${field}": `}${message}`,
    });
  };

  const records = parseRecords(text, (error, lastLine) => {
    const unclosed = error.code === 'CSV_QUOTE_NOT_CLOSED';
    report(
      unclosed ? firstRowAfter(text, lastLine) : typeof error.lines === 'number' ? error.lines : null,
      null,
      structureMessage(error),
      unreadable,
    );
  });
  const rawTimes: number[] = [];
  const prices: number[] = [];
  let kind: TimestampKind | undefined;
  let kindLine = 0;
  let previous: { value: number; line: number; text: string } | undefined;
  let rows = 0;
  records.forEach(({ record, line }, index) => {
    const fields = record.map((field) => field.trim());
    if (
      index === 0 &&
      fields.length === 2 &&
      fields[0].toLowerCase() === 'timestamp' &&
      fields[1].toLowerCase() === 'price'
    )
      return;
    rows += 1;
    if (fields.length !== 2) {
      // The row is not in the expected format: its content is not echoed (the file may be any file).
      report(line, null, `expected 2 columns "timestamp,price", got ${fields.length}`);
      return;
    }
    const [timeText, priceText] = fields;
    const headerHint = index === 0 ? ' (a header row, if any, must be "timestamp,price")' : '';
    const stamp = parseTimestamp(timeText);
    let timeOk = false;
    if (stamp === undefined) {
      report(
        line,
        1,
        `expected unix seconds, unix milliseconds or an ISO-8601 date-time, got ${shownField(timeText)}${headerHint}`,
      );
    } else if (kind !== undefined && stamp.kind !== kind) {
      report(line, 1, `expected ${describeKind(kind)} like line ${kindLine}, got ${shownField(timeText)}`);
    } else if (previous !== undefined && !(stamp.value > previous.value)) {
      report(line, 1, `expected a time after line ${previous.line} ("${previous.text}"), got ${shownField(timeText)}`);
    } else {
      timeOk = true;
      if (kind === undefined) {
        kind = stamp.kind;
        kindLine = line;
      }
      previous = { value: stamp.value, line, text: timeText };
    }
    const price = NUMBER.test(priceText) ? Number(priceText) : Number.NaN;
    const positive = Number.isFinite(price) && price > 0;
    const priceOk = positive && price >= PRICE_BOUNDS.min && price <= PRICE_BOUNDS.max;
    if (!positive) report(line, 2, `expected a positive number, got ${shownField(priceText)}`);
    else if (!priceOk)
      report(
        line,
        2,
        `expected a price from ${PRICE_BOUNDS.min} to ${PRICE_BOUNDS.max} USD per unit (as an asset's initial price), ` +
          `got "${priceText}"`,
      );
    if (timeOk && priceOk && stamp !== undefined) {
      rawTimes.push(stamp.value);
      prices.push(price);
    }
  });

  if (problemCount === 0 && rawTimes.length === 0) {
    const why = records.length > 0 ? 'has a header but no data rows' : 'is empty';
    report(null, null, `price CSV ${why} (expected rows of "timestamp,price")`);
  }
  const problems = [...unreadable, ...found]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .slice(0, PROBLEMS_LISTED_PER_FILE);
  if (problemCount > 0) return { series: undefined, problems, problemCount, rows };
  // milliseconds are kept raw until here so that differences of integer stamps stay exact
  const scale = kind === 'unix-ms' ? 1000 : 1;
  const times = new Float64Array(rawTimes.length);
  for (let i = 0; i < rawTimes.length; i++) times[i] = (rawTimes[i] - rawTimes[0]) / scale;
  return { series: { times, prices: Float64Array.from(prices) }, problems: [], problemCount: 0, rows };
}

/**
 * Reads a price CSV file (see {@link readPriceCsv} for the format).
 *
 * @throws ScenarioProblems listing every problem of the file (the first {@link PROBLEMS_LISTED_PER_FILE},
 *   and how many more), each naming file, line, column, what is allowed and the offending value.
 * @example
 * const series = loadPriceCsv('data/eth-2022-06.csv');
 */
export function loadPriceCsv(filePath: string): PriceSeries {
  return seriesOrThrow(readPriceCsvFile(filePath), filePath);
}

/**
 * Parses price CSV text (see {@link readPriceCsv}); throws {@link ScenarioProblems} listing every problem.
 *
 * @example
 * const { times, prices } = parsePriceCsv('timestamp,price\n1700000000,2000\n1700000060,1990\n', 'eth.csv');
 * // times = [0, 60], prices = [2000, 1990]
 */
export function parsePriceCsv(text: string, source: string): PriceSeries {
  return seriesOrThrow(readPriceCsv(text, source), source);
}

function seriesOrThrow(reading: PriceCsvReading, source: string): PriceSeries {
  if (reading.series !== undefined) return reading.series;
  const more = reading.problemCount - reading.problems.length;
  throw new ScenarioProblems(reading.problems, more > 0 ? [{ file: source, count: more }] : []);
}

/**
 * csv-parse's records with their lines. Quotes inside an unquoted field are kept as text, and a record
 * csv-parse cannot read (a closing quote followed by text, a quote never closed) is passed to
 * `onBadRecord` and skipped, so the rows after it are still checked.
 */
function parseRecords(text: string, onBadRecord: (error: CsvError, lastGoodLine: number) => void): CsvRecord[] {
  const lines: number[] = [];
  const records = parse(text, {
    bom: true,
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) onBadRecord(error, lines.at(-1) ?? 0);
    },
    on_record: (record, context) => {
      lines.push(context.lines);
      return record;
    },
  });
  return records.map((record, i) => ({ record, line: lines[i] }));
}

/**
 * The first line after `line` that is neither blank nor a `#` comment: where the record csv-parse
 * could not finish starts (csv-parse reports the end of the file for a quote never closed).
 */
function firstRowAfter(text: string, line: number): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = line; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return i + 1;
  }
  return line + 1;
}

/** A csv-parse error in the words of the rest of the file's problems. */
function structureMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: the file ends inside double quotes (close the quote, or remove it)';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after a closing double quote; a quoted field must end at the quote (write "" for a quote inside quotes)';
    default:
      return `not readable as CSV: ${error.message}`;
  }
}

function describeKind(kind: TimestampKind): string {
  return kind === 'unix-ms' ? 'unix milliseconds' : kind === 'unix-s' ? 'unix seconds' : 'an ISO-8601 date-time';
}
