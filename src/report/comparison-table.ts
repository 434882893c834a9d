/**
 * The comparison of designs (`cascade compare`) as text: the core-metric table shared by the
 * terminal and the HTML page, and the CSV of every metric, one row per design.
 */
import type { Comparison } from '../analysis/designs/compare.js';
import type { RunMetrics } from '../analysis/result.js';
import { csvText } from '../kernel/csv.js';
import { InvariantError } from '../kernel/errors.js';
import {
  formatCount,
  formatDuration,
  formatGrouped,
  formatMultiple,
  formatPercent,
  formatUsd,
  plainDecimal,
} from '../kernel/format.js';

/**
 * One column of the comparison table: a core metric.
 *
 * @example
 * const column: ComparisonColumn = { key: 'badDebtUsd', label: 'Bad debt', header: ['Bad', 'debt'], unit: 'USD', format: (m) => formatUsd(m.badDebtUsd) };
 */
export interface ComparisonColumn {
  /** Stable id (the metric key, or a derived name). */
  key: string;
  /** Full name, for the HTML table; long words carry soft hyphens (U+00AD) so narrow columns can break them. */
  label: string;
  /** Terminal header, one word group per line, so the column stays about as narrow as its values. */
  header: string[];
  /** Unit shown under the header. */
  unit: string;
  format: (metrics: RunMetrics) => string;
  /** Shown only when some design has a margin engine of this family (absent: always shown). */
  family?: 'lending' | 'perp';
}

const usd = (
  key: string,
  label: string,
  header: string[],
  value: (m: RunMetrics) => number,
  family?: 'lending' | 'perp',
): ComparisonColumn => ({
  key,
  label,
  header,
  unit: 'USD',
  format: (m) => formatUsd(value(m)),
  ...(family ? { family } : {}),
});

/**
 * Every core metric the comparison table can show, in order; {@link comparisonColumns} keeps those of the margin-engine
 * families the designs have.
 *
 * @example
 * COMPARISON_COLUMNS.map((c) => c.key)[0]; // 'amplification'
 */
export const COMPARISON_COLUMNS: readonly ComparisonColumn[] = [
  {
    key: 'amplification',
    label: 'Amplifi\u00adcation',
    header: ['Amplifi-', 'cation'],
    unit: '×',
    format: (m) => formatMultiple(m.amplification),
  },
  {
    key: 'oracleDrawdown',
    label: 'Oracle drawdown',
    header: ['Oracle', 'drawdown'],
    unit: '%',
    format: (m) => formatPercent(m.oracleDrawdown),
  },
  {
    key: 'liquidations',
    label: 'Liqui\u00addations',
    header: ['', 'Liquidations'],
    unit: 'count',
    format: (m) => formatCount(m.liquidations),
  },
  usd(
    'liquidatedCollateralUsd',
    'Collateral seized',
    ['Collateral', 'seized'],
    (m) => m.liquidatedCollateralUsd,
    'lending',
  ),
  usd(
    'perpLiquidatedNotionalUsd',
    'Perp notional liquidated',
    ['Perp notional', 'liquidated'],
    (m) => m.perpLiquidatedNotionalUsd,
    'perp',
  ),
  usd('borrowerPenaltiesUsd', 'Borrower penalties', ['Borrower', 'penalties'], (m) => m.borrowerPenaltiesUsd),
  usd('keeperProfitUsd', 'Keeper profit', ['Keeper', 'profit'], (m) => m.keeperProfitUsd, 'lending'),
  usd('slippageCostUsd', 'Slippage', ['', 'Slippage'], (m) => m.slippageCostUsd),
  usd('badDebtUsd', 'Bad debt', ['Bad', 'debt'], (m) => m.badDebtUsd),
  {
    key: 'averageLtv',
    label: 'Average LTV used',
    header: ['Avg', 'LTV'],
    unit: '%',
    format: (m) => (m.averageLtv === null ? 'n/a' : formatPercent(m.averageLtv)),
    family: 'lending',
  },
  {
    key: 'borrowingCapacity',
    label: 'Borrowing capacity (vs set threshold)',
    header: ['Borrow', 'capacity'],
    unit: '%',
    format: (m) => (m.borrowingCapacity === null ? 'n/a' : formatPercent(m.borrowingCapacity)),
    family: 'lending',
  },
  usd('insuranceFundUsedUsd', 'Insurance fund used', ['Fund', 'used'], (m) => m.insuranceFundUsedUsd),
  usd(
    'uncoveredOrSocialisedBadDebtUsd',
    'Uncovered + socialised bad debt',
    ['Uncovered +', 'socialised'],
    (m) => m.uncoveredBadDebtUsd + m.socialisedBadDebtUsd,
  ),
  usd('adlNotionalUsd', 'ADL notional', ['ADL', 'notional'], (m) => m.adlNotionalUsd, 'perp'),
  usd(
    'inLiquidationDebtUsd',
    'Debt still in liquidation',
    ['Debt in', 'liq. (end)'],
    (m) => m.inLiquidationDebtUsd,
    'lending',
  ),
  {
    key: 'cascadeGenerations',
    label: 'Cascade gener\u00adations',
    header: ['Cascade', 'gens'],
    unit: 'count',
    format: (m) => formatCount(m.cascadeGenerations),
  },
  {
    key: 'maxLiquidationSpeed',
    label: 'Max liquidation speed',
    header: ['Max liq.', 'speed'],
    unit: 'ratio',
    format: (m) => formatGrouped(m.maxLiquidationSpeed, 3),
  },
];

