/**
 * Seed scheme of stored batches: common random numbers changed the seeds of sweep cells other than 0, so a
 * batch stored under the old scheme must never be resumed with paths seeded the new way.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { smallPlan } from '../src/analysis/batch/batch.test-helper.js';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import type { PathRecord } from '../src/analysis/batch/types.js';
import { executeStoredBatch } from '../src/cli/batch/execute.js';
import { planBatch } from '../src/cli/batch/plan.js';
import { defaultScenarioPath } from '../src/cli/default-scenario.js';
import { UsageError } from '../src/kernel/errors.js';
import { openStore } from '../src/store/index.js';
import { syntheticMetrics } from '../src/store/synthetic.test-helper.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-batch-seeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store holding path 0 of both cells of the small two-cell plan, with the given seeds. */
async function storeWithPathZero(file: string, seeds: [number, number]) {
  const { plan, baseDir } = smallPlan(2);
  const store = await openStore(file);
  await store.beginBatch(plan);
  const record = (cell: number): PathRecord => ({
    cell,
    path: 0,
    seed: seeds[cell],
    parameters: plan.cells[cell].parameters,
    metrics: syntheticMetrics(cell, 0),
  });
  await store.writePaths(plan.id, [record(0), record(1)]);
  await store.close();
  return { plan, baseDir };
}

describe('stored batches and the seed scheme', () => {
  it('refuses to resume a batch whose stored paths carry scheme-1 seeds (one seed per cell and path)', async () => {
    const file = path.join(dir, 'old.duckdb');
    // Scheme 1 seeded cell 1 path 0 from (7, 1, 0): any seed other than pathSeed(7, 0) stands for it.
    const { plan, baseDir } = await storeWithPathZero(file, [pathSeed(7, 0), (pathSeed(7, 0) ^ 1) >>> 0]);
    const run = executeStoredBatch(plan, { db: file, workers: 1, seriesPoints: 0, baseDir });
    await expect(run).rejects.toThrow(UsageError);
    await expect(executeStoredBatch(plan, { db: file, workers: 1, seriesPoints: 0, baseDir })).rejects.toThrow(
      /was stored with another seed derivation: its cell 1, path 0 has seed \d+, where this Cascade \(seed scheme 2: path p of every cell has the same seed\) derives \d+/,
    );
    // Nothing was added to the stored batch.
    const store = await openStore(file, { readOnly: true });
    expect((await store.paths(plan.id)).length).toBe(2);
    await store.close();
  });

  it('resumes a batch whose stored seeds match, running only the missing paths', async () => {
    const file = path.join(dir, 'current.duckdb');
    const { plan, baseDir } = await storeWithPathZero(file, [pathSeed(7, 0), pathSeed(7, 0)]);
    const executed = await executeStoredBatch(plan, { db: file, workers: 1, seriesPoints: 0, baseDir });
    expect(executed).toMatchObject({ ran: 2, resumed: true, aborted: false });
    expect(executed.records.map((r) => [r.cell, r.path, r.seed])).toEqual([
      [0, 0, pathSeed(7, 0)],
      [0, 1, pathSeed(7, 1)],
      [1, 0, pathSeed(7, 0)],
      [1, 1, pathSeed(7, 1)],
    ]);
  }, 60_000);

  it('derives batch ids with the seed scheme, so a command never resumes a batch stored before common random numbers', () => {
    const cells = [
      { cell: 0, parameters: { 'protocols.0.liquidationBonus': 0.05 } },
      { cell: 1, parameters: { 'protocols.0.liquidationBonus': 0.1 } },
    ];
    const { plan } = planBatch({ kind: 'sweep', file: defaultScenarioPath(), sets: [], paths: 10, cells });
    // The id scheme 1 derived for the same command: sha256 of [kind, scenario JSON, master seed, paths, cells].
    const schemeOneId = `sweep-${createHash('sha256')
      .update(JSON.stringify(['sweep', plan.scenarioJson, plan.masterSeed, 10, cells]))
      .digest('hex')
      .slice(0, 12)}`;
    expect(plan.id).toMatch(/^sweep-[0-9a-f]{12}$/);
    expect(plan.id).not.toBe(schemeOneId);
  });
});
