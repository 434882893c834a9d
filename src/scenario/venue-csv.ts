/**
 * Reading the CSV files a venue starts from (a curve venue's impact table, an order book's snapshot): records with
 * their lines and a header naming the columns, and problems in the form every data file reports them (file, line,
 * column, field, message).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { PROBLEMS_LISTED_PER_FILE, type Problem } from './problems.js';
import { shownHeader } from './echo.js';

/** A data row: its fields by column name (trimmed) and the line it is on. */
export interface VenueCsvRow {
  fields: Map<string, string>;
  line: number;
}

/** What a venue CSV reader found: rows (when the file could be read), problems (first 20) and their count. */
export interface VenueCsvReading<T> {
  value: T | undefined;
  problems: Problem[];
  problemCount: number;
  rows: number;
}

/** Collects the problems of one file, keeping the first {@link PROBLEMS_LISTED_PER_FILE} in line order. */
export class FileProblems {
  readonly list: Problem[] = [];
  count = 0;
  constructor(
    readonly source: string,
    private readonly columns: readonly string[],
  ) {}

  /** Records a problem at `line` (null: the whole file) in column `field` (null: the whole row). */
  add(line: number | null, field: string | null, message: string): void {
    this.count += 1;
    const column = field === null ? -1 : this.columns.indexOf(field);
    const where = line === null ? this.source : `${this.source}:${line}`;
    this.list.push({
      file: this.source,
      line,
      column: column >= 0 ? column + 1 : null,
      field,
      message,
      text: `${where}: ${field === null ? '' : `column "${field}": `}${message}`,
    });
  }

  /** The problems to show, in line then column order. */
  sorted(): Problem[] {
    return [...this.list]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
      .slice(0, PROBLEMS_LISTED_PER_FILE);
  }
}

/** The text of a file, or a one-problem reading when it cannot be read. */
export function readText(filePath: string, source: string, what: string): { text: string } | { problem: Problem } {
  try {
    return { text: readFileSync(filePath, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(error);
    const message = `cannot read ${what}: ${reason}`;
    return { problem: { file: source, line: null, column: null, field: null, message, text: `${source}: ${message}` } };
  }
}

/**
 * The header (lower-cased names) and data rows of CSV text (RFC 4180 via csv-parse; `#` comments and blank lines
 * skipped). Rows whose field count differs from the header's are reported and skipped.
 *
 * @example
 * csvTable('size,sell_impact_bps\n100,5\n', problems); // { header: ['size', 'sell_impact_bps'], rows: [...] }
 */
export function csvTable(
  text: string,
  report: (line: number | null, message: string) => void,
): {
  header: string[];
  /** Line of the header (1 when the file has none). */
  headerLine: number;
  rows: VenueCsvRow[];
} {
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context: { lines: number }) => {
        lines.push(context.lines);
        return record;
      },
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    report(line, `not readable as CSV: ${(error as Error).message}`);
    return { header: [], headerLine: 1, rows: [] };
  }
  if (records.length === 0) return { header: [], headerLine: 1, rows: [] };
  const header = records[0].map((name) => name.trim().toLowerCase());
  const rows: VenueCsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    if (record.length !== header.length) {
      report(lines[i], `expected ${header.length} fields like the header ${shownHeader(header)}, got ${record.length}`);
      continue;
    }
    rows.push({ fields: new Map(header.map((name, k) => [name, record[k].trim()])), line: lines[i] });
  }
  return { header, headerLine: lines[0], rows };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number, or NaN for anything else (so "1e3" and " 5" read, "", "abc" and "0x10" do not). */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}