/**
 * The columns of {@link COMPARISON_COLUMNS} that apply to the comparison: those of every family, and those of a family
 * (lending, which includes cross-asset pools; perp) that some design has.
 *
 * @example comparisonColumns(perpOnly).some((c) => c.key === 'keeperProfitUsd'); // false
 */
export function comparisonColumns(comparison: Comparison): ComparisonColumn[] {
  const families = new Set(
    comparison.designs.flatMap((d) => d.result.metrics.byProtocol.map((p) => (p.kind === 'perp' ? 'perp' : 'lending'))),
  );
  return COMPARISON_COLUMNS.filter((c) => !c.family || families.has(c.family));
}

/**
 * The comparison as rows of formatted cells: a header (design, then each column's label), the
 * units, and one row per design, in the order the designs were given.
 *
 * @example
 * comparisonRows(c).rows[0][0]; // 'aave-v3'
 */
export function comparisonRows(comparison: Comparison): { header: string[]; units: string[]; rows: string[][] } {
  const columns = comparisonColumns(comparison);
  return {
    header: ['Design', ...columns.map((c) => c.label)],
    units: ['', ...columns.map((c) => c.unit)],
    rows: comparison.designs.map((d) => [d.design, ...columns.map((c) => c.format(d.result.metrics))]),
  };
}

/** Text width in code points, so `×` and `−` count as one column. */
function width(text: string): number {
  return [...text].length;
}

const padEnd = (text: string, to: number): string => text + ' '.repeat(Math.max(0, to - width(text)));
const padStart = (text: string, to: number): string => ' '.repeat(Math.max(0, to - width(text))) + text;

/**
 * One line naming the run: seed, blocks, block time and simulated duration (of the first design;
 * when comparing files of different lengths, each design's own is in the JSON).
 *
 * @example
 * comparisonRunLine(c); // 'Seed 1 · 900 blocks × 12 s · 3 h simulated · 5 designs'
 */
export function comparisonRunLine(comparison: Comparison): string {
  const first = comparison.designs[0]?.result;
  const designs = comparison.designs.length === 1 ? '1 design' : `${comparison.designs.length} designs`;
  if (!first) return `Seed ${comparison.seed} · ${designs}`;
  const blocks = formatCount(first.blocks);
  const blockTime = formatGrouped(first.blockTimeSeconds, 3);
  return `Seed ${comparison.seed} · ${blocks} blocks × ${blockTime} s · ${formatDuration(first.blocks * first.blockTimeSeconds)} simulated · ${designs}`;
}

/**
 * The sentence on the exogenous price path that the terminal, the HTML page and the tests share.
 *
 * @example
 * exogenousPathNote(c); // 'Exogenous price path: identical in every design (…)'
 */
export function exogenousPathNote(comparison: Comparison): string {
  const what = comparison.mode === 'designs' ? 'design' : 'scenario';
  if (!comparison.exogenousPathIdentical) {
    return `Exogenous price path: NOT identical in every ${what} (the scenario files differ in their price paths), so the differences mix the shock with everything else.`;
  }
  const source = comparison.mode === 'designs' ? 'the margin engine alone' : 'what else the scenarios change';
  return (
    `Exogenous price path: identical in every ${what} (same seed, and each asset draws its price from its own ` +
    `random stream, named by the asset), so the differences come from ${source}.`
  );
}

/**
 * What the less obvious columns mean, printed under the terminal table.
 *
 * @example
 * TABLE_NOTES.startsWith('Amplification'); // true
 */
export const TABLE_NOTES =
  'Amplification: oracle drawdown ÷ exogenous drawdown. Borrower penalties: what borrowers lost to liquidation (collateral seized − ' +
  'value handed back − debt taken off; perps: liquidation fees). Slippage: price impact and fees of liquidation sales against the ' +
  "venue's mid before each sale. Bad debt: lending debt left without collateral, perp accounts' negative equity. Uncovered + " +
  'socialised: bad debt no insurance fund paid, left unpaid or taken from suppliers or profitable traders. Debt in liq. (end): debt ' +
  'in auctions or absorbed, not yet repaid or written off when the run ends. Cascade gens: generations with liquidations. Max liq. ' +
  'speed: the most USD liquidated in one block ÷ the USD of selling that moves all venues by 1%.';

