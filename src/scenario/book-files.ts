// Loading the position books a scenario reads from files (protocols[].borrowers.file, traders.file). DuckDB reads
// asynchronously, so the books are read when the scenario is loaded and kept here; building a world takes them
// synchronously with bookOf.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ScenarioError } from '../kernel/errors.js';
import { BookReadError, readBookTable, type BookTable } from './book-table.js';
import { checkLendingBook, type LendingBookData } from './lending-book-file.js';
import { checkPerpBook, type PerpBookData } from './perp-book-file.js';
import { loadScenario, type DataFile, type LoadedScenario, type LoadOptions } from './load.js';
import { ScenarioProblems, type OmittedProblems, type Problem } from './problems.js';
import type { Scenario } from './schema.js';
import type { BookProblems } from './book-columns.js';

/** The books read so far, by absolute file and protocol id. */
const books = new Map<string, LendingBookData | PerpBookData>();
const keyOf = (absoluteFile: string, protocol: string) => `${absoluteFile}\u0000${protocol}`;

/**
 * Reads and checks every position book `scenario` names (each file read once, with DuckDB) and keeps them for
 * {@link bookOf}. `dir` is the scenario file's directory (relative paths resolve against it) and `scenarioFile` the
 * path as given (book paths in messages start from its directory, as price CSV paths do). Returns each file read
 * with its data rows. Throws {@link ScenarioProblems} listing every problem of every book (file, row, column).
 *
 * @example const files = await loadBooks(loaded.scenario, loaded.dir, loaded.file);
 */
export async function loadBooks(scenario: Scenario, dir: string, scenarioFile: string): Promise<DataFile[]> {
  const tables = new Map<string, BookTable>();
  const problems: Problem[] = [];
  const omitted: OmittedProblems[] = [];
  const read: DataFile[] = [];
  const report = (found: BookProblems) => {
    problems.push(...found.listed);
    if (found.count > found.listed.length) omitted.push({ file: found.file, count: found.count - found.listed.length });
  };
  for (const protocol of scenario.protocols) {
    const entry = protocol.type === 'perp' ? protocol.traders : protocol.borrowers;
    if (!('file' in entry)) continue;
    const absolute = resolve(dir, entry.file);
    const shown = isAbsolute(entry.file) ? entry.file : join(dirname(scenarioFile), entry.file);
    let table = tables.get(absolute);
    if (table === undefined) {
      try {
        table = await readBookTable(absolute);
      } catch (error) {
        if (!(error instanceof BookReadError)) throw error;
        const message = `cannot read position book: ${error.message}`;
        problems.push({ file: shown, line: null, column: null, field: null, message, text: `${shown}: ${message}` });
        continue;
      }
      tables.set(absolute, table);
      read.push({ file: shown, rows: table.rows });
    }
    const check =
      protocol.type === 'perp'
        ? checkPerpBook(table, shown, protocol)
        : protocol.type === 'lending'
          ? checkLendingBook(table, shown, protocol)
          : undefined;
    if (check === undefined) continue;
    report(check.problems);
    if (check.book) books.set(keyOf(absolute, protocol.id), check.book);
  }
  if (problems.length > 0) throw new ScenarioProblems(problems, omitted);
  return read;
}

/**
 * {@link loadScenario}, then {@link loadBooks}: the scenario with every data file it names read and checked (the
 * books are added to `dataFiles`).
 *
 * @example const loaded = await loadScenarioWithBooks('scenarios/book-from-file.yaml');
 */
export async function loadScenarioWithBooks(
  filePath: string,
  overrides: string[] = [],
  options?: LoadOptions,
): Promise<LoadedScenario> {
  const loaded = loadScenario(filePath, overrides, options);
  loaded.dataFiles.push(...(await loadBooks(loaded.scenario, loaded.dir, loaded.file)));
  return loaded;
}

/**
 * The book of protocol `protocol` read from `absoluteFile` by {@link loadBooks}. Throws ScenarioError when it was
 * not read (a scenario parsed without its books, e.g. by a command that does not read book files).
 *
 * @example const book = bookOf('/abs/scenarios/books/lending-sample.csv', 'lend') as LendingBookData;
 */
export function bookOf(absoluteFile: string, protocol: string): LendingBookData | PerpBookData {
  const book = books.get(keyOf(absoluteFile, protocol));
  if (book === undefined)
    throw new ScenarioError(
      `${absoluteFile}: the position book of ${protocol} was not read (books are read by run, validate and export-book; load the scenario with loadScenarioWithBooks)`,
    );
  return book;
}
