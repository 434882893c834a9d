// The path threads' entry called directly, as a `cascade worker` standby thread runs it: no workerData, the context
// carried by each chunk message.
import { describe, expect, it } from 'vitest';
import runPathChunk from './path-worker.js';
import { directRun, smallPlan } from './batch.test-helper.js';
import type { PathRunContext } from './path-runner.js';

const { plan, baseDir } = smallPlan(2);
const context: PathRunContext = {
  scenarioJson: plan.scenarioJson,
  scenarioFile: plan.scenarioFile,
  baseDir,
  masterSeed: plan.masterSeed,
  cells: plan.cells,
  seriesPoints: 0,
};

describe('runPathChunk (a thread started without a context)', () => {
  it('answers "ready" with an empty result, running nothing', async () => {
    expect(await runPathChunk('ready')).toEqual({ records: [], failures: [] });
  });

  it('runs the tasks of a chunk that carries its context, each path as its direct single run', async () => {
    const tasks = [
      { cell: 1, path: 0 },
      { cell: 0, path: 1 },
    ];
    const { records, failures } = await runPathChunk({ hash: 'context-a', context, tasks });
    expect(failures).toEqual([]);
    expect(records.map((r) => [r.cell, r.path])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    for (const record of records) expect(record.metrics).toEqual(directRun(record.cell, record.path).metrics);
  }, 60_000);

  it('refuses a chunk of another context once bound, naming both', async () => {
    await expect(runPathChunk({ hash: 'context-b', context, tasks: [{ cell: 0, path: 0 }] })).rejects.toThrow(
      'this path thread runs context context-a, not context-b',
    );
  });
});
