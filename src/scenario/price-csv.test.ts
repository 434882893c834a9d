import { describe, expect, it } from 'vitest';
import { PROBLEMS_LISTED_PER_FILE, ScenarioProblems } from './problems.js';
import { parsePriceCsv, readPriceCsv } from './price-csv.js';

/** `n` rows of unix seconds one minute apart, price 100 + i, after a header. */
function goodRows(n: number): string[] {
  return ['timestamp,price', ...Array.from({ length: n }, (_, i) => `${1_700_000_000 + 60 * i},${100 + i}`)];
}

describe('readPriceCsv: every problem in one pass', () => {
  it('lists a bad price, a bad timestamp, a wrong column count and an out-of-order row, in line order', () => {
    const rows = goodRows(8);
    rows[2] = '1700000060,abc'; // line 3: bad price
    rows[4] = 'later,103'; // line 5: bad timestamp
    rows[6] = '1700000300,105,extra'; // line 7: three fields
    rows[8] = '1700000000,107'; // line 9: not after line 8 (1700000360)
    const reading = readPriceCsv(rows.join('\n') + '\n', 'eth.csv');
    expect(reading.series).toBeUndefined();
    expect(reading.problemCount).toBe(4);
    expect(reading.problems.map((p) => [p.line, p.column, p.field])).toEqual([
      [3, 2, 'price'],
      [5, 1, 'timestamp'],
      [7, null, null],
      [9, 1, 'timestamp'],
    ]);
    expect(reading.problems.map((p) => p.text)).toEqual([
      'eth.csv:3: column "price": expected a positive number, got "abc"',
      'eth.csv:5: column "timestamp": expected unix seconds, unix milliseconds or an ISO-8601 date-time, got "later"',
      'eth.csv:7: expected 2 columns "timestamp,price", got 3',
      'eth.csv:9: column "timestamp": expected a time after line 8 ("1700000360"), got "1700000000"',
    ]);
  });

  it('reports both fields of a row whose timestamp and price are both bad', () => {
    const reading = readPriceCsv('timestamp,price\nnever,-1\n', 'x.csv');
    expect(reading.problems.map((p) => p.field)).toEqual(['timestamp', 'price']);
  });

  it(`lists the first ${PROBLEMS_LISTED_PER_FILE} problems and counts the rest; the thrown error says how many more`, () => {
    const rows = goodRows(100);
    for (let line = 11; line <= 60; line++) rows[line - 1] = `${1_700_000_000 + 60 * (line - 2)},0`; // 50 zero prices, lines 11..60
    const text = rows.join('\n');
    const reading = readPriceCsv(text, 'many.csv');
    expect(reading.problemCount).toBe(50);
    expect(reading.problems).toHaveLength(PROBLEMS_LISTED_PER_FILE);
    expect(reading.problems[0].line).toBe(11);
    expect(reading.problems[19].line).toBe(30);
    let error: unknown;
    try {
      parsePriceCsv(text, 'many.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioProblems);
    const problems = error as ScenarioProblems;
    expect(problems.omitted).toEqual([{ file: 'many.csv', count: 30 }]);
    const lines = problems.message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('many.csv: 30 more problems not shown (the first 20 are listed)');
  });
});

describe('readPriceCsv: CSV as RFC 4180 writes it', () => {
  it('reads a quoted field holding a comma as one field', () => {
    // Split on every comma, `"1,5"` would be two fields and the row three columns.
    const reading = readPriceCsv('timestamp,price\n1700000000,"1,5"\n', 'q.csv');
    expect(reading.problems.map((p) => p.text)).toEqual([
      'q.csv:2: column "price": expected a positive number, got "1,5"',
    ]);
  });

  it('reads quoted fields, doubled quotes inside quotes, a byte-order mark and CRLF line ends', () => {
    const text =
      '\uFEFFtimestamp,price\r\n"2024-01-01T00:00:00Z","2000"\r\n# a comment\r\n\r\n"2024-01-01T00:01:00Z",1990.5\r\n';
    const reading = readPriceCsv(text, 'bom.csv');
    expect(reading.problems).toEqual([]);
    expect(reading.rows).toBe(2);
    expect(Array.from(reading.series?.times ?? [])).toEqual([0, 60]);
    expect(Array.from(reading.series?.prices ?? [])).toEqual([2000, 1990.5]);
    // A quote doubled inside a quoted field is one quote: the value is `2"`, not a number.
    expect(readPriceCsv('1700000000,"2"""\n', 'd.csv').problems[0].text).toBe(
      'd.csv:1: column "price": expected a positive number, got "2""',
    );
  });

  it('reads old-Mac CR line ends and counts lines the same way', () => {
    const reading = readPriceCsv('timestamp,price\r1700000000,5\r1700000060,x\r', 'cr.csv');
    expect(reading.problems.map((p) => p.line)).toEqual([3]);
  });

  it('a quote never closed is one problem at the row where it opens, after the rows before it were checked', () => {
    const reading = readPriceCsv(
      'timestamp,price\n1700000000,abc\n# note\n\n1700000060,"5\n1700000120,6\n',
      'open.csv',
    );
    expect(reading.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'price'],
      [5, null],
    ]);
    expect(reading.problems[1].message).toContain('never closed');
  });

  it('a header that is not "timestamp,price" is named as such', () => {
    const reading = readPriceCsv('time,close\n1700000000,5\n', 'h.csv');
    expect(reading.problems[0].text).toContain('a header row, if any, must be "timestamp,price"');
  });
});
