/**
 * A curve venue's impact table in CSV. The header names the columns, in any order:
 * - the size: `size` (the scenario's `sizeUnit` says USD or base), `size_usd` or `size_base`;
 * - the impacts, either as two columns `sell_impact_bps` and `buy_impact_bps` (a cell may be empty when that side was
 *   not measured at that size) or as `side` (`sell` or `buy`) and `impact_bps`.
 * Impacts are basis points of the reference price, positive both ways (a sale below, a purchase above it).
 */
import { checkCurveRows, type CurveRow, type CurveTable } from './curve-table.js';
import { csvTable, FileProblems, parseNumber, readText, type VenueCsvReading, type VenueCsvRow } from './venue-csv.js';
import { shownHeader } from './echo.js';

/** The header forms a curve CSV may take, for messages. */
export const CURVE_CSV_FORMS =
  '"size,sell_impact_bps,buy_impact_bps" or "side,size,impact_bps" (size may be size_usd or size_base)';

/**
 * Reads and checks a curve CSV file (see the module comment); `source` names it in problems.
 *
 * @example
 * const { value, problems } = readCurveCsvFile('/abs/data/curve.csv', 'data/curve.csv', 'average');
 */
export function readCurveCsvFile(
  filePath: string,
  source: string,
  impact: 'average' | 'marginal',
  extrapolates = false,
): VenueCsvReading<CurveTable> {
  const text = readText(filePath, source, 'curve CSV');
  if ('problem' in text) return { value: undefined, problems: [text.problem], problemCount: 1, rows: 0 };
  return readCurveCsv(text.text, source, impact, extrapolates);
}

/**
 * Reads and checks curve CSV text.
 *
 * @example
 * readCurveCsv('size_usd,sell_impact_bps,buy_impact_bps\n1e5,5,5\n1e6,40,40\n', 'curve.csv', 'average').value;
 */
export function readCurveCsv(
  text: string,
  source: string,
  impact: 'average' | 'marginal',
  extrapolates = false,
): VenueCsvReading<CurveTable> {
  const columns: string[] = [];
  const problems = new FileProblems(source, columns);
  const { header, headerLine, rows } = csvTable(text, (line, message) => problems.add(line, null, message));
  columns.push(...header);
  const sizeColumn = ['size', 'size_usd', 'size_base'].find((name) => header.includes(name));
  const wide = header.includes('sell_impact_bps') || header.includes('buy_impact_bps');
  const long = header.includes('side') && header.includes('impact_bps');
  if (header.length === 0) {
    problems.add(null, null, `curve CSV is empty (expected a header ${CURVE_CSV_FORMS} and rows)`);
  } else if (sizeColumn === undefined || wide === long) {
    problems.add(headerLine, null, `expected a header ${CURVE_CSV_FORMS}, got ${shownHeader(header)}`);
  } else {
    const read = wide ? wideRows(rows, sizeColumn, problems) : longRows(rows, sizeColumn, problems);
    const table = checkCurveRows(
      read,
      impact,
      (ref, field, message) =>
        problems.add(ref.line, field === 'size' ? sizeColumn : field === 'impact' ? ref.column : null, message),
      (message) => problems.add(null, null, message),
      extrapolates,
    );
    if (table && problems.count === 0) {
      const unit = sizeColumn === 'size_usd' ? 'usd' : sizeColumn === 'size_base' ? 'base' : undefined;
      return { value: unit ? { ...table, sizeUnit: unit } : table, problems: [], problemCount: 0, rows: rows.length };
    }
  }
  return { value: undefined, problems: problems.sorted(), problemCount: problems.count, rows: rows.length };
}

/** Where a CSV row is: its line and the column its impact came from. */
interface CsvRef {
  line: number;
  column: string;
}

/** Rows of the wide form: one sale and one purchase row per line (an empty cell: none). */
function wideRows(rows: readonly VenueCsvRow[], sizeColumn: string, problems: FileProblems): CurveRow<CsvRef>[] {
  const out: CurveRow<CsvRef>[] = [];
  for (const { fields, line } of rows) {
    const size = parseNumber(fields.get(sizeColumn) ?? '');
    if (Number.isNaN(size)) {
      problems.add(line, sizeColumn, `expected a positive number, got "${fields.get(sizeColumn) ?? ''}"`);
      continue;
    }
    for (const side of ['sell', 'buy'] as const) {
      const cell = fields.get(`${side}_impact_bps`);
      if (cell === undefined || cell === '') continue;
      const impactBps = parseNumber(cell);
      if (Number.isNaN(impactBps)) problems.add(line, `${side}_impact_bps`, `expected a number of bps, got "${cell}"`);
      else out.push({ side, size, impactBps, ref: { line, column: `${side}_impact_bps` } });
    }
  }
  return out;
}

/** Rows of the long form: `side` says which. */
function longRows(rows: readonly VenueCsvRow[], sizeColumn: string, problems: FileProblems): CurveRow<CsvRef>[] {
  const out: CurveRow<CsvRef>[] = [];
  for (const { fields, line } of rows) {
    const side = (fields.get('side') ?? '').toLowerCase();
    const size = parseNumber(fields.get(sizeColumn) ?? '');
    const impactBps = parseNumber(fields.get('impact_bps') ?? '');
    let ok = true;
    if (side !== 'sell' && side !== 'buy') {
      problems.add(line, 'side', `expected "sell" or "buy", got "${fields.get('side') ?? ''}"`);
      ok = false;
    }
    if (Number.isNaN(size)) {
      problems.add(line, sizeColumn, `expected a positive number, got "${fields.get(sizeColumn) ?? ''}"`);
      ok = false;
    }
    if (Number.isNaN(impactBps)) {
      problems.add(line, 'impact_bps', `expected a number of bps, got "${fields.get('impact_bps') ?? ''}"`);
      ok = false;
    }
    if (ok) out.push({ side: side as 'sell' | 'buy', size, impactBps, ref: { line, column: 'impact_bps' } });
  }
  return out;
}
