import { describe, expect, it } from 'vitest';
import { InvariantError } from '../kernel/errors.js';
import { csvColumnName, sanitizeHeaderPart, timeseriesCsv } from './csv.js';
import { FIXTURE_BLOCKS, fixtureResult } from './fixture.test-helper.js';

describe('timeseriesCsv', () => {
  const result = fixtureResult();
  const csv = timeseriesCsv(result);
  const lines = csv.split('\n');

  it('ends every line with a newline and has one row per block plus the header', () => {
    expect(csv.endsWith('\n')).toBe(true);
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 1).toBe(FIXTURE_BLOCKS + 2);
  });

  it('names the columns block, time_s, then <name>_<unit> with ":" mapped to "_"', () => {
    expect(lines[0].split(',')).toEqual([
      'block',
      'time_s',
      'fundamental_ETH_usd',
      'venue_uniswap_usd',
      'venue_cex_usd',
      'oracle_chainlink_usd',
      'liquidations_count',
      'liquidatedUsd_usd',
      'liquidatedUsd_gen0_usd',
      'liquidatedUsd_gen1_usd',
      'liquidatedUsd_gen2_usd',
      'badDebtUsd_usd',
      'insuranceFundUsd_usd',
      'health_p10_ratio',
      'health_p50_ratio',
      'health_p90_ratio',
      'unsafeAccounts_count',
    ]);
  });

  it('round-trips every value to 10 significant digits, with block and time columns', () => {
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    rows.forEach((cells, block) => {
      expect(cells).toHaveLength(result.series.length + 2);
      expect(cells[0]).toBe(String(block));
      expect(Number(cells[1])).toBe(block * 12);
      result.series.forEach((column, i) => {
        const text = cells[i + 2];
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        const expected = column.values[block];
        const tolerance = Math.abs(expected) * 1e-9;
        expect(Math.abs(Number(text) - expected)).toBeLessThanOrEqual(tolerance);
      });
    });
    expect(rows[3][3]).toBe('1887.413333');
  });

  it('throws when a non-finite value reaches it', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const broken = fixtureResult();
      broken.series[5].values[4] = bad;
      expect(() => timeseriesCsv(broken)).toThrow(InvariantError);
      expect(() => timeseriesCsv(broken)).toThrow(/liquidatedUsd.*block 4/);
    }
  });

  it('throws on a column of the wrong length and on colliding header names', () => {
    const short = fixtureResult();
    short.series[0] = { ...short.series[0], values: new Float64Array(3) };
    expect(() => timeseriesCsv(short)).toThrow(/3 values, expected 11/);

    const twins = fixtureResult();
    twins.series.push({ ...twins.series[0], name: 'fundamental_ETH' });
    expect(() => timeseriesCsv(twins)).toThrow(/fundamental_ETH_usd/);
  });
});

describe('header sanitising', () => {
  it('maps ":" and characters that would need CSV quoting to "_", keeping "-" and "."', () => {
    expect(sanitizeHeaderPart('venue:uni-v3 ETH/USDC,"x"')).toBe('venue_uni-v3_ETH_USDC__x_');
    expect(csvColumnName({ name: 'health:p50', unit: 'ratio' })).toBe('health_p50_ratio');
    expect(csvColumnName({ name: 'oracle:a.b', unit: 'usd' })).toBe('oracle_a.b_usd');
  });
});
