import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { z } from 'zod';
import { ScenarioProblems, type Problem } from '../../scenario/problems.js';
import { MEASURES } from './measures.js';

const source = z.strictObject({
  title: z.string().min(1).describe('title of the public record (author, title, date)'),
  url: z.url().describe('address of the public record'),
});

const figure = z.strictObject({
  measure: z.enum(MEASURES).describe('what the model reports for this figure'),
  documented: z.number().nonnegative().describe('the documented value, in the measure’s unit'),
  series: z.string().optional().describe('price series the price extremes read, e.g. venue:cex'),
  input: z.boolean().default(false).describe('true for a documented input of the preset (an anchor of its path)'),
  note: z.string().min(1).describe('what exactly the figure counts'),
  source: source.describe('where the figure is documented'),
});

const event = z
  .strictObject({
    name: z.string().min(1),
    scenario: z.string().min(1).describe('preset file, relative to the outcomes file'),
    tuned: z.array(z.enum(MEASURES)).describe('figures the preset’s assumptions were calibrated to'),
    heldBack: z.enum(MEASURES).describe('the check not used in calibration'),
    figures: z.array(figure).min(1),
    notFound: z.array(z.string()).default([]).describe('figures looked for and not found with a source'),
  })
  .refine((e) => e.figures.some((f) => f.measure === e.heldBack) && !e.tuned.includes(e.heldBack), {
    message: 'heldBack must name one of the event’s figures and must not be among tuned',
    path: ['heldBack'],
  });

/** The documented-outcomes file: one entry per historical event. */
export const outcomesSchema = z.strictObject({ events: z.array(event).min(1) });

/** Parsed documented outcomes. */
export type Outcomes = z.infer<typeof outcomesSchema>;
/** One event's documented outcomes. */
export type EventOutcomes = Outcomes['events'][number];
/** One documented figure. */
export type DocumentedFigure = EventOutcomes['figures'][number];

/**
 * Reads and checks a documented-outcomes file (YAML). Every figure must name a measure, a value, a note and a source
 * (title and address); a problem throws {@link ScenarioProblems} naming file, line, column and field.
 *
 * @example loadOutcomes('scenarios/backtest/outcomes.yaml').events.length // 4
 */
export function loadOutcomes(file: string): Outcomes {
  return parseOutcomes(readFileSync(file, 'utf8'), file);
}

/** {@link loadOutcomes} on text already read; `file` names it in problems. */
export function parseOutcomes(text: string, file: string): Outcomes {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error): Problem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const message = error.message.split('\n')[0];
      return { file, line, column: col, field: null, message, text: `${file}:${line}:${col}: ${message}` };
    });
    throw new ScenarioProblems(problems);
  }
  const parsed = outcomesSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue): Problem => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // Point at the deepest node of the path that exists in the file.
    let node: unknown = undefined;
    for (let depth = path.length; depth >= 0 && !isNode(node); depth--) node = doc.getIn(path.slice(0, depth), true);
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    const { line, col } = lineCounter.linePos(offset);
    const field = path.join('.');
    return {
      file,
      line,
      column: col,
      field,
      message: issue.message,
      text: `${file}:${line}:${col}: ${field}: ${issue.message}`,
    };
  });
  throw new ScenarioProblems(problems);
}
