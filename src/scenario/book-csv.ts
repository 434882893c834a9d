/**
 * An order-book snapshot in CSV: a header `side,price,size` (any order) and one row per resting level, `side` `bid` or
 * `ask`, price in quote per base, size in base. Rows may come in any order (each side is sorted, best first); every
 * price and size must be positive, a price may appear once per side, and every bid must sit below every ask.
 */
import { csvTable, FileProblems, parseNumber, readText, type VenueCsvReading } from './venue-csv.js';
import { shownHeader } from './echo.js';

/** One level of a snapshot. */
export interface SnapshotLevel {
  price: number;
  size: number;
}

/** A checked snapshot: bids best (highest) first, asks best (lowest) first. */
export interface BookSnapshot {
  bids: SnapshotLevel[];
  asks: SnapshotLevel[];
}

const COLUMNS = ['side', 'price', 'size'];

/**
 * Reads and checks a snapshot CSV file; `source` names it in problems.
 *
 * @example
 * const { value } = readBookCsvFile('/abs/data/book.csv', 'data/book.csv');
 */
export function readBookCsvFile(filePath: string, source: string): VenueCsvReading<BookSnapshot> {
  const text = readText(filePath, source, 'order-book snapshot CSV');
  if ('problem' in text) return { value: undefined, problems: [text.problem], problemCount: 1, rows: 0 };
  return readBookCsv(text.text, source);
}

/**
 * Reads and checks snapshot CSV text.
 *
 * @example
 * readBookCsv('side,price,size\nbid,99,10\nask,101,10\n', 'book.csv').value; // { bids: [{99, 10}], asks: [{101, 10}] }
 */
export function readBookCsv(text: string, source: string): VenueCsvReading<BookSnapshot> {
  const columns: string[] = [];
  const problems = new FileProblems(source, columns);
  const { header, headerLine, rows } = csvTable(text, (line, message) => problems.add(line, null, message));
  columns.push(...header);
  if (header.length === 0)
    problems.add(null, null, 'order-book snapshot CSV is empty (expected "side,price,size" and rows)');
  else if (COLUMNS.some((name) => !header.includes(name)))
    problems.add(
      headerLine,
      null,
      `expected a header naming the columns side, price and size, got ${shownHeader(header)}`,
    );
  const levels = { bid: [] as (SnapshotLevel & { line: number })[], ask: [] as (SnapshotLevel & { line: number })[] };
  if (problems.count === 0) {
    for (const { fields, line } of rows) {
      const side = (fields.get('side') ?? '').toLowerCase();
      const price = parseNumber(fields.get('price') ?? '');
      const size = parseNumber(fields.get('size') ?? '');
      let ok = true;
      if (side !== 'bid' && side !== 'ask') {
        problems.add(line, 'side', `expected "bid" or "ask", got "${fields.get('side') ?? ''}"`);
        ok = false;
      }
      if (!(price > 0 && Number.isFinite(price))) {
        problems.add(line, 'price', `expected a positive price, got "${fields.get('price') ?? ''}"`);
        ok = false;
      }
      if (!(size > 0 && Number.isFinite(size))) {
        problems.add(line, 'size', `expected a positive size, got "${fields.get('size') ?? ''}"`);
        ok = false;
      }
      if (!ok) continue;
      const list = levels[side as 'bid' | 'ask'];
      const twin = list.find((level) => level.price === price);
      if (twin) problems.add(line, 'price', `${side} price ${price} appears twice (first on line ${twin.line})`);
      else list.push({ price, size, line });
    }
    levels.bid.sort((a, b) => b.price - a.price);
    levels.ask.sort((a, b) => a.price - b.price);
    for (const side of ['bid', 'ask'] as const)
      if (levels[side].length === 0)
        problems.add(null, null, `the snapshot has no ${side} levels; it needs at least one each side`);
    const [bestBid, bestAsk] = [levels.bid[0], levels.ask[0]];
    if (bestBid && bestAsk && !(bestBid.price < bestAsk.price)) {
      for (const bid of levels.bid.filter((level) => level.price >= bestAsk.price))
        problems.add(
          bid.line,
          'price',
          `bid ${bid.price} is not below the best ask ${bestAsk.price} (line ${bestAsk.line}): the book is crossed`,
        );
    }
  }
  if (problems.count > 0)
    return { value: undefined, problems: problems.sorted(), problemCount: problems.count, rows: rows.length };
  const strip = (list: (SnapshotLevel & { line: number })[]) => list.map(({ price, size }) => ({ price, size }));
  return {
    value: { bids: strip(levels.bid), asks: strip(levels.ask) },
    problems: [],
    problemCount: 0,
    rows: rows.length,
  };
}
