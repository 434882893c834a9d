/**
 * The results store in process, on real DuckDB files in a temporary folder.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../analysis/result.js';
import { InvariantError, UsageError } from '../kernel/errors.js';
import { openStore } from './open-store.js';
import type { ResultsStore } from './store.js';
import { runBatchId, storeRun } from './store-run.js';
import { syntheticMetrics, syntheticPlan, syntheticRecord } from './synthetic.test-helper.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(root, `store-${++files}.duckdb`);

/** Opens a fresh store, runs `body`, closes it. */
async function withStore<T>(body: (store: ResultsStore, file: string) => Promise<T>): Promise<T> {
  const file = freshFile();
  const store = await openStore(file);
  try {
    return await body(store, file);
  } finally {
    await store.close();
  }
}

describe('writePaths and paths', () => {
  it('returns every stored record exactly as written, in (cell, path) order whatever the write order', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 2, 3));
      const written = [syntheticRecord(1, 2), syntheticRecord(0, 1), syntheticRecord(1, 0), syntheticRecord(0, 0)];
      expect(await store.writePaths('b', written)).toBe(4);
      const read = await store.paths('b');
      expect(read.map((r) => [r.cell, r.path])).toEqual([
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 2],
      ]);
      // Bit-exact doubles (0.1 sums, thirds), nulls and the JSON list survive the round trip.
      expect(read[1]).toEqual(syntheticRecord(0, 1));
      expect(read[0].metrics.amplification).toBeNull();
      expect(read[3].metrics.initialDebtUsd).toBe(6e8 + 1002 / 3);
      expect(read[3].metrics.liquidationsByGeneration).toEqual([1002 % 7, 1002 % 3, 1]);
    });
  });

  it('ignores records already stored and repeats within a call: the first of a call wins, nothing is duplicated', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 1, 5));
      expect(await store.writePaths('b', [syntheticRecord(0, 0), syntheticRecord(0, 1)])).toBe(2);
      const changed = { ...syntheticRecord(0, 2), seed: 999 };
      expect(
        await store.writePaths('b', [syntheticRecord(0, 1), changed, syntheticRecord(0, 2), syntheticRecord(0, 0)]),
      ).toBe(1);
      const read = await store.paths('b');
      expect(read.map((r) => r.path)).toEqual([0, 1, 2]);
      expect(read[2].seed).toBe(999);
      expect((await store.batch('b'))?.pathsDone).toBe(3);
    });
  });

  it('stores all records of a call or none: a bad value in the last statement rolls back the paths already inserted', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 1, 5));
      await store.writePaths('b', [syntheticRecord(0, 0)]);
      const badSeries = syntheticRecord(0, 2, 3);
      badSeries.series![1].values[2] = Number.NaN;
      // The paths rows of 0:1 and 0:2 are inserted before the series rows, whose CHECK fails.
      await expect(store.writePaths('b', [syntheticRecord(0, 1, 3), badSeries])).rejects.toThrow(InvariantError);
      expect((await store.paths('b')).map((r) => r.path)).toEqual([0]);
      const badMetric = {
        ...syntheticRecord(0, 3),
        metrics: { ...syntheticMetrics(0, 3), badDebtUsd: Number.POSITIVE_INFINITY },
      };
      await expect(store.writePaths('b', [syntheticRecord(0, 4), badMetric])).rejects.toThrow(/none were stored/);
      const fractionalCount = { ...syntheticRecord(0, 3), metrics: { ...syntheticMetrics(0, 3), liquidations: 1.5 } };
      await expect(store.writePaths('b', [syntheticRecord(0, 4), fractionalCount])).rejects.toThrow(InvariantError);
      expect((await store.paths('b')).map((r) => r.path)).toEqual([0]);
      // The store is still usable after the rollbacks.
      expect(await store.writePaths('b', [syntheticRecord(0, 1, 3), syntheticRecord(0, 2, 3)])).toBe(2);
    });
  });

  it('refuses a record outside the plan (unknown cell, path ≥ paths per cell)', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 2, 3));
      await expect(store.writePaths('b', [syntheticRecord(2, 0)])).rejects.toThrow(/no cell 2 path 0/);
      await expect(store.writePaths('b', [syntheticRecord(0, 3)])).rejects.toThrow(/paths 0\.\.2/);
      await expect(store.writePaths('nope', [syntheticRecord(0, 0)])).rejects.toThrow(UsageError);
    });
  });

  it('runs overlapping calls one after the other, so concurrent writers lose nothing', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 1, 40));
      const calls = Array.from({ length: 8 }, (_, i) =>
        store.writePaths(
          'b',
          Array.from({ length: 5 }, (_, j) => syntheticRecord(0, 5 * i + j)),
        ),
      );
      expect(await Promise.all(calls)).toEqual(Array(8).fill(5));
      expect((await store.donePaths('b')).size).toBe(40);
    });
  });

  it('keeps series with their path and returns them on request', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 1, 2));
      await store.writePaths('b', [syntheticRecord(0, 0, 4), syntheticRecord(0, 1)]);
      const [withSeries, without] = await store.paths('b', { series: true });
      expect(withSeries.series).toEqual([
        { name: 'fundamental:ETH', timesSeconds: [0, 12, 24, 36], values: [2000, 1999, 1998, 1997] },
        { name: 'oracle:eth-usd', timesSeconds: [0, 12, 24, 36], values: [1, 1.0001, 1.0002, 1.0003] },
      ]);
      expect(without.series).toBeUndefined();
      expect((await store.paths('b'))[0].series).toBeUndefined();
    });
  });

  it('returns series values bit-exact, including thirds, tiny and huge magnitudes', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 1, 1));
      const odd = {
        name: 'venue:pool',
        timesSeconds: [0, 0.5, 12, 1e6, 86400.25],
        values: [1 / 3, 1e-7, 1.5e21, -2.5, 5e-324],
      };
      await store.writePaths('b', [{ ...syntheticRecord(0, 0), series: [odd] }]);
      expect((await store.paths('b', { series: true }))[0].series).toEqual([odd]);
    });
  });
});

