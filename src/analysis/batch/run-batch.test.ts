import { beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError, UsageError } from '../../kernel/errors.js';
import { directRun, SMALL_SETS, smallPlan, sortRecords } from './batch.test-helper.js';
import { loadScenario } from '../../scenario/load.js';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { BATCH_SCENARIO_SETS, pathKey, runBatch, type RunBatchOptions } from './run-batch.js';
import { pathSeed } from './seeds.js';
import type { PathRecord } from './types.js';

const PATHS = 16;
const { plan, baseDir } = smallPlan(PATHS);
const TOTAL = plan.cells.length * PATHS;

async function collect(options: Partial<RunBatchOptions> = {}) {
  const records: PathRecord[] = [];
  const outcome = await runBatch(plan, { workers: 1, baseDir, onPaths: (r) => void records.push(...r), ...options });
  return { records, outcome };
}

let reference: PathRecord[];
beforeAll(async () => {
  reference = sortRecords((await collect({ workers: 1, seriesPoints: 5 })).records);
}, 120_000);

describe('runBatch', () => {
  it('runs each (cell, path) as a direct single run with the cell override and seed pathSeed(master, path)', () => {
    expect(reference.map((r) => pathKey(r.cell, r.path))).toEqual(
      plan.cells.flatMap((c) => Array.from({ length: PATHS }, (_, p) => `${c.cell}:${p}`)),
    );
    for (const record of reference.filter((r) => r.path % 5 === 0)) {
      const direct = directRun(record.cell, record.path);
      expect(record.seed).toBe(pathSeed(7, record.path));
      expect(record.parameters).toEqual({ 'protocols.0.liquidationBonus': [0.05, 0.1][record.cell] });
      expect(record.metrics).toEqual(direct.metrics);
      // 121 values sampled at 5 even points: blocks 0, 30, 60, 90, 120, 12 s apart.
      const oracle = record.series?.find((s) => s.name === 'oracle:eth-usd');
      const column = direct.series.find((s) => s.name === 'oracle:eth-usd')?.values as Float64Array;
      expect(oracle?.timesSeconds).toEqual([0, 360, 720, 1080, 1440]);
      expect(oracle?.values).toEqual([0, 30, 60, 90, 120].map((i) => column[i]));
      expect(record.series?.map((s) => s.name)).toEqual(['fundamental:ETH', 'oracle:eth-usd']);
    }
    // The cell parameter reaches the model: with a fixed bonus b, seized value = repaid·(1 + b), so
    // penalties / debt repaid = b in every path with liquidations (and no bad debt).
    for (const record of reference.filter((r) => r.metrics.liquidations > 0 && r.metrics.badDebtUsd === 0)) {
      expect(record.metrics.borrowerPenaltiesUsd / record.metrics.liquidatedDebtUsd).toBeCloseTo(
        [0.05, 0.1][record.cell],
        9,
      );
    }
    // Seeds differ between paths, and so do the outcomes.
    expect(new Set(reference.slice(0, PATHS).map((r) => r.metrics.liquidatedDebtUsd)).size).toBeGreaterThan(1);
  });

  it('uses common random numbers: path p of every cell has the same seed and the same borrower book', () => {
    // The bonus does not enter the population draw, so with common seeds the two cells' path p start from
    // the same accounts; with a seed per (cell, path) the books, and so the initial collateral, would differ.
    const cell = (c: number) => reference.filter((r) => r.cell === c);
    const [zero, one] = [cell(0), cell(1)];
    expect(one.map((r) => r.seed)).toEqual(zero.map((r) => r.seed));
    expect(one.map((r) => r.metrics.initialCollateralUsd)).toEqual(zero.map((r) => r.metrics.initialCollateralUsd));
    expect(one.map((r) => r.metrics.initialDebtUsd)).toEqual(zero.map((r) => r.metrics.initialDebtUsd));
    expect(one.map((r) => r.metrics.externalDrawdown)).toEqual(zero.map((r) => r.metrics.externalDrawdown));
    expect(new Set(zero.map((r) => r.metrics.initialCollateralUsd)).size).toBe(PATHS);
  });

  it.each([2, 4])('gives identical per-path records on %i worker threads', async (workers) => {
    const progress: number[] = [];
    const { records, outcome } = await collect({ workers, seriesPoints: 5, onProgress: (done) => progress.push(done) });
    expect(outcome).toEqual({ completed: TOTAL, failed: 0, skipped: 0, total: TOTAL, aborted: false });
    expect(sortRecords(records)).toEqual(reference);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(TOTAL);
  });

  it('on abort delivers exactly the finished paths, and a resume with skip completes the rest identically (in-process)', async () => {
    const controller = new AbortController();
    const first = await collect({
      seriesPoints: 5,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 5) controller.abort();
      },
    });
    // In-process, paths run one at a time and the abort is seen before the sixth starts.
    expect(first.outcome).toEqual({ completed: 5, failed: 0, skipped: 0, total: TOTAL, aborted: true });
    expect(first.records).toEqual(reference.slice(0, 5));
    const skip = new Set(first.records.map((r) => pathKey(r.cell, r.path)));
    const second = await collect({ seriesPoints: 5, skip });
    expect(second.outcome).toEqual({ completed: TOTAL - 5, failed: 0, skipped: 5, total: TOTAL, aborted: false });
    expect(sortRecords([...first.records, ...second.records])).toEqual(reference);
  });

  it('on abort with 2 workers finishes the running chunks, delivers them, and the resume completes the rest', async () => {
    const controller = new AbortController();
    const first = await collect({
      workers: 2,
      chunkSize: 2,
      seriesPoints: 5,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 4) controller.abort();
      },
    });
    // Chunks of 2 on 2 workers: when 4 paths are done, at most one other chunk is running.
    expect(first.outcome.aborted).toBe(true);
    expect([4, 6]).toContain(first.outcome.completed);
    expect(first.records).toHaveLength(first.outcome.completed);
    const byKey = new Map(reference.map((r) => [pathKey(r.cell, r.path), r]));
    for (const record of first.records) expect(record).toEqual(byKey.get(pathKey(record.cell, record.path)));
    const skip = new Set(first.records.map((r) => pathKey(r.cell, r.path)));
    expect(skip.size).toBe(first.records.length);
    const second = await collect({ workers: 2, seriesPoints: 5, skip });
    expect(second.outcome.completed).toBe(TOTAL - first.outcome.completed);
    expect(sortRecords([...first.records, ...second.records])).toEqual(reference);
  });

  it('runs nothing for an already aborted signal or a fully skipped plan', async () => {
    const aborted = await collect({ signal: AbortSignal.abort() });
    expect([aborted.outcome.completed, aborted.outcome.aborted, aborted.records.length]).toEqual([0, true, 0]);
    const all = new Set(reference.map((r) => pathKey(r.cell, r.path)));
    const done = await collect({ skip: all });
    expect(done.outcome).toEqual({ completed: 0, failed: 0, skipped: TOTAL, total: TOTAL, aborted: false });
  });

  it('validates every cell before running any path, naming the cell and the parameter', async () => {
    const bad = { ...plan, cells: [...plan.cells, { cell: 2, parameters: { 'protocols.0.liquidationBonus': -1 } }] };
    const records: PathRecord[] = [];
    const run = runBatch(bad, { workers: 2, baseDir, onPaths: (r) => void records.push(...r) });
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(run).rejects.toThrow(
      /^cell 2 \(protocols\.0\.liquidationBonus=-1\): --set protocols\.0\.liquidationBonus=-1: protocols\.0\.liquidationBonus: /,
    );
    expect(records).toEqual([]);
  });

  it('rejects bad options with UsageError', async () => {
    const onPaths = () => undefined;
    await expect(runBatch(plan, { workers: 0, baseDir, onPaths })).rejects.toThrow(UsageError);
    await expect(runBatch(plan, { workers: 1, seriesPoints: 1, baseDir, onPaths })).rejects.toThrow(
      /seriesPoints must be 0 \(none\) or an integer ≥ 2/,
    );
    await expect(
      runBatch({ ...plan, cells: [plan.cells[0], plan.cells[0]] }, { workers: 1, baseDir, onPaths }),
    ).rejects.toThrow(/cell 0 twice/);
  });

  it('stops when onPaths fails and rejects with its error', async () => {
    let calls = 0;
    const run = runBatch(plan, {
      workers: 1,
      baseDir,
      onPaths: () => {
        calls += 1;
        throw new Error('store is full');
      },
    });
    await expect(run).rejects.toThrow('store is full');
    expect(calls).toBe(1);
  });

  it('BATCH_SCENARIO_SETS change no metric and no kept series', async () => {
    const lean = {
      ...plan,
      scenarioJson: JSON.stringify(
        loadScenario(defaultScenarioPath(), [...BATCH_SCENARIO_SETS, ...SMALL_SETS]).scenario,
      ),
    };
    expect(lean.scenarioJson).not.toBe(plan.scenarioJson);
    const records: PathRecord[] = [];
    await runBatch(lean, { workers: 1, seriesPoints: 5, baseDir, onPaths: (r) => void records.push(...r) });
    expect(sortRecords(records)).toEqual(reference);
  });
});
