import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../kernel/errors.js';
import { runBacktest, type BacktestEvent, type BacktestRow } from '../analysis/backtest/run-backtest.js';
import { ACCEPTED_FACTOR } from '../analysis/backtest/compare.js';
import { shippedScenariosDir } from './default-scenario.js';

interface BacktestOptions {
  json?: boolean;
  event?: string;
  outcomes?: string;
}

/** The shipped documented-outcomes file. */
export function shippedOutcomesPath(): string {
  return path.join(shippedScenariosDir(), 'backtest', 'outcomes.yaml');
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'share') return `${(100 * value).toFixed(1)}%`;
  if (unit === 'min') return value.toFixed(1);
  if (unit === 'USD' && Math.abs(value) < 1000) return value.toFixed(2);
  return Math.round(value).toLocaleString('en-US');
}

function rowText(row: BacktestRow): string[] {
  const ratio = row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`;
  return [
    `${row.measure} [${row.unit}]`,
    formatValue(row.model, row.unit),
    formatValue(row.documented, row.unit),
    ratio,
    row.flagged ? `OUTSIDE ${ACCEPTED_FACTOR}×` : 'ok',
    row.role,
  ];
}

/** The text table of one event: a row per documented figure, then the sources and what was not found. */
export function eventText(event: BacktestEvent): string {
  const header = ['figure', 'model', 'documented', 'ratio', 'within 2×', 'role'];
  const rows = [header, ...event.rows.map(rowText)];
  const widths = header.map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  const line = (r: string[]) =>
    r.map((cell, k) => (k === 0 || k >= 4 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ');
  const out = [
    `${event.name} (${path.basename(event.scenario)}, seed ${event.seed})`,
    ...rows.map((r) => `  ${line(r)}`.trimEnd()),
  ];
  out.push('  sources:');
  event.rows.forEach((row) => out.push(`    ${row.measure}: ${row.source.title} <${row.source.url}>`));
  for (const missing of event.notFound) out.push(`  not found: ${missing}`);
  return out.join('\n');
}

/** Registers `cascade backtest`. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description(
      'run the four historical presets and print, per event, the model figures next to the documented outcomes (with sources), the ratio model/documented and a flag outside a factor of two',
    )
    .option('--event <name>', 'run one event only (black-thursday-2020, may-2021-bridge, aave-crv-2022, october-2025)')
    .option('--outcomes <file>', 'documented-outcomes file (default: the shipped scenarios/backtest/outcomes.yaml)')
    .option(
      '--json',
      'print one JSON object {events: [{name, scenario, seed, rows: [{measure, unit, model, documented, ratio, flagged, role, note, source}], notFound}], flagged}',
    )
    .addHelpText(
      'after',
      '\nroles: tuned (a calibration target of the preset), held-back (the check left out of calibration), input (a documented\nanchor of the price path), check (any other documented figure).\n\nExamples:\n  cascade backtest\n  cascade backtest --event aave-crv-2022 --json',
    )
    .action((options: BacktestOptions) => {
      const file = options.outcomes ?? shippedOutcomesPath();
      let events: BacktestEvent[];
      try {
        events = runBacktest(file, options.event);
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(error.message);
        throw error;
      }
      const flagged = events.reduce((n, e) => n + e.rows.filter((r) => r.flagged).length, 0);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ events, flagged }, null, 2)}\n`);
        return;
      }
      const figures = events.reduce((n, e) => n + e.rows.length, 0);
      process.stdout.write(
        `${events.map(eventText).join('\n\n')}\n\n${figures - flagged} of ${figures} figures within ${ACCEPTED_FACTOR}× of the documented outcome\n`,
      );
    });
}
