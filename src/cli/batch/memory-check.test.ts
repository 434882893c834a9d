import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CascadeError } from '../../kernel/errors.js';
import { loadScenario } from '../../scenario/load.js';
import type { BatchPlan } from '../../analysis/batch/types.js';
import { checkBatchMemory, checkWorkerMemory } from './memory-check.js';

const loaded = loadScenario('scenarios/thin-pool-shock.yaml');
const [lend] = loaded.scenario.protocols;
if (lend.type !== 'lending' || !('count' in lend.borrowers) || lend.borrowers.count !== 10_000)
  throw new Error('thin-pool-shock.yaml changed: this test assumes one lending protocol of 10,000 generated borrowers');

function plan(paths: number, cells: BatchPlan['cells'] = [{ cell: 0, parameters: {} }]): BatchPlan {
  return {
    id: 'mc-test',
    kind: cells.length > 1 ? 'sweep' : 'mc',
    scenario: loaded.scenario.name,
    scenarioFile: 'scenarios/thin-pool-shock.yaml',
    scenarioJson: JSON.stringify(loaded.scenario),
    masterSeed: 1,
    paths,
    cells,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

// One world: 10,000 accounts × 160 bytes = 1,600,000 bytes. A machine of 8,000,000 bytes allows half, 4,000,000: two
// worlds fit (3,200,000), three do not (4,800,000).
const machine = 8_000_000;

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CascadeError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('checkBatchMemory: one world per worker thread', () => {
  it('passes as many threads as fit', () => {
    expect(() => checkBatchMemory(plan(10), 2, machine)).not.toThrow();
  });

  it('refuses one thread more, with the estimate per world and in all, the limit and the threads that fit', () => {
    const message = messageOf(() => checkBatchMemory(plan(10), 3, machine));
    expect(message).toContain('--workers 3: each worker thread builds its own world of 10,000 generated accounts');
    expect(message).toContain('about 1,600,000 bytes (1.5 MiB) (160 bytes each)');
    expect(message).toContain('3 threads at once need about 4,800,000 bytes');
    expect(message).toContain("the limit of 50% of this machine's memory, 4,000,000 bytes");
    expect(message).toContain('run with --workers 2 or fewer');
    expect(message).toContain('protocols.0.borrowers.count: 10,000');
  });

  it('counts only the threads the paths can keep busy', () => {
    // 2 paths: at most 2 threads run at once, whatever --workers says.
    expect(() => checkBatchMemory(plan(2), 3, machine)).not.toThrow();
  });

  it("uses the largest cell's world: a sweep that raises a count", () => {
    const cells = [
      { cell: 0, parameters: { 'protocols.0.borrowers.count': 10_000 } },
      // 30,000 × 160 = 4,800,000 bytes: over the 4,000,000 limit alone.
      { cell: 1, parameters: { 'protocols.0.borrowers.count': 30_000 } },
    ];
    const message = messageOf(() => checkBatchMemory(plan(1, cells), 1, machine));
    expect(message).toContain('30,000 generated accounts (cell 1)');
    expect(message).toContain('lower the account counts: one world alone does not fit');
  });
});

describe('checkWorkerMemory: a cascade worker refuses a batch its threads cannot hold', () => {
  const context = { scenarioJson: plan(1).scenarioJson, cells: plan(1).cells };

  it('passes as many threads as fit on the worker machine', () => {
    expect(() => checkWorkerMemory(context, 2, machine)).not.toThrow();
  });

  it('refuses one thread more, naming --concurrency, the worker machine and the threads that fit', () => {
    const message = messageOf(() => checkWorkerMemory(context, 3, machine));
    expect(message).toContain('cascade worker --concurrency 3: each worker thread builds its own world of 10,000');
    expect(message).toContain('3 threads at once need about 4,800,000 bytes');
    expect(message).toContain(`the limit of 50% of the memory of this worker's machine (${hostname()}), 4,000,000`);
    expect(message).toContain('run with cascade worker --concurrency 2 or fewer');
  });
});
