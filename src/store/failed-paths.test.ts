/**
 * Failed paths in the results store: written with their seed and error, skipped when already stored, counted as done
 * for resuming and shown in the batch counts; an older store file without the table still opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { InvariantError } from '../kernel/errors.js';
import { batchListTable } from './batch-text.js';
import { createTableStatements } from './schema.js';
import { openStore } from './open-store.js';
import { syntheticPlan, syntheticRecord } from './synthetic.test-helper.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-failed-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(root, `store-${++files}.duckdb`);

const failure = (cell: number, path: number) => ({
  cell,
  path,
  seed: 7000 + 10 * cell + path,
  name: 'InvariantError',
  message: `boom ${cell}:${path}`,
});

describe('failed paths in the store', () => {
  it('are stored with seed, cell parameters and error, once each, never over a finished path', async () => {
    const store = await openStore(freshFile());
    try {
      const plan = syntheticPlan('b', 2, 3);
      await store.beginBatch(plan);
      await store.writePaths('b', [syntheticRecord(0, 0)]);
      // (0, 0) finished already; (1, 2) is given twice.
      expect(await store.writeFailures('b', [failure(0, 0), failure(1, 2), failure(0, 1), failure(1, 2)])).toBe(2);
      expect(await store.writeFailures('b', [failure(0, 1)])).toBe(0);
      expect(await store.failedPaths('b')).toEqual([
        { ...failure(0, 1), parameters: plan.cells[0].parameters },
        { ...failure(1, 2), parameters: plan.cells[1].parameters },
      ]);
      await expect(store.writeFailures('b', [failure(2, 0)])).rejects.toThrow(InvariantError);
      await expect(store.writeFailures('b', [failure(0, 3)])).rejects.toThrow(/has no cell 0 path 3/);
    } finally {
      await store.close();
    }
  });

  it('count as done for a resume, and in the batch counts and the runs table', async () => {
    const store = await openStore(freshFile());
    try {
      await store.beginBatch(syntheticPlan('b', 1, 4));
      await store.writePaths('b', [syntheticRecord(0, 0), syntheticRecord(0, 2)]);
      await store.writeFailures('b', [failure(0, 3)]);
      const done = await store.donePaths('b');
      expect([0, 1, 2, 3].map((p) => done.has(0, p))).toEqual([true, false, true, true]);
      expect(done.size).toBe(3);
      const batch = await store.batch('b');
      expect(batch).toMatchObject({ pathsDone: 2, pathsFailed: 1, pathsPlanned: 4 });
      const [listed] = await store.listBatches();
      expect(listed.pathsFailed).toBe(1);
      expect(batchListTable([listed], 'db').split('\n')[1]).toContain('2/4 (1 failed)');
    } finally {
      await store.close();
    }
  });

  it('an older store file without the table opens read-only with no failures, and gains the table when opened to write', async () => {
    const file = freshFile();
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    for (const sql of createTableStatements().filter((s) => !s.includes('failed_paths'))) await connection.run(sql);
    await connection.run(
      `INSERT INTO batches VALUES ('old', 'mc', 's', 's.yaml', '{}', 1, 2, '[{"cell":0,"parameters":{}}]', '2025-01-01T00:00:00.000Z', 'complete')`,
    );
    connection.closeSync();
    instance.closeSync();
    const reader = await openStore(file, { readOnly: true });
    try {
      expect(await reader.batch('old')).toMatchObject({ pathsDone: 0, pathsFailed: 0 });
      expect(await reader.failedPaths('old')).toEqual([]);
      expect((await reader.donePaths('old')).size).toBe(0);
    } finally {
      await reader.close();
    }
    const writer = await openStore(file);
    try {
      expect(await writer.writeFailures('old', [failure(0, 1)])).toBe(1);
      expect((await writer.batch('old'))?.pathsFailed).toBe(1);
    } finally {
      await writer.close();
    }
  });
});
