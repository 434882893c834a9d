import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { pathSeed } from '../../analysis/batch/seeds.js';
import { runForMetrics } from '../../analysis/run.js';
import { ensureBooksLoaded } from './books-loaded.js';
import { liveScenario } from './live-scenario.js';
import { identicalPaths, liveBatch } from './monte-carlo.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-live-mc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The live scenario of a 200-borrower thin-pool-shock book (a book file: nothing of the book is drawn). */
async function live(sets: string[]) {
  const { scenario, dir } = smallScenario(200, ['blocks=240', ...sets]);
  const book = new FakeBook(scenario, dir);
  return liveScenario(book, { baseDir: dir, booksDir: path.join(root, 'books') });
}

describe('liveBatch', () => {
  it('runs one path for all when nothing draws random numbers, and that path is what any seed gives', async () => {
    const fixed = await live([]);
    expect(identicalPaths(fixed, {})).toBe(true);
    // A drawn drop size makes the ETH price stream draw: paths differ.
    expect(identicalPaths(fixed, { 'assets.0.price.dropSigma': 0.5 })).toBe(false);
    const progress: [number, number][] = [];
    const batch = await liveBatch(fixed, {
      paths: 5,
      seed: 9,
      workers: 2,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(batch.distinctPaths).toBe(1);
    expect(batch.records.map((r) => r.path)).toEqual([0, 1, 2, 3, 4]);
    expect(batch.records.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4].map((p) => pathSeed(9, p)));
    expect(progress.at(-1)).toEqual([5, 5]);
    // Path 3 simulated on its own, with its own seed, gives the record that stood for it.
    await ensureBooksLoaded(fixed);
    const own = runForMetrics(fixed.scenario, { seed: pathSeed(9, 3), baseDir: fixed.baseDir });
    expect(batch.records[3].metrics).toEqual(own.metrics);
    expect(batch.records[3].liquidationRisk).toEqual(own.liquidationRisk);
    // Five equal draws: the mean and the 99% VaR are that path's bad debt.
    expect(batch.summary.badDebtUsd.mean.value).toBe(own.metrics.badDebtUsd);
    expect(batch.summary.badDebtUsd.var99.value).toBe(own.metrics.badDebtUsd);
  }, 120_000);

  it('runs every path when the price path is drawn', async () => {
    const random = await live(['assets.0.price.dropSigma=0.5']);
    expect(identicalPaths(random, {})).toBe(false);
    const batch = await liveBatch(random, { paths: 4, seed: 9, workers: 2 });
    expect(batch.distinctPaths).toBe(4);
    expect(batch.records).toHaveLength(4);
    // Each path draws its own drop size, so the oracle's largest fall differs between paths.
    expect(new Set(batch.records.map((r) => r.metrics.oracleDrawdown)).size).toBe(4);
  }, 120_000);
});
