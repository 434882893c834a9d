import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioProblems } from '../../scenario/problems.js';
import type { RunResult } from '../result.js';
import { compareFigure } from './compare.js';
import { modelFigure } from './measures.js';
import { loadOutcomes, parseOutcomes } from './outcomes.js';

const outcomesFile = path.resolve(__dirname, '../../../scenarios/backtest/outcomes.yaml');

describe('model against documented figures', () => {
  it('gives the ratio model/documented and flags it outside a factor of two, both ends included', () => {
    // 11.2/5.67 = 1.9753…; 12/5 = 2.4; 2.5/5 = 0.5 exactly (inside); 2.49/5 = 0.498 (outside); 10/5 = 2 (inside).
    expect(compareFigure(11.2, 5.67).ratio).toBeCloseTo(1.975308642, 9);
    expect(compareFigure(11.2, 5.67).flagged).toBe(false);
    expect(compareFigure(12, 5)).toEqual({ ratio: 2.4, flagged: true });
    expect(compareFigure(2.5, 5)).toEqual({ ratio: 0.5, flagged: false });
    expect(compareFigure(2.49, 5).flagged).toBe(true);
    expect(compareFigure(10, 5)).toEqual({ ratio: 2, flagged: false });
  });

  it('has no ratio for a documented 0 (passing only a model 0) or a missing model figure', () => {
    expect(compareFigure(0, 0)).toEqual({ ratio: null, flagged: false });
    expect(compareFigure(1, 0)).toEqual({ ratio: null, flagged: true });
    expect(compareFigure(null, 5)).toEqual({ ratio: null, flagged: true });
  });

  it('measures durations from the first to the last active block and price extremes on the named series', () => {
    // Liquidations in blocks 2 and 7 of 12-second blocks: (7 − 2)·12/60 = 1 minute. ADL in block 4 only: 0 minutes.
    const column = (name: string, values: number[]) => ({ name, values: Float64Array.from(values) });
    const run = {
      blockTimeSeconds: 12,
      series: [
        column('liquidations', [0, 0, 3, 0, 0, 0, 0, 1, 0]),
        column('perp:x:adlUsd', [0, 0, 0, 0, 5, 0, 0, 0, 0]),
        column('venue:cex', [100, 90, 80, 85, 70, 75, 90, 95, 99]),
      ],
      metrics: { badDebtUsd: 10, underwaterDebtUsd: 5 },
    } as unknown as RunResult;
    expect(modelFigure(run, 'liquidationMinutes')).toBe(1);
    expect(modelFigure(run, 'adlMinutes')).toBe(0);
    expect(modelFigure(run, 'priceLowUsd', 'venue:cex')).toBe(70);
    expect(modelFigure(run, 'priceHighUsd', 'venue:cex')).toBe(100);
    expect(modelFigure(run, 'priceLowUsd', 'venue:none')).toBeNull();
    expect(modelFigure(run, 'zeroBidShare')).toBeNull();
    expect(modelFigure(run, 'badDebtUsd')).toBe(15);
  });
});

describe('the documented-outcomes file', () => {
  it('names a source (title and address) for every figure, a preset that exists, and a held-back check not tuned', () => {
    const outcomes = loadOutcomes(outcomesFile);
    expect(outcomes.events.map((e) => e.name)).toEqual([
      'black-thursday-2020',
      'may-2021-bridge',
      'aave-crv-2022',
      'october-2025',
    ]);
    for (const event of outcomes.events) {
      expect(existsSync(path.resolve(path.dirname(outcomesFile), event.scenario))).toBe(true);
      expect(event.tuned).not.toContain(event.heldBack);
      for (const figure of event.figures) {
        expect(figure.source.title.length).toBeGreaterThan(0);
        expect(figure.source.url).toMatch(/^https:\/\//);
      }
    }
  });

  it('rejects a figure without a source, naming file, line, column and field', () => {
    const text = readFileSync(outcomesFile, 'utf8');
    // Drop the first figure's source block (its three lines).
    const broken = text.replace(/\n {8}source:\n {10}title: [^\n]*\n {10}url: [^\n]*/, '');
    const line = broken.split('\n').findIndex((l) => l.includes('- measure: badDebtUsd')) + 1;
    let error: unknown;
    try {
      parseOutcomes(broken, 'outcomes.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioProblems);
    const [problem] = (error as ScenarioProblems).problems;
    expect(problem.file).toBe('outcomes.yaml');
    expect(problem.field).toBe('events.0.figures.0.source');
    expect(problem.line).toBe(line);
    expect(problem.column).toBe(9);
  });

  it('rejects a held-back check that is also tuned', () => {
    const text = readFileSync(outcomesFile, 'utf8').replace('tuned: [badDebtUsd]', 'tuned: [badDebtUsd, zeroBidShare]');
    expect(() => parseOutcomes(text, 'o.yaml')).toThrow(/events\.0\.heldBack: heldBack must name one of/);
  });
});
