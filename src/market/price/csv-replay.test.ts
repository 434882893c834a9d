import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { createCsvReplay, loadPriceCsv, type PriceSeries } from './csv-replay.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-price-csv-'));
let fileCounter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh temp file and returns its path. */
function csvFile(text: string, name = `prices-${++fileCounter}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

/** Loads `text` from a temp file and returns the thrown error's message (fails if nothing is thrown). */
function errorOf(text: string, name: string): string {
  const path = csvFile(text, name);
  try {
    loadPriceCsv(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error(`expected ${name} to be rejected`);
}

describe('loadPriceCsv', () => {
  it('reads unix seconds with a header', () => {
    const { times, prices } = loadPriceCsv(
      csvFile('timestamp,price\n1700000000,2000\n1700000060,1900.5\n1700000120,1950\n'),
    );
    expect(Array.from(times)).toEqual([0, 60, 120]);
    expect(Array.from(prices)).toEqual([2000, 1900.5, 1950]);
  });

  it('reads decimal unix seconds without a header', () => {
    const { times, prices } = loadPriceCsv(csvFile('1700000000.5,10\n1700000001.75,11\n'));
    expect(Array.from(times)).toEqual([0, 1.25]);
    expect(Array.from(prices)).toEqual([10, 11]);
  });

  it('reads 13-digit unix milliseconds as milliseconds', () => {
    const { times } = loadPriceCsv(csvFile('TimeStamp,PRICE\n1700000000000,1\n1700000000500,2\n1700000060000,3\n'));
    expect(Array.from(times)).toEqual([0, 0.5, 60]);
  });

  it('reads ISO-8601 with Z, offsets, fractions and no offset (UTC)', () => {
    const text = [
      'timestamp,price',
      '2024-01-01T00:00:00Z,100',
      '2024-01-01T01:01:00+01:00,101', // = 00:01:00Z
      '2024-01-01T00:02:30.5,102', // no offset: UTC
      '2024-01-01 00:03:00Z,103',
      '2024-01-02,104', // date only: midnight UTC
    ].join('\n');
    const { times } = loadPriceCsv(csvFile(text));
    expect(Array.from(times)).toEqual([0, 60, 150.5, 180, 86_400]);
  });

  it('ignores blank lines, # comments, CRLF line ends and quotes', () => {
    const text =
      '# exported from somewhere\r\n\r\ntimestamp,price\r\n# comment\r\n"1700000000","5"\r\n\r\n1700000010,6\r\n';
    const { times, prices } = loadPriceCsv(csvFile(text));
    expect(Array.from(times)).toEqual([0, 10]);
    expect(Array.from(prices)).toEqual([5, 6]);
  });

  it('names file, line and column for a bad price', () => {
    const message = errorOf('timestamp,price\n1700000000,2000\n\n# note\n1700000060,abc\n', 'bad-price.csv');
    expect(message).toContain('bad-price.csv:5:');
    expect(message).toContain('column "price"');
    expect(message).toContain('positive number');
    expect(message).toContain('"abc"');
  });

  it.each([
    ['zero price', '1700000000,0\n', 1, 'price', '"0"'],
    ['negative price', '1700000000,1\n1700000001,-3\n', 2, 'price', '"-3"'],
    ['infinite price', '1700000000,1e999\n', 1, 'price', '"1e999"'],
    ['empty price', 'timestamp,price\n1700000000,\n', 2, 'price', '""'],
    ['bad timestamp', 'timestamp,price\nyesterday,5\n', 2, 'timestamp', '"yesterday"'],
    ['impossible date', '2024-02-30T00:00:00Z,5\n', 1, 'timestamp', '"2024-02-30T00:00:00Z"'],
    ['repeated timestamp', '1700000000,1\n1700000060,2\n1700000060,3\n', 3, 'timestamp', '"1700000060"'],
    ['decreasing timestamp', '2024-01-01T00:01:00Z,1\n2024-01-01T00:00:00Z,2\n', 2, 'timestamp', 'after line 1'],
    ['mixed timestamp kinds', '1700000000,1\n1700000060000,2\n', 2, 'timestamp', 'unix seconds'],
    ['too many columns', 'timestamp,price\n1700000000,1,extra\n', 2, 'timestamp,price', 'got 3'],
    ['too few columns', '1700000000\n', 1, 'timestamp,price', 'got 1'],
  ])('rejects a %s with file, line and column', (_case, text, line, column, detail) => {
    const name = `case-${++fileCounter}.csv`;
    const message = errorOf(text, name);
    expect(message).toContain(`${name}:${line}:`);
    expect(message).toContain(`"${column}"`);
    expect(message).toContain(detail);
  });

  it('rejects an empty file, a header-only file and a missing file', () => {
    expect(errorOf('', 'empty.csv')).toMatch(/empty\.csv: .*empty/);
    expect(errorOf('# only a comment\n\n', 'comments.csv')).toMatch(/comments\.csv: .*empty/);
    expect(errorOf('timestamp,price\n', 'header.csv')).toMatch(/header\.csv: .*no data rows/);
    expect(() => loadPriceCsv(join(dir, 'does-not-exist.csv'))).toThrow(/does-not-exist\.csv: .*file not found/);
  });
});

describe('createCsvReplay', () => {
  const series: PriceSeries = { times: Float64Array.of(0, 60, 180), prices: Float64Array.of(100, 160, 100) };

  it('step: last row at or before t, flat outside the data', () => {
    const replay = createCsvReplay(series, { interpolation: 'step' });
    expect(replay.initial).toBe(100);
    expect(replay.next(30, 30)).toBe(100);
    expect(replay.next(60, 30)).toBe(160);
    expect(replay.next(90, 30)).toBe(160);
    expect(replay.next(179, 89)).toBe(160);
    expect(replay.next(180, 1)).toBe(100);
    expect(replay.next(1000, 820)).toBe(100);
  });

  it('linear: interpolates between rows, flat outside the data', () => {
    const replay = createCsvReplay(series, { interpolation: 'linear' });
    expect(replay.next(0, 0)).toBe(100);
    expect(replay.next(30, 30)).toBeCloseTo(130, 12); // 100 + 60·30/60
    expect(replay.next(60, 30)).toBeCloseTo(160, 12);
    expect(replay.next(90, 30)).toBeCloseTo(145, 12); // 160 − 60·30/120
    expect(replay.next(150, 60)).toBeCloseTo(115, 12); // 160 − 60·90/120
    expect(replay.next(500, 350)).toBe(100);
  });

  it('replays a loaded file against simulation time', () => {
    const data = loadPriceCsv(csvFile('timestamp,price\n2024-01-01T00:00:00Z,10\n2024-01-01T00:10:00Z,20\n'));
    const replay = createCsvReplay(data, { interpolation: 'linear' });
    expect(replay.next(150, 150)).toBeCloseTo(12.5, 12); // a quarter of the way from 10 to 20
  });

  it('rejects inconsistent series', () => {
    const bad = (times: number[], prices: number[]) => () =>
      createCsvReplay(
        { times: Float64Array.from(times), prices: Float64Array.from(prices) },
        { interpolation: 'step' },
      );
    expect(bad([], [])).toThrow(ScenarioError);
    expect(bad([0, 1], [1])).toThrow(/as many times as prices/);
    expect(bad([0, 0], [1, 2])).toThrow(/strictly increasing/);
    expect(bad([0, 1], [1, -2])).toThrow(/positive/);
  });
});
