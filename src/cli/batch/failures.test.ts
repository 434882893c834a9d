import { describe, expect, it } from 'vitest';
import type { StoredFailure } from '../../store/index.js';
import { failureNote, failuresJson, MAX_JSON_FAILURES, MAX_LISTED_FAILURES, rerunCommand } from './failures.js';

const failure = (path: number, message = 'quoteIn must be a finite number ≥ 0, got -3.7e-9'): StoredFailure => ({
  cell: 1,
  path,
  seed: 1000 + path,
  parameters: { 'protocols.0.liquidationBonus': 0.1, 'oracles.0.kind': 'spot' },
  name: 'InvariantError',
  message,
});
const context = {
  scenarioFile: 'scenarios/cdp-stablecoin.yaml',
  sets: ['protocols.0.liquidationRule={type: aave-v3.3}'],
  planned: 200,
  finished: 150,
  db: 'cascade.duckdb',
  batchId: 'sweep-1',
};

describe('rerunCommand', () => {
  it("repeats the batch's --set values, then the cell's, at the path's seed, quoted for a POSIX shell", () => {
    expect(rerunCommand(failure(3), context)).toBe(
      "cascade run scenarios/cdp-stablecoin.yaml --seed 1003 --set 'protocols.0.liquidationRule={type: aave-v3.3}' " +
        '--set protocols.0.liquidationBonus=0.1 --set \'oracles.0.kind="spot"\' --no-store',
    );
    expect(rerunCommand(failure(0), { scenarioFile: "it's.yaml", sets: [] })).toBe(
      "cascade run 'it'\\''s.yaml' --seed 1000 --set protocols.0.liquidationBonus=0.1 --set 'oracles.0.kind=\"spot\"' --no-store",
    );
  });
});

describe('failureNote', () => {
  it('is empty when no path failed', () => {
    expect(failureNote([], context)).toBe('');
  });

  it('counts the failures, says what the estimates are over, and lists the first ten with error and command', () => {
    const failures = Array.from({ length: 12 }, (_, k) =>
      failure(k, k === 0 ? `${'x'.repeat(300)}\nsecond line` : undefined),
    );
    const lines = failureNote(failures, context).trimEnd().split('\n');
    expect(lines[0]).toBe(
      '12 of 200 paths failed (threw an error) and are left out: every estimate is over the 150 that finished. ' +
        "All are in cascade.duckdb, table failed_paths, batch_id 'sweep-1'. Re-run one alone to see it:",
    );
    expect(lines).toHaveLength(1 + 2 * MAX_LISTED_FAILURES + 1);
    // The error is one line of at most 200 characters.
    expect(lines[1]).toBe(
      `  cell 1, path 0, seed 1000: InvariantError: ${'x'.repeat(199 - 'InvariantError: '.length)}…`,
    );
    expect(lines[2]).toBe(`    ${rerunCommand(failures[0], context)}`);
    expect(lines[3]).toBe(
      '  cell 1, path 1, seed 1001: InvariantError: quoteIn must be a finite number ≥ 0, got -3.7e-9',
    );
    expect(lines.at(-1)).toBe('  … and 2 more');
  });
});

describe('failuresJson', () => {
  it('gives the count and up to 100 failures with their re-run commands', () => {
    const failures = Array.from({ length: MAX_JSON_FAILURES + 5 }, (_, k) => failure(k));
    const json = failuresJson(failures, context) as {
      count: number;
      paths: { seed: number; command: string }[];
      more: number;
    };
    expect(json.count).toBe(105);
    expect(json.paths).toHaveLength(100);
    expect(json.more).toBe(5);
    expect(json.paths[7]).toMatchObject({ seed: 1007, command: rerunCommand(failures[7], context) });
    expect(failuresJson([failure(1)], context)).not.toHaveProperty('more');
  });
});