/** Splits `text` at spaces into lines of at most `limit` code points (a longer word gets its own line). */
function wrap(text: string, limit: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && width(current) + 1 + width(word) > limit) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * Renders the comparison for the terminal: a title, the run line, the note on the exogenous path,
 * then one aligned table (rows = designs, columns = {@link COMPARISON_COLUMNS}) whose headers
 * span two lines plus a unit line; design names left-aligned, values right-aligned. Ends with a
 * newline; no line has trailing spaces.
 *
 * @example
 * process.stdout.write(comparisonTable(c));
 */
export function comparisonTable(comparison: Comparison): string {
  const columns = comparisonColumns(comparison);
  const headerLines = Math.max(...columns.map((c) => c.header.length));
  const cells = comparison.designs.map((d) => columns.map((c) => c.format(d.result.metrics)));
  const designWidth = Math.max(width('Design'), ...comparison.designs.map((d) => width(d.design)));
  const widths = columns.map((c, j) =>
    Math.max(width(`[${c.unit}]`), ...c.header.map(width), ...cells.map((row) => width(row[j]))),
  );
  const GAP = '  ';
  const line = (first: string, rest: string[]): string =>
    ('  ' + padEnd(first, designWidth) + rest.map((text, j) => GAP + padStart(text, widths[j])).join('')).trimEnd();

  const lines = [
    `Cascade comparison: ${comparison.scenario}`,
    `  ${comparisonRunLine(comparison)}`,
    ...wrap(exogenousPathNote(comparison), 100).map((text) => `  ${text}`),
    '',
  ];
  for (let k = 0; k < headerLines; k++) {
    const offset = headerLines - k;
    lines.push(
      line(
        k === headerLines - 1 ? 'Design' : '',
        columns.map((c) => c.header[c.header.length - offset] ?? ''),
      ),
    );
  }
  lines.push(
    line(
      '',
      columns.map((c) => `[${c.unit}]`),
    ),
  );
  lines.push(
    line(
      '-'.repeat(designWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
  );
  comparison.designs.forEach((d, i) => lines.push(line(d.design, cells[i])));
  lines.push('', ...wrap(TABLE_NOTES, 100).map((text) => `  ${text}`));
  return lines.join('\n') + '\n';
}

/**
 * Shortest plain decimal that reads back as exactly `value` (no exponent): the digits of
 * `String(value)`, laid out without one.
 *
 * @example
 * roundTripDecimal(0.1);    // '0.1'
 * roundTripDecimal(1.5e-7); // '0.00000015'
 * roundTripDecimal(1e21);   // '1000000000000000000000'
 */
export function roundTripDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new InvariantError(`value is not finite: ${value}`);
  const digits = String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
  return plainDecimal(value, Math.max(1, digits.length));
}

function metricCell(value: unknown, key: string, design: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return roundTripDecimal(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => metricCell(v, key, design)).join(';');
  throw new InvariantError(`metric ${key} of design ${design} is not a number: ${String(value)}`);
}

/**
 * A design's metrics as flat columns: every metric but `byProtocol`, then each protocol's fields as
 * `<protocol>.<field>` (e.g. `perp-dex.adlNotionalUsd`).
 *
 * @example flatMetrics(metrics)['lend.badDebtUsd']; // 0
 */
export function flatMetrics(metrics: RunMetrics): Record<string, unknown> {
  const { byProtocol, ...rest } = metrics;
  const flat: Record<string, unknown> = { ...rest };
  for (const { protocol, ...fields } of byProtocol)
    for (const [field, value] of Object.entries(fields)) flat[`${protocol}.${field}`] = value;
  return flat;
}

/**
 * The metric keys of the comparison ({@link flatMetrics}), in the order the first design's metrics
 * hold them, then any key only a later design has.
 *
 * @example
 * comparisonMetricKeys(c)[0]; // 'accounts'
 */
export function comparisonMetricKeys(comparison: Comparison): string[] {
  const keys: string[] = [];
  for (const d of comparison.designs)
    for (const key of Object.keys(flatMetrics(d.result.metrics))) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * Every metric of every design as CSV: header `design,<metric key>...` (the `--json` keys), then
 * one row per design. Numbers are the shortest plain decimals that read back exactly; a `null`
 * ratio is an empty cell; `liquidationsByGeneration` is its counts joined with `;`; each protocol's
 * metrics follow as `<protocol>.<field>` columns (empty for a design without that protocol). Every
 * line ends with `\n`; a design name with a comma or quote is quoted (csv-stringify, {@link csvText}).
 *
 * @example
 * comparisonCsv(c).split('\n')[0]; // 'design,accounts,initialCollateralUsd,...'
 */
export function comparisonCsv(comparison: Comparison): string {
  const keys = comparisonMetricKeys(comparison);
  const lines = [['design', ...keys]];
  for (const d of comparison.designs) {
    const metrics = flatMetrics(d.result.metrics);
    lines.push([d.design, ...keys.map((key) => metricCell(metrics[key], key, d.design))]);
  }
  return csvText(lines);
}
