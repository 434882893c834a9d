/**
 * The data files venues start from (a `curve` venue's table, an `orderbook` venue's snapshot) and a curve venue's
 * inline rows: found and checked while a scenario is loaded (problems name the file, line and column, or the
 * scenario field), and read again when the world is built.
 */
import { isAbsolute, join, dirname, resolve } from 'node:path';
import { readBookCsvFile, type BookSnapshot } from './book-csv.js';
import { readCurveCsvFile } from './curve-csv.js';
import { checkCurveRows, type CurveRow, type CurveTable } from './curve-table.js';
import type { ScenarioIssue } from './issues.js';
import { ScenarioProblems, type Problem } from './problems.js';
import type { CurveVenueSpec } from './schema-venue-curve.js';
import type { VenueCsvReading } from './venue-csv.js';

/** The rules {@link checkVenueData} and {@link venueDataIssues} enforce, in words (listed in docs/scenario.md). */
export const venueDataRules: readonly string[] = [
  "A `curve` venue's `file` and an `orderbook` venue's `snapshot` exist, relative to the scenario file's directory.",
  "A `curve` venue's table (file or rows) has sale and purchase rows with sizes increasing, impacts ≥ 0 and a marginal price that never improves with size; its size unit is given once (`sizeUnit`, or a `size_usd`/`size_base` header).",
  'An order-book snapshot has positive prices and sizes, bids and asks, no price twice on a side, and every bid below every ask.',
];

type Rec = Record<string, unknown>;
const isRec = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A venue data file to read: where it is named in the scenario and how to read it. */
interface VenueFile {
  path: (string | number)[];
  file: string;
  read: (absolute: string, shown: string) => VenueCsvReading<unknown>;
}

/** Every venue data file the scenario data names, with its reader. */
function venueFiles(data: unknown): VenueFile[] {
  const venues = isRec(data) && Array.isArray(data.venues) ? data.venues : [];
  const files: VenueFile[] = [];
  venues.forEach((venue: unknown, i) => {
    if (!isRec(venue)) return;
    if (venue.type === 'curve' && typeof venue.file === 'string' && venue.file !== '') {
      const impact = venue.impact === 'marginal' ? 'marginal' : 'average';
      const sizeUnit = venue.sizeUnit === 'usd' || venue.sizeUnit === 'base' ? venue.sizeUnit : undefined;
      const extrapolates = typeof venue.beyond === 'string' && venue.beyond.startsWith('extrapolate');
      files.push({
        path: ['venues', i, 'file'],
        file: venue.file,
        read: (absolute, shown) => withUnit(readCurveCsvFile(absolute, shown, impact, extrapolates), sizeUnit, shown),
      });
    }
    if (venue.type === 'orderbook' && typeof venue.snapshot === 'string' && venue.snapshot !== '')
      files.push({ path: ['venues', i, 'snapshot'], file: venue.snapshot, read: readBookCsvFile });
  });
  return files;
}

/** A curve reading with the scenario's size unit checked against the header's: one of them must say it, and agree. */
function withUnit(
  reading: VenueCsvReading<CurveTable>,
  sizeUnit: 'usd' | 'base' | undefined,
  shown: string,
): VenueCsvReading<CurveTable> {
  const table = reading.value;
  if (!table) return reading;
  const fromFile = table.sizeUnit;
  let message: string | undefined;
  if (fromFile === undefined && sizeUnit === undefined)
    message =
      'the size column is "size": say its unit with sizeUnit (usd or base) in the scenario, or name it size_usd or size_base';
  else if (fromFile !== undefined && sizeUnit !== undefined && fromFile !== sizeUnit)
    message = `the header says size_${fromFile} but the scenario says sizeUnit: ${sizeUnit}`;
  if (message === undefined) return { ...reading, value: { ...table, sizeUnit: fromFile ?? sizeUnit } };
  const problem: Problem = { file: shown, line: 1, column: null, field: null, message, text: `${shown}:1: ${message}` };
  return { value: undefined, problems: [problem], problemCount: 1, rows: reading.rows };
}

/**
 * Issues located in the scenario file: a venue data file that does not exist, and a curve venue's inline rows that
 * break the table's rules.
 *
 * @example
 * venueDataIssues(data, '/abs/scenarios', existsSync);
 */
