import { describe, expect, it } from 'vitest';
import { statusText } from './status.js';

describe('statusText', () => {
  it('prints one row per batch with its job counts, then each failed chunk with the first line of its reason', () => {
    const text = statusText({
      url: 'redis://127.0.0.1:6379',
      workers: 2,
      runs: [
        {
          run: 'mc-1',
          paths: 100,
          waiting: 3,
          active: 2,
          completed: 1,
          failed: 1,
          uncollected: 4,
          failures: [{ job: 'mc-1~16~0~2', reason: 'book file missing\nat line 2' }],
        },
        { run: 'sweep-2', waiting: 0, active: 0, completed: 7, failed: 0, uncollected: 0, failures: [] },
      ],
      failuresNotListed: 0,
    });
    expect(text.split('\n')).toEqual([
      'Queue cascade-chunks on redis://127.0.0.1:6379: 2 worker connection(s); counts are chunk jobs',
      '',
      'Batch    Paths  Waiting  Active  Completed  Failed  To collect',
      'mc-1     100    3        2       1          1       4',
      'sweep-2  ?      0        0       7          0       0',
      '  failed chunk mc-1~16~0~2: book file missing',
      '',
    ]);
  });

  it('says so when no batch is on the queue', () => {
    expect(statusText({ url: 'redis://h:1', workers: 0, runs: [], failuresNotListed: 0 })).toContain(
      'no batches on the queue',
    );
  });

  it('counts the failed chunks whose reasons are not listed', () => {
    const text = statusText({ url: 'redis://h:1', workers: 0, runs: [], failuresNotListed: 5 });
    expect(text).toContain('  5 more failed chunk(s) not listed (the first 20 are)');
  });
});
