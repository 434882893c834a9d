import { describe, expect, it } from 'vitest';
import { batchDetailTable, batchListTable, parametersText } from './batch-text.js';
import { LIST_METRIC_NAMES, SCALAR_METRIC_NAMES, type ScalarMetricName } from './metric-columns.js';
import { syntheticMetrics, syntheticPlan } from './synthetic.test-helper.js';
import type { CellSummary, MetricStats, StoredBatch } from './types.js';

const running: StoredBatch = {
  plan: syntheticPlan('mc-long-name', 2, 3, { kind: 'mc' }),
  status: 'running',
  pathsDone: 4,
  pathsFailed: 0,
  pathsPlanned: 6,
};
const done: StoredBatch = {
  plan: syntheticPlan('r', 1, 1, { kind: 'run', scenario: 'x', createdAt: '2025-02-01T00:00:00.000Z' }),
  status: 'complete',
  pathsDone: 1,
  pathsFailed: 0,
  pathsPlanned: 1,
};

describe('metric columns', () => {
  it('cover every RunMetrics field exactly once (checked against a hand-written RunMetrics)', () => {
    const fields = Object.keys(syntheticMetrics(0, 0)).sort();
    expect([...SCALAR_METRIC_NAMES, ...LIST_METRIC_NAMES].sort()).toEqual(fields);
    expect(new Set(SCALAR_METRIC_NAMES).size).toBe(SCALAR_METRIC_NAMES.length);
  });
});

describe('batchListTable', () => {
  it('aligns id, kind, scenario, done/planned (right-aligned), status and creation time', () => {
    expect(batchListTable([running, done], 'db')).toBe(
      [
        'ID            KIND  SCENARIO   PATHS  STATUS    CREATED',
        'mc-long-name  mc    synthetic    4/6  running   2025-01-01T00:00:00.000Z',
        'r             run   x            1/1  complete  2025-02-01T00:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('says so when the store is empty', () => {
    expect(batchListTable([], 'cascade.duckdb')).toBe('No batches stored in cascade.duckdb.\n');
  });
});

describe('batchDetailTable', () => {
  const stats = (mean: number | null, min: number | null, max: number | null, count = 3): MetricStats => ({
    count,
    mean,
    min,
    max,
  });
  const metrics = Object.fromEntries(SCALAR_METRIC_NAMES.map((name) => [name, stats(1, 1, 1)])) as Record<
    ScalarMetricName,
    MetricStats
  >;
  const cells: CellSummary[] = [
    {
      cell: 0,
      parameters: { 'protocols.0.liquidationBonus': 0.05 },
      paths: 3,
      metrics: {
        ...metrics,
        badDebtUsd: stats(1234.5, 0, 3000.125),
        externalDrawdown: stats(0.2, 0.1, 0.35),
        liquidations: stats(4 / 3, 0, 3),
        amplification: stats(null, null, null, 0),
      },
    },
    { cell: 1, parameters: {}, paths: 0, metrics },
  ];
  const text = batchDetailTable(running, cells);

  it('prints the plan first', () => {
    expect(text.split('\n').slice(0, 7)).toEqual([
      'Batch        mc-long-name',
      'Kind         mc',
      'Status       running',
      'Scenario     synthetic (scenarios/synthetic.yaml)',
      'Master seed  7',
      'Paths        4 of 6 (3 per cell × 2 cells)',
      'Created      2025-01-01T00:00:00.000Z',
    ]);
  });

  it('formats each metric in its unit: USD with 2 decimals, fractions as %, count means with 2 decimals, null as n/a', () => {
    const line = (name: string) =>
      text
        .split('\n')
        .find((l) => l.trimStart().startsWith(`${name} [`))
        ?.trim()
        .split(/\s{2,}/);
    expect(line('badDebtUsd')).toEqual(['badDebtUsd [USD]', '1,234.50', '0.00', '3,000.13']);
    expect(line('externalDrawdown')).toEqual(['externalDrawdown [%]', '20.00%', '10.00%', '35.00%']);
    expect(line('liquidations')).toEqual(['liquidations [count]', '1.33', '0', '3']);
    expect(line('amplification')).toEqual(['amplification [ratio]', 'n/a', 'n/a', 'n/a']);
  });

  it('titles each cell with its parameters and path count; an empty cell has no metric rows', () => {
    expect(text).toContain('Cell 0: protocols.0.liquidationBonus=0.05 (3 paths)\n  Metric');
    expect(text.endsWith('Cell 1: (no parameters) (0 paths)\n')).toBe(true);
    expect(parametersText({ a: 1, b: 'x', c: true })).toBe('a=1, b=x, c=true');
  });
});

describe('interrupted and partial batches', () => {
  const owner = {
    pid: 4242,
    host: 'host-a',
    processStart: '99',
    command: 'node cascade mc',
    startedAt: '2025-01-01T00:00:00.000Z',
    heartbeatAt: '2025-01-01T00:01:00.000Z',
  };
  const interrupted: StoredBatch = { ...running, status: 'interrupted', owner };

  it('runs explains the interrupted status under the table, and only when a batch has it', () => {
    const text = batchListTable([interrupted, done], 'db');
    expect(text.split('\n')[1].split(/\s+/)[4]).toBe('interrupted');
    expect(
      text.endsWith(
        '\ninterrupted: the process writing the batch ended before it completed; rerun the same command to resume it.\n',
      ),
    ).toBe(true);
    expect(batchListTable([done], 'db')).not.toContain('interrupted');
  });

  it('show names the owner and says the statistics cover only the stored paths; a complete batch says neither', () => {
    const text = batchDetailTable(interrupted, []);
    expect(text).toContain(
      'Owner        process 4242 on host-a, last heartbeat 2025-01-01T00:01:00.000Z (no longer running; the same command resumes the batch)\n',
    );
    expect(text).toContain(
      'Partial: the batch is interrupted; the statistics below cover only the 4 paths stored so far.',
    );
    const complete = batchDetailTable({ ...done, owner }, []);
    expect(complete).not.toContain('Owner');
    expect(complete).not.toContain('Partial');
  });
});
