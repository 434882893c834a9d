import { dirname, resolve } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import { runScenario } from '../run.js';
import type { RunResult } from '../result.js';
import { compareFigure } from './compare.js';
import { MEASURE_UNITS, modelFigure, type Measure } from './measures.js';
import { loadOutcomes, type EventOutcomes } from './outcomes.js';

/** One documented figure next to the model's. */
export interface BacktestRow {
  measure: Measure;
  unit: string;
  model: number | null;
  documented: number;
  /** model / documented (null for a documented 0 or a missing model figure). */
  ratio: number | null;
  /** Outside a factor of two. */
  flagged: boolean;
  /** How the figure was used: tuned (a calibration target), held-back (the check), input (a path anchor), check. */
  role: 'tuned' | 'held-back' | 'input' | 'check';
  note: string;
  source: { title: string; url: string };
}

/** One event's backtest. */
export interface BacktestEvent {
  name: string;
  scenario: string;
  seed: number;
  rows: BacktestRow[];
  notFound: string[];
}

/**
 * Runs each event's preset (or only `only`) and lines its figures up against the documented outcomes in
 * `outcomesFile`. Unknown event names throw a RangeError listing the known ones.
 *
 * @example runBacktest('scenarios/backtest/outcomes.yaml', 'aave-crv-2022')[0].rows
 */
export function runBacktest(outcomesFile: string, only?: string): BacktestEvent[] {
  const outcomes = loadOutcomes(outcomesFile);
  const events = only === undefined ? outcomes.events : outcomes.events.filter((e) => e.name === only);
  if (events.length === 0) {
    const known = outcomes.events.map((e) => e.name).join(', ');
    throw new RangeError(`unknown event "${only}"; the events are: ${known}`);
  }
  const dir = dirname(resolve(outcomesFile));
  return events.map((event) => {
    const file = resolve(dir, event.scenario);
    const { scenario } = loadScenario(file);
    const run = runScenario(scenario, { baseDir: dirname(file) });
    return backtestEvent(event, run);
  });
}

/** Lines up one event's documented figures against a finished run of its preset. */
export function backtestEvent(event: EventOutcomes, run: RunResult): BacktestEvent {
  const rows = event.figures.map((figure): BacktestRow => {
    const model = modelFigure(run, figure.measure, figure.series);
    const role = figure.input
      ? 'input'
      : event.tuned.includes(figure.measure)
        ? 'tuned'
        : figure.measure === event.heldBack
          ? 'held-back'
          : 'check';
    return {
      measure: figure.measure,
      unit: MEASURE_UNITS[figure.measure],
      model,
      documented: figure.documented,
      ...compareFigure(model, figure.documented),
      role,
      note: figure.note,
      source: figure.source,
    };
  });
  return { name: event.name, scenario: event.scenario, seed: run.seed, rows, notFound: event.notFound };
}