describe('beginBatch, donePaths, completeBatch', () => {
  it('resumes an id with the same plan, keeping its paths and first creation time', async () => {
    await withStore(async (store) => {
      const first = await store.beginBatch(syntheticPlan('b', 2, 3));
      expect(first.resumed).toBe(false);
      expect(first.batch).toMatchObject({ status: 'running', pathsDone: 0, pathsPlanned: 6 });
      await store.writePaths('b', [syntheticRecord(0, 2), syntheticRecord(1, 1)]);
      const again = await store.beginBatch(syntheticPlan('b', 2, 3, { createdAt: '2030-01-01T00:00:00.000Z' }));
      expect(again.resumed).toBe(true);
      expect(again.batch.pathsDone).toBe(2);
      expect(again.batch.plan.createdAt).toBe('2025-01-01T00:00:00.000Z');
      const done = await store.donePaths('b');
      expect(done.size).toBe(2);
      expect([done.has(0, 2), done.has(1, 1), done.has(0, 1), done.has(1, 2), done.has(2, 2)]).toEqual([
        true,
        true,
        false,
        false,
        false,
      ]);
    });
  });

  it('refuses to resume an id with another plan and names what differs', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 2, 3));
      await expect(store.beginBatch(syntheticPlan('b', 2, 4))).rejects.toThrow(
        /different plan \(paths per cell: stored 3, given 4\)/,
      );
      await expect(store.beginBatch(syntheticPlan('b', 2, 3, { masterSeed: 8 }))).rejects.toThrow(
        /master seed: stored 7, given 8/,
      );
      await expect(store.beginBatch(syntheticPlan('b', 2, 3, { scenarioJson: '{}' }))).rejects.toThrow(UsageError);
      await expect(store.beginBatch(syntheticPlan('b', 3, 3))).rejects.toThrow(/cells: stored 2, given 3/);
    });
  });

  it('lists batches oldest first with paths done/planned and status', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('late', 1, 2, { createdAt: '2025-02-01T00:00:00.000Z', kind: 'mc' }));
      await store.beginBatch(syntheticPlan('early', 1, 1));
      await store.writePaths('early', [syntheticRecord(0, 0)]);
      await store.completeBatch('early');
      const list = await store.listBatches();
      expect(list.map((b) => [b.plan.id, b.plan.kind, b.status, b.pathsDone, b.pathsPlanned])).toEqual([
        ['early', 'sweep', 'complete', 1, 1],
        ['late', 'mc', 'running', 0, 2],
      ]);
      expect(await store.batch('missing')).toBeUndefined();
    });
  });
});

