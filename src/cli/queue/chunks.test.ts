import { describe, expect, it } from 'vitest';
import type { BatchCell } from '../../analysis/batch/types.js';
import { chunkPlan, defaultChunkSize, runOfJobId } from './chunks.js';
import { parseQueueUrl } from './url.js';

describe('chunkPlan', () => {
  it('cuts each cell into runs of the chunk size, the last one shorter, covering every path once', () => {
    const plan = {
      id: 'sweep-1',
      paths: 5,
      cells: [
        { cell: 0, parameters: {} },
        { cell: 3, parameters: { 'protocols.0.ltv': 0.7 } },
      ] as BatchCell[],
    };
    const chunks = chunkPlan(plan, 2);
    // ceil(5 / 2) = 3 chunks per cell: paths 0–1, 2–3, 4.
    expect(chunks.map((c) => [c.id, c.first, c.last])).toEqual([
      ['sweep-1~2~0~0', 0, 1],
      ['sweep-1~2~0~1', 2, 3],
      ['sweep-1~2~0~2', 4, 4],
      ['sweep-1~2~3~0', 0, 1],
      ['sweep-1~2~3~1', 2, 3],
      ['sweep-1~2~3~2', 4, 4],
    ]);
    const keys = chunks.flatMap((c) => c.tasks.map((t) => `${t.cell}:${t.path}`));
    expect(new Set(keys).size).toBe(10);
    expect(chunks.every((c) => c.id.split('~').length === 4 && !c.id.includes(':'))).toBe(true);
  });

  it('defaults to paths ÷ 64 rounded up, between 1 and 16 paths a chunk', () => {
    expect(defaultChunkSize(1)).toBe(1);
    expect(defaultChunkSize(64)).toBe(1);
    expect(defaultChunkSize(65)).toBe(2); // ⌈65 / 64⌉
    expect(defaultChunkSize(200)).toBe(4); // ⌈200 / 64⌉ = ⌈3.125⌉
    expect(defaultChunkSize(10_000)).toBe(16); // ⌈156.25⌉ capped at 16
  });

  it('names the batch of a chunk job id, and nothing for other ids', () => {
    expect(runOfJobId('mc-abc.1~16~0~3')).toBe('mc-abc.1');
    expect(runOfJobId('repeat:1')).toBeUndefined();
    expect(runOfJobId(undefined)).toBeUndefined();
  });
});

describe('parseQueueUrl', () => {
  it('accepts redis:// and rediss:// URLs with a host', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(parseQueueUrl('rediss://user:pw@redis.example:6380/2')).toBe('rediss://user:pw@redis.example:6380/2');
  });

  it('refuses anything else with a message naming the flag and the form', () => {
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://', 'redis://host:6379/x'])
      expect(() => parseQueueUrl(bad)).toThrow(/--queue: expected a Redis URL such as redis:\/\/127\.0\.0\.1:6379/);
  });
});