export function venueDataIssues(
  data: unknown,
  dir: string,
  fileExists: (absolute: string) => boolean,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const { path, file } of venueFiles(data)) {
    const absolute = resolve(dir, file);
    if (!fileExists(absolute))
      issues.push({
        path,
        message: `file not found: "${file}" (looked for ${absolute}; paths are relative to the scenario file)`,
      });
  }
  const venues = isRec(data) && Array.isArray(data.venues) ? data.venues : [];
  venues.forEach((venue: unknown, i) => {
    if (!isRec(venue) || venue.type !== 'curve' || !Array.isArray(venue.rows)) return;
    const impact = venue.impact === 'marginal' ? 'marginal' : 'average';
    const extrapolates = typeof venue.beyond === 'string' && venue.beyond.startsWith('extrapolate');
    checkCurveRows(
      inlineRows(venue.rows),
      impact,
      (ref, field, message) =>
        issues.push({ path: ['venues', i, 'rows', ref.index, field === 'size' ? 'size' : ref.column], message }),
      (message) => issues.push({ path: ['venues', i, 'rows'], message }),
      extrapolates,
    );
  });
  return issues;
}

/** A curve venue's inline rows as table rows (each entry gives a sale row, a purchase row or both). */
function inlineRows(rows: unknown[]): CurveRow<{ index: number; column: string }>[] {
  const out: CurveRow<{ index: number; column: string }>[] = [];
  rows.forEach((row, index) => {
    if (!isRec(row) || typeof row.size !== 'number') return;
    if (typeof row.sellImpactBps === 'number')
      out.push({ side: 'sell', size: row.size, impactBps: row.sellImpactBps, ref: { index, column: 'sellImpactBps' } });
    if (typeof row.buyImpactBps === 'number')
      out.push({ side: 'buy', size: row.size, impactBps: row.buyImpactBps, ref: { index, column: 'buyImpactBps' } });
  });
  return out;
}

/**
 * Reads every venue data file that exists (missing ones are left to {@link venueDataIssues}) and returns what each
 * found: the problems (first 20, with the count) and the rows read, with the path as shown in messages.
 *
 * @example
 * for (const r of checkVenueData(data, 'scenarios/curve-venue.yaml', '/abs/scenarios', isFile)) r.problems;
 */
export function checkVenueData(
  data: unknown,
  fileName: string,
  dir: string,
  isFile: (absolute: string) => boolean,
): { shown: string; problems: Problem[]; problemCount: number; rows: number }[] {
  const seen = new Set<string>();
  const out: { shown: string; problems: Problem[]; problemCount: number; rows: number }[] = [];
  for (const { file, read } of venueFiles(data)) {
    const absolute = resolve(dir, file);
    if (seen.has(absolute) || !isFile(absolute)) continue;
    seen.add(absolute);
    const shown = isAbsolute(file) ? file : join(dirname(fileName), file);
    const { problems, problemCount, rows } = read(absolute, shown);
    out.push({ shown, problems, problemCount, rows });
  }
  return out;
}

/**
 * A curve venue's table, read from its file (relative to `dir`) or its inline rows, with its size unit.
 *
 * @throws ScenarioProblems when the table has problems (a loaded scenario has been checked: only a file changed since)
 * @example
 * const table = loadCurveTable(spec, loaded.dir);
 */
export function loadCurveTable(spec: CurveVenueSpec, dir: string): CurveTable & { sizeUnit: 'usd' | 'base' } {
  const extrapolates = spec.beyond !== 'refuse';
  if (spec.file !== undefined) {
    const reading = withUnit(
      readCurveCsvFile(resolve(dir, spec.file), spec.file, spec.impact, extrapolates),
      spec.sizeUnit,
      spec.file,
    );
    if (!reading.value) throw new ScenarioProblems(reading.problems);
    return reading.value as CurveTable & { sizeUnit: 'usd' | 'base' };
  }
  const problems: Problem[] = [];
  const add = (message: string) =>
    problems.push({
      file: null,
      line: null,
      column: null,
      field: `venues.${spec.id}.rows`,
      message,
      text: `${spec.id}: ${message}`,
    });
  const table = checkCurveRows(
    inlineRows(spec.rows ?? []),
    spec.impact,
    (_, __, message) => add(message),
    add,
    extrapolates,
  );
  if (!table) throw new ScenarioProblems(problems);
  return { ...table, sizeUnit: spec.sizeUnit ?? 'usd' };
}

/**
 * An order book's snapshot, read from its file (relative to `dir`).
 *
 * @throws ScenarioProblems when the file has problems
 * @example
 * const snapshot = loadBookSnapshot('data/eth-book.csv', loaded.dir);
 */
export function loadBookSnapshot(file: string, dir: string): BookSnapshot {
  const reading = readBookCsvFile(resolve(dir, file), file);
  if (!reading.value) throw new ScenarioProblems(reading.problems);
  return reading.value;
}