describe('cellSummaries', () => {
  it('gives per-cell mean, min and max, skipping null ratios', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 3, 4));
      await store.writePaths('b', [0, 1, 3].map((p) => syntheticRecord(0, p)).concat([syntheticRecord(1, 2)]));
      const [cell0, cell1, cell2] = await store.cellSummaries('b');
      expect(cell0.paths).toBe(3);
      // badDebtUsd = x + 0.1 for x = 0, 1, 3: mean 4/3 + 0.1, min 0.1, max 3.1.
      expect(cell0.metrics.badDebtUsd.mean).toBeCloseTo(4 / 3 + 0.1, 12);
      expect(cell0.metrics.badDebtUsd.min).toBe(0.1);
      expect(cell0.metrics.badDebtUsd.max).toBe(3.1);
      // liquidations = x mod 7: 0, 1, 3 (a BIGINT column comes back as a number).
      expect(cell0.metrics.liquidations).toEqual({ count: 3, mean: 4 / 3, min: 0, max: 3 });
      // amplification is null for even x: only x = 1, 3 count: 1.1 + x/1e5.
      expect(cell0.metrics.amplification.count).toBe(2);
      expect(cell0.metrics.amplification.mean).toBeCloseTo(1.1 + 2 / 1e5, 12);
      expect(cell1.parameters).toEqual({ 'protocols.0.liquidationBonus': 0.05 + 1 / 100 });
      expect(cell1.metrics.badDebtUsd).toEqual({ count: 1, mean: 1002.1, min: 1002.1, max: 1002.1 });
      expect(cell2).toMatchObject({ cell: 2, paths: 0 });
      expect(cell2.metrics.badDebtUsd).toEqual({ count: 0, mean: null, min: null, max: null });
    });
  });
});

describe('exportParquet', () => {
  it('writes the batch paths in (cell, path) order to the named file only, leaving no temporary file', async () => {
    await withStore(async (store) => {
      await store.beginBatch(syntheticPlan('b', 2, 2));
      await store.beginBatch(syntheticPlan('other', 1, 1));
      await store.writePaths('other', [syntheticRecord(0, 0)]);
      await store.writePaths('b', [syntheticRecord(1, 1), syntheticRecord(0, 0), syntheticRecord(1, 0)]);
      const dir = mkdtempSync(path.join(root, 'export-'));
      const file = path.join(dir, "it's.parquet");
      await store.exportParquet('b', file);
      expect(readdirSync(dir)).toEqual(["it's.parquet"]);
      const reader = await DuckDBInstance.create(':memory:');
      const connection = await reader.connect();
      const rows = (
        await connection.runAndReadAll(
          'SELECT batch_id, cell, path, "badDebtUsd", "amplification" FROM read_parquet($1)',
          [file],
        )
      ).getRowObjectsJS();
      connection.closeSync();
      reader.closeSync();
      expect(rows).toEqual([
        { batch_id: 'b', cell: 0, path: 0, badDebtUsd: 0.1, amplification: null },
        { batch_id: 'b', cell: 1, path: 0, badDebtUsd: 1000.1, amplification: null },
        { batch_id: 'b', cell: 1, path: 1, badDebtUsd: 1001.1, amplification: 1.1 + 1001 / 1e5 },
      ]);
      const missingDir = path.join(dir, 'no-such-dir', 'x.parquet');
      await expect(store.exportParquet('b', missingDir)).rejects.toThrow(
        `--parquet ${missingDir}: cannot write the Parquet file: no such file or directory (ENOENT)`,
      );
      // A file name longer than the 255 bytes a Linux directory entry holds: one line naming the path and reason.
      const longName = path.join(dir, `${'x'.repeat(300)}.parquet`);
      await expect(store.exportParquet('b', longName)).rejects.toThrow(
        `--parquet ${longName}: cannot write the Parquet file: file name too long (ENAMETOOLONG)`,
      );
      expect(readdirSync(dir)).toEqual(["it's.parquet"]);
    });
  });
});

