/**
 * The notes a run carries besides its metrics, as text for the terminal and HTML for the report: the scenario
 * fields its liquidation mechanisms replace (never silently) and its calibration warnings. `compare` adds, per
 * design, what the design changed and the liquidation terms in effect, side by side.
 */
import type { RunResult } from '../analysis/result.js';
import type { ParameterOverride } from '../analysis/result.js';
import type { Comparison } from '../analysis/designs/compare.js';
import { escapeHtml } from './escape.js';

/** What the notes read of a run. */
type Notes = Pick<RunResult, 'overrides' | 'warnings'> & {
  metrics?: Pick<RunResult['metrics'], 'maxOracleDeviation'> & Partial<Pick<RunResult['metrics'], 'byProtocol'>>;
};

/** Oracle deviation from the market beyond which the notes say that oracle-valued figures are the protocol's view. */
const ORACLE_NOTE_DEVIATION = 0.1;

/** The note on oracle-valued figures (lending's) when the oracle strayed far from the market; null otherwise. */
function oracleNote(result: Notes): string | null {
  const deviation = result.metrics?.maxOracleDeviation ?? 0;
  const lending = result.metrics?.byProtocol?.some((p) => p.kind !== 'perp') ?? true;
  if (!(deviation > ORACLE_NOTE_DEVIATION) || !lending) return null;
  return (
    `The oracle was up to ${(deviation * 100).toFixed(1)}% from the market (manipulated, stale or lagging): figures valued at ` +
    `the oracle (collateral seized, borrower penalties, collateral at start) are the protocol's view of the collateral, ` +
    `not what it was worth, and borrower penalties can turn negative when the oracle undervalues it.`
  );
}

/** Width the notes' paragraphs are wrapped to. */
const WRAP = 110;

/** A value as the notes print it: numbers to 6 significant digits, text as is, anything else as compact JSON. */
export function noteValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  if (typeof value === 'string') return value;
  if (value === undefined) return '(not set)';
  return JSON.stringify(value);
}

/** `text` wrapped at word boundaries to WRAP columns, every line after the first indented by `indent`. */
function wrap(text: string, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && [...line].length + 1 + [...word].length > WRAP) {
      lines.push(line);
      line = indent + word;
    } else line += (line === first || line === indent ? '' : ' ') + word;
  }
  lines.push(line);
  return lines;
}

/** One override as a line: `lend: protocols.0.liquidationThreshold 0.825 → 0.909091 (reason)`. */
function overrideLine(o: ParameterOverride): string {
  const from = `${noteValue(o.scenarioValue)}${o.isDefault ? ' (also the default)' : ''}`;
  return `${o.protocol} (${o.mechanism}): ${o.field} ${from} → ${noteValue(o.effectiveValue)}. ${o.reason}.`;
}

/** The notes' blocks, each opened by a blank line and a heading at `head`, with items at `item`. */
function notesLines(result: Notes, head: string, item: string): string[] {
  const lines: string[] = [];
  const overrides = result.overrides ?? [];
  if (overrides.length > 0) {
    lines.push('', `${head}Parameters the liquidation mechanism replaces (scenario value → value in effect)`);
    for (const o of overrides) lines.push(...wrap(overrideLine(o), `${item}- `, `${item}  `));
  }
  const warnings = result.warnings ?? [];
  if (warnings.length > 0) {
    lines.push('', `${head}Warnings: outside the calibrated range (${warnings.length})`);
    for (const w of warnings) lines.push(...wrap(`[${w.code}] ${w.message}`, `${item}- `, `${item}  `));
  }
  const note = oracleNote(result);
  if (note !== null) lines.push('', `${head}Note`, ...wrap(note, `${item}- `, `${item}  `));
  return lines;
}

/**
 * The text blocks of a run's notes (mechanism overrides, then warnings), each opened by a blank line; '' when the
 * run has neither.
 *
 * @example
 * process.stdout.write(summaryTable(result) + runNotesText(result));
 */
