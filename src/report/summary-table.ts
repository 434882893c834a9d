/**
 * The plain-text summary printed to the terminal after a run: run identification, then the
 * metric groups with labels (and unit hints) left-aligned and values right-aligned.
 */
import type { RunResult } from '../analysis/result.js';
import { metricGroups, runRows, type MetricRow } from './metric-rows.js';

const INDENT = '  ';
const GAP = '  ';

function labelWithUnit(row: MetricRow): string {
  return row.unit === '' ? row.label : `${row.label} [${row.unit}]`;
}

/** Text width in code points, so `×` and `−` count as one column. */
function width(text: string): number {
  return [...text].length;
}

function padEnd(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

function padStart(text: string, to: number): string {
  return ' '.repeat(Math.max(0, to - width(text))) + text;
}

/**
 * Renders the summary of `result` as an aligned plain-text table ending with a newline.
 * USD values have thousands separators and exactly 2 decimals, fractions are percentages with
 * 2 decimals, missing ratios print as `n/a`.
 *
 * @example
 * process.stdout.write(summaryTable(result));
 * // Cascade run summary
 * //   Scenario                               eth-crash
 * //   Seed                                   42
 * //   ...
 * // Losses
 * //   Bad debt [USD]                         98,765.43
 */
export function summaryTable(result: RunResult): string {
  const run = runRows(result);
  const groups = metricGroups(result);
  const allRows = [...run, ...groups.flatMap((g) => g.rows)];
  const labelWidth = Math.max(...allRows.map((r) => width(labelWithUnit(r))));
  const valueWidth = Math.max(...groups.flatMap((g) => g.rows).map((r) => width(r.value)));

  const lines: string[] = ['Cascade run summary'];
  for (const row of run) lines.push(INDENT + padEnd(labelWithUnit(row), labelWidth) + GAP + row.value);
  for (const group of groups) {
    lines.push('', group.title);
    for (const row of group.rows) {
      lines.push(INDENT + padEnd(labelWithUnit(row), labelWidth) + GAP + padStart(row.value, valueWidth));
    }
  }
  return lines.map((line) => line.trimEnd()).join('\n') + '\n';
}
