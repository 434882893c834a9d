import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvText } from './csv.js';

describe('csvText', () => {
  it('writes plain fields as they are, one row per line, a final line feed', () => {
    expect(
      csvText([
        ['block', 'time_s'],
        ['0', '0'],
        ['1', '12.5'],
      ]),
    ).toBe('block,time_s\n0,0\n1,12.5\n');
  });

  it('quotes a field with a comma, a quote, a line feed or a carriage return, doubling its quotes (RFC 4180 §2.6–2.7)', () => {
    expect(csvText([['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '']])).toBe(
      '"a,b","say ""hi""","two\nlines","cr\rhere",\n',
    );
  });

  it('reads back field for field with csv-parse, CRLF readers included', () => {
    const rows = [
      ['design', 'note'],
      ['aave-v3, "fast"', 'x\r\ny'],
      ['morpho', ''],
    ];
    expect(parse(csvText(rows))).toEqual(rows);
  });
});
