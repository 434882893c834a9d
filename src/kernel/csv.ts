import { stringify } from 'csv-stringify/sync';

/**
 * Rows as CSV text, written by csv-stringify to RFC 4180: fields joined by `,`, every row (the last
 * too) ended by `\n`; a field holding a comma, a double quote, a line feed or a carriage return is
 * double-quoted with its quotes doubled; every other field is written as it is. Fields are strings:
 * format numbers before (the writers use plain decimals, never exponents).
 *
 * @example
 * csvText([['design', 'badDebtUsd'], ['aave "v3", fast', '12.5']]);
 * // 'design,badDebtUsd\n"aave ""v3"", fast",12.5\n'
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  // csv-stringify quotes a comma, quote or line feed by itself; a lone carriage return needs asking for.
  return stringify(rows as string[][], { delimiter: ',', record_delimiter: 'unix', eof: true, quoted_match: /\r/ });
}