describe('openStore', () => {
  it('read-only: refuses a missing file without creating it, and reads a closed store', async () => {
    const file = freshFile();
    await expect(openStore(file, { readOnly: true })).rejects.toThrow(/no results store there/);
    expect(existsSync(file)).toBe(false);
    const writer = await openStore(file);
    await writer.beginBatch(syntheticPlan('b', 1, 1));
    await writer.writePaths('b', [syntheticRecord(0, 0)]);
    await writer.close();
    const reader = await openStore(file, { readOnly: true });
    expect((await reader.paths('b')).length).toBe(1);
    await expect(reader.beginBatch(syntheticPlan('c', 1, 1))).rejects.toThrow(/read-only/i);
    await reader.close();
  });

  it('refuses a store whose paths table lacks a metric column (written before the metric existed)', async () => {
    const file = freshFile();
    await (await openStore(file)).close();
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('ALTER TABLE paths DROP COLUMN "pausedBlocks"');
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();
    await expect(openStore(file)).rejects.toThrow(/older Cascade \(no column for pausedBlocks\)/);
  });

  it('refuses a DuckDB file that is not a results store', async () => {
    const file = freshFile();
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE batches (x INTEGER)');
    connection.closeSync();
    instance.closeSync();
    await expect(openStore(file, { readOnly: true })).rejects.toThrow(/not a Cascade results store/);
  });
});

describe('storeRun', () => {
  const result = {
    scenario: 'eth-crash',
    seed: 42,
    blocks: 300,
    blockTimeSeconds: 12,
    metrics: syntheticMetrics(0, 5),
    series: [],
    health: { edges: [], before: [], after: [] },
    events: [],
  } as RunResult;

  it('stores one run as a complete batch of kind run with one path; storing it again adds nothing', async () => {
    await withStore(async (store) => {
      const first = await storeRun(store, { scenarioFile: 'a.yaml', scenarioJson: '{"name":"eth-crash"}', result });
      expect(first).toEqual({ id: runBatchId('{"name":"eth-crash"}', 42), added: true });
      expect(first.id).toMatch(/^run-[0-9a-f]{12}$/);
      const second = await storeRun(store, { scenarioFile: 'a.yaml', scenarioJson: '{"name":"eth-crash"}', result });
      expect(second.added).toBe(false);
      const batch = await store.batch(first.id);
      expect(batch).toMatchObject({
        status: 'complete',
        pathsDone: 1,
        pathsPlanned: 1,
        plan: { kind: 'run', masterSeed: 42, paths: 1, cells: [{ cell: 0, parameters: {} }] },
      });
      expect((await store.paths(first.id))[0]).toEqual({
        cell: 0,
        path: 0,
        seed: 42,
        parameters: {},
        metrics: syntheticMetrics(0, 5),
      });
      expect(runBatchId('{"name":"eth-crash"}', 43)).not.toBe(first.id);
    });
  });
});
