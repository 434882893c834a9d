// Reading a position book file (.csv, .json, .parquet) into plain columns with DuckDB: the only module of the scenario
// layer that talks to DuckDB.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';

/** A value of one cell as read: text (CSV cells, text columns), a number, a bigint (64-bit integers), a boolean or
 * null. */
export type BookCell = string | number | bigint | boolean | null;

/** A book file's table: column names as in the file and, per column, its cells in file order. */
export interface BookTable {
  names: string[];
  columns: BookCell[][];
  rows: number;
}

/** A book file DuckDB could not read as a table; `message` says why. */
export class BookReadError extends Error {
  override name = 'BookReadError';
}

/** SQL string literal of `text`. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The table function reading a file of this ending: CSV with a header and every cell kept as text (so a bad number is
 * reported with its text, not guessed into another type), JSON (an array of objects or one object per line) and
 * Parquet with their own types.
 */
function tableFunction(file: string): string {
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return `read_csv(${literal(file)}, header = true, all_varchar = true, auto_detect = true)`;
    case '.json':
      return `read_json(${literal(file)}, format = 'auto')`;
    case '.parquet':
      return `read_parquet(${literal(file)})`;
    default:
      throw new BookReadError(`a position book must end with .csv, .json or .parquet (got "${extname(file)}")`);
  }
}

/** A cell as the reader keeps it: DuckDB's decimals, dates and nested values become text or numbers. */
function plainCell(value: unknown): BookCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return value;
  return String(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * The table with nested objects (a subgraph export's `reserve: { symbol, decimals }`, read by DuckDB as a STRUCT)
 * spread into columns named `reserve.symbol`, `reserve.decimals`, at any depth.
 */
function flattened(names: string[], columns: unknown[][], rows: number): BookTable {
  const out: BookTable = { names: [], columns: [], rows };
  const add = (name: string, values: unknown[]) => {
    const first = values.find((v) => v !== null && v !== undefined);
    if (!isRecord(first)) {
      out.names.push(name);
      out.columns.push(values.map(plainCell));
      return;
    }
    const keys = new Set<string>();
    for (const value of values) if (isRecord(value)) for (const key of Object.keys(value)) keys.add(key);
    for (const key of keys)
      add(
        `${name}.${key}`,
        values.map((v) => (isRecord(v) ? v[key] : null)),
      );
  };
  names.forEach((name, k) => add(name, columns[k]));
  return out;
}

/**
 * Reads the whole file in one query, column by column (DuckDB's columnar result, no per-row queries), in file order.
 * Throws {@link BookReadError} when DuckDB cannot read it (not found, not CSV/JSON/Parquet, unreadable).
 *
 * @example const table = await readBookTable('/abs/scenarios/books/lending-sample.csv'); // { names: ['account', …], … }
 */
export async function readBookTable(file: string): Promise<BookTable> {
  const source = tableFunction(file);
  // Loaded on the first book file read: DuckDB's native module costs a scenario without book files start-up time.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT * FROM ${source}`);
      return flattened(reader.columnNames(), reader.getColumnsJS() as unknown[][], reader.currentRowCount);
    } catch (error) {
      throw new BookReadError(firstLine((error as Error).message));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** DuckDB's message up to its first line break (its context lines repeat the query). */
function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** A column to write: text or numbers (written as JavaScript writes them, so they read back bit for bit). */
export interface BookColumnOut {
  name: string;
  values: readonly (string | number)[];
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(columns: readonly BookColumnOut[]): string {
  const rows = columns[0]?.values.length ?? 0;
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (let r = 0; r < rows; r++) lines.push(columns.map((c) => csvField(c.values[r])).join(','));
  return lines.join('\n') + '\n';
}

function jsonText(columns: readonly BookColumnOut[]): string {
  const rows = columns[0]?.values.length ?? 0;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++)
    lines.push(JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.values[r]]))));
  return `[\n${lines.join(',\n')}\n]\n`;
}

/**
 * Writes a book table to `file` (.csv with a header, .json as an array of objects, or .parquet through DuckDB with
 * text and DOUBLE columns), replacing it atomically: a failed write leaves no file. Numbers are written in the
 * shortest form that reads back to the same double, so reading the file gives the values written.
 *
 * @example await writeBookTable('out/book.csv', [{ name: 'account', values: ['b1'] }, { name: 'debt', values: [1500] }]);
 */
export async function writeBookTable(file: string, columns: readonly BookColumnOut[]): Promise<void> {
  const extension = extname(file).toLowerCase();
  const temporary = `${file}.tmp-${process.pid}`;
  const csv = `${temporary}.csv`;
  try {
    if (extension === '.csv') writeFileSync(temporary, csvText(columns));
    else if (extension === '.json') writeFileSync(temporary, jsonText(columns));
    else if (extension === '.parquet') {
      writeFileSync(csv, csvText(columns));
      const typed = columns.map((c) => {
        const quoted = `"${c.name.replaceAll('"', '""')}"`;
        return typeof c.values[0] === 'number' ? `CAST(${quoted} AS DOUBLE) AS ${quoted}` : quoted;
      });
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:');
      try {
        const connection = await instance.connect();
        try {
          await connection.run(
            `COPY (SELECT ${typed.join(', ')} FROM read_csv(${literal(csv)}, header = true, all_varchar = true)) ` +
              `TO ${literal(temporary)} (FORMAT parquet)`,
          );
        } finally {
          connection.closeSync();
        }
      } finally {
        instance.closeSync();
      }
    } else throw new BookReadError(`a position book must end with .csv, .json or .parquet (got "${extension}")`);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
    rmSync(csv, { force: true });
  }
}
