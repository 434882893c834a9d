import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../kernel/errors.js';
import { parseScenario } from './load.js';
import {
  accountMemoryProblem,
  BYTES_PER_ACCOUNT,
  checkAccountMemory,
  generatedAccounts,
  MEMORY_SHARE,
} from './memory.js';

const shipped = parseScenario(
  readFileSync(new URL('../../scenarios/gbm-day.yaml', import.meta.url), 'utf8'),
  'gbm-day.yaml',
);

/** gbm-day with its lending protocol repeated `protocols` times, each with `count` borrowers. */
function withBooks(protocols: number, count: number) {
  const [lend] = shipped.protocols;
  if (lend.type !== 'lending' || !('count' in lend.borrowers)) throw new Error('gbm-day changed');
  const copies = Array.from({ length: protocols }, (_, i) => ({
    ...lend,
    id: `lend${i}`,
    borrowers: { ...lend.borrowers, count: i === 2 ? count * 2 : count },
  }));
  return { ...shipped, protocols: copies };
}

const GiB = 1024 ** 3;

describe('the memory estimate of generated accounts', () => {
  it('counts every generated population with its field', () => {
    expect(generatedAccounts(withBooks(3, 10))).toEqual([
      { field: 'protocols.0.borrowers.count', count: 10 },
      { field: 'protocols.1.borrowers.count', count: 10 },
      { field: 'protocols.2.borrowers.count', count: 20 },
    ]);
  });

  it('passes a book that fits in the share of memory allowed', () => {
    // 4 protocols of 1M (one of 2M): 5M accounts × 160 bytes = 0.8 GB ≤ half of 2 GiB.
    expect(accountMemoryProblem(withBooks(4, 1_000_000), 2 * GiB)).toBeUndefined();
  });

  it('refuses 8 protocols × 50M borrowers with the estimate, the limit and the largest count', () => {
    const machine = 16 * GiB;
    const scenario = withBooks(8, 50_000_000);
    const accounts = 9 * 50_000_000; // protocol 2 has twice the count
    expect(BYTES_PER_ACCOUNT).toBe(160);
    expect(MEMORY_SHARE).toBe(0.5);
    const problem = accountMemoryProblem(scenario, machine);
    expect(problem?.path).toEqual(['protocols', 2, 'borrowers', 'count']);
    // 450M × 160 = 72,000,000,000 bytes = 67.1 GiB; the limit is 8 GiB = 8,589,934,592 bytes.
    expect(problem?.message).toBe(
      `${accounts.toLocaleString('en-US')} generated accounts in 8 protocol(s) need about 72,000,000,000 bytes ` +
        "(67.1 GiB) (160 bytes each); the limit is 50% of this machine's memory, 8,589,934,592 bytes (8.0 GiB): " +
        'lower the account counts (this is the largest, 100,000,000)',
    );
    expect(() => checkAccountMemory(scenario, machine)).toThrow(ScenarioError);
    expect(() => checkAccountMemory(scenario, machine)).toThrow(/^protocols\.2\.borrowers\.count: /);
  });
});
