/**
 * Per-path liquidation-risk reports in the results store: written with their path, read back as written, never
 * duplicated, and a store file from before the table opens (read-write: the table is added; read-only: no reports).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiquidationRiskReport } from '../analysis/result.js';
import { openStore } from './open-store.js';
import { LIQUIDATION_RISK_TABLE } from './liquidation-risk-table.js';
import { syntheticPlan, syntheticRecord } from './synthetic.test-helper.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-risk-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A report whose numbers name its path, so a mix-up between paths shows. */
function report(path: number): LiquidationRiskReport {
  const bucket = { accounts: 10 + path, liquidated: path, weightUsd: 1000.5 * path, liquidatedWeightUsd: 0.25 * path };
  return {
    curve: { edges: [1, 2], lending: [bucket, bucket, bucket] },
    recovery: {
      status: 'cleared',
      firstLiquidationBlock: path,
      lastLiquidationBlock: path + 3,
      baselineAtRiskDebtUsd: 0,
      peakAtRiskDebtUsd: 1.5,
      clearedBlock: path + 1,
      blocksToClear: 1,
      minutesToClear: 0.2,
      recoveredBlock: null,
      blocksToRecovery: null,
      minutesToRecovery: null,
      oracleTolerance: 0.02,
      debtTolerance: 0.001,
    },
    saturation: {
      saturatedBlocks: path,
      firstSaturatedBlock: null,
      longestSaturatedRunBlocks: 0,
      peakSaturatedBacklogUsd: 0,
      backlogBlocks: 0,
      longestBacklogRunBlocks: 0,
      peakBacklogUsd: 0,
      peakDemandUsd: 0,
    },
  };
}

describe('path_liquidation_risk', () => {
  it('stores each path report with its path and reads it back as written, once', async () => {
    const store = await openStore(path.join(root, 'a.duckdb'));
    try {
      await store.beginBatch(syntheticPlan('b', 1, 3));
      const records = [0, 1].map((p) => ({ ...syntheticRecord(0, p), liquidationRisk: report(p) }));
      const without = syntheticRecord(0, 2);
      expect(await store.writePaths('b', [...records, without])).toBe(3);
      // Written again: nothing new, nothing doubled.
      expect(await store.writePaths('b', records)).toBe(0);
      const read = await store.paths('b');
      expect(read.map((r) => r.liquidationRisk)).toEqual([report(0), report(1), undefined]);
    } finally {
      await store.close();
    }
  });

  it('opens a store file written before the table: read-only without reports, read-write adding the table', async () => {
    const file = path.join(root, 'old.duckdb');
    const store = await openStore(file);
    await store.beginBatch(syntheticPlan('old', 1, 1));
    await store.writePaths('old', [{ ...syntheticRecord(0, 0), liquidationRisk: report(0) }]);
    await store.close();
    // Make it an older file: no table.
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(`DROP TABLE ${LIQUIDATION_RISK_TABLE}`);
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();

    const reader = await openStore(file, { readOnly: true });
    expect((await reader.paths('old')).map((r) => r.liquidationRisk)).toEqual([undefined]);
    await reader.close();
    const writer = await openStore(file);
    try {
      expect((await writer.paths('old')).map((r) => r.liquidationRisk)).toEqual([undefined]);
      await writer.beginBatch(syntheticPlan('new', 1, 1));
      await writer.writePaths('new', [{ ...syntheticRecord(0, 0), liquidationRisk: report(4) }]);
      expect((await writer.paths('new'))[0].liquidationRisk).toEqual(report(4));
    } finally {
      await writer.close();
    }
  });
});