export function runNotesText(result: Notes): string {
  const lines = notesLines(result, '', '  ');
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Table-of-contents entries of {@link runNotesHtml}'s sections, in page order. */
export function runNotesSections(result: Notes): { id: string; title: string }[] {
  return [
    ...((result.warnings ?? []).length > 0 ? [{ id: 'warnings', title: 'Warnings' }] : []),
    ...(oracleNote(result) !== null ? [{ id: 'oracle-note', title: 'Note: values at the oracle' }] : []),
    ...((result.overrides ?? []).length > 0 ? [{ id: 'overrides', title: 'Parameters the mechanism replaces' }] : []),
  ];
}

/**
 * The report's sections for the same notes (warnings first: they qualify every figure below them); none when the
 * run has neither.
 *
 * @example
 * [...pageStart(header), ...runNotesHtml(result), ...]
 */
export function runNotesHtml(result: Notes): string[] {
  const out: string[] = [];
  const warnings = result.warnings ?? [];
  if (warnings.length > 0) {
    out.push(
      '<section id="warnings">',
      '<h2>Warnings: outside the calibrated range</h2>',
      '<ul>',
      ...warnings.map((w) => `<li><strong>${escapeHtml(w.code)}</strong>: ${escapeHtml(w.message)}</li>`),
      '</ul>',
      '</section>',
    );
  }
  const note = oracleNote(result);
  if (note !== null)
    out.push(
      '<section id="oracle-note">',
      '<h2>Note: values at the oracle</h2>',
      `<p>${escapeHtml(note)}</p>`,
      '</section>',
    );
  const overrides = result.overrides ?? [];
  if (overrides.length > 0) {
    out.push(
      '<section id="overrides">',
      '<h2>Parameters the liquidation mechanism replaces</h2>',
      '<ul>',
      ...overrides.map((o) => `<li>${escapeHtml(overrideLine(o))}</li>`),
      '</ul>',
      '</section>',
    );
  }
  return out;
}

/**
 * The text `compare` prints under its tables: for each design, what it changed in the scenario, the liquidation terms
 * in effect (threshold, minimum collateral ratio, the oracle fall that liquidates the least healthy account, next to
 * the oracle's actual drawdown), the fields its mechanism replaces and its warnings.
 *
 * @example
 * process.stdout.write(comparisonTable(c) + comparisonNotesText(c));
 */
export function comparisonNotesText(comparison: Comparison): string {
  const lines: string[] = [
    '',
    'Design by design: changes to the scenario, liquidation terms in effect, replaced parameters, warnings',
  ];
  for (const d of comparison.designs) {
    lines.push('', `  ${d.design}`);
    const changes = d.changes ?? [];
    if (comparison.mode === 'designs' && changes.length === 0)
      lines.push('    changes nothing: the scenario is already this design');
    for (const c of changes)
      lines.push(...wrap(`${c.field}: ${noteValue(c.from)} → ${noteValue(c.to)}`, '    changes ', '      '));
    for (const t of d.terms ?? []) {
      lines.push(
        ...wrap(
          `${t.protocol} (${t.mechanism}): liquidation threshold ${noteValue(t.liquidationThreshold)} (minimum collateral ratio ` +
            `${(t.minCollateralRatio * 100).toFixed(1)}%; the scenario's ${noteValue(t.scenarioLiquidationThreshold)}); the least healthy account ` +
            `${t.firstLiquidationFall > 0 ? `needs an oracle fall of ${(t.firstLiquidationFall * 100).toFixed(2)}%` : 'is liquidatable at block 0'}; ` +
            `the oracle fell ${(d.result.metrics.oracleDrawdown * 100).toFixed(2)}%`,
          '    terms   ',
          '      ',
        ),
      );
    }
    lines.push(...notesLines(d.result, '    ', '      ').filter((line) => line !== ''));
  }
  return lines.join('\n') + '\n';
}
