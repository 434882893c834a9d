/**
 * `cascade queue status` on a real Redis holding more chunk jobs than one page of ids: every job is counted under its
 * batch, and only the first failed chunks' reasons are read and listed, the rest counted.
 */
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueConnection, QUEUE_NAME } from '../src/cli/queue/connection.js';
import { ID_PAGE, MAX_FAILURES_LISTED } from '../src/cli/queue/status.js';
import { runCli } from './helpers/cli.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Chunk job ids as the coordinator names them: `RUN~CHUNKSIZE~CELL~INDEX`. */
const ids = (run: string, n: number) => Array.from({ length: n }, (_, i) => `${run}~16~0~${i}`);

interface StatusJson {
  runs: { run: string; waiting: number; failed: number; failures: { job: string; reason: string }[] }[];
  failuresNotListed: number;
}

describe('cascade queue status', () => {
  it('counts every job across pages and lists only the first failed chunks', async () => {
    const connection = queueConnection(redis.url);
    const queue = new Queue(QUEUE_NAME, { connection });
    // 25 failed chunks of batch mc-f: a worker that throws on each, closed once all have failed.
    const failing = 25;
    await queue.addBulk(ids('mc-f', failing).map((jobId) => ({ name: 'chunk', data: {}, opts: { jobId } })));
    const worker = new Worker(
      QUEUE_NAME,
      (job) => {
        throw new Error(`chunk ${job.id} broke`);
      },
      { connection, concurrency: 5 },
    );
    while ((await queue.getFailedCount()) < failing) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.close();
    // Then more waiting chunks than one page of ids: 1,500 of mc-a and 700 of mc-b (2,200 > ID_PAGE = 1,000).
    expect(ID_PAGE).toBe(1000);
    for (const [run, n] of [
      ['mc-a', 1500],
      ['mc-b', 700],
    ] as const)
      await queue.addBulk(ids(run, n).map((jobId) => ({ name: 'chunk', data: {}, opts: { jobId } })));
    await queue.close();

    const result = runCli(['queue', 'status', '--queue', redis.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout) as StatusJson;
    const byRun = new Map(status.runs.map((r) => [r.run, r]));
    expect([...byRun.keys()]).toEqual(['mc-a', 'mc-b', 'mc-f']);
    expect(byRun.get('mc-a')).toMatchObject({ waiting: 1500, failed: 0 });
    expect(byRun.get('mc-b')).toMatchObject({ waiting: 700, failed: 0 });
    expect(byRun.get('mc-f')).toMatchObject({ waiting: 0, failed: 25 });
    expect(MAX_FAILURES_LISTED).toBe(20);
    // 25 failed: 20 listed with their reasons, 5 counted.
    const failures = byRun.get('mc-f')?.failures ?? [];
    expect(failures).toHaveLength(20);
    for (const f of failures) expect(f.reason).toBe(`chunk ${f.job} broke`);
    expect(status.failuresNotListed).toBe(5);

    const text = runCli(['queue', 'status', '--queue', redis.url]);
    expect(text.stdout).toContain('5 more failed chunk(s) not listed (the first 20 are)');
  }, 120_000);
});
