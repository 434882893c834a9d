/**
 * `cascade queue status`: the chunk jobs on the queue per batch (waiting, active, completed, failed), the results
 * waiting to be collected, and the workers connected.
 */
import { Queue, type JobType } from 'bullmq';
import { CascadeError } from '../../kernel/errors.js';
import { queueConnection, connectRedis, manifestKey, QUEUE_NAME, resultsKey } from './connection.js';
import { displayUrl } from './url.js';
import { runOfJobId } from './chunks.js';
import type { ChunkJobData, RunManifest } from './protocol.js';

/** Job counts of one batch. */
export interface RunQueueStatus {
  run: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  /** Finished chunks pushed by workers and not yet stored by a collector. */
  uncollected: number;
  /** Paths of the batch (cells × paths per cell), when its manifest is still in Redis. */
  paths?: number;
  /** Failed chunks: job id and BullMQ's reason, the first {@link MAX_FAILURES_LISTED} of the queue. */
  failures: { job: string; reason: string }[];
}

/** The whole queue. */
export interface QueueStatus {
  url: string;
  workers: number;
  runs: RunQueueStatus[];
  /** Failed chunks of the queue whose reason is not listed (beyond the first {@link MAX_FAILURES_LISTED}). */
  failuresNotListed: number;
}

/** Job ids read per Redis call: the status holds at most this many ids at a time, never the jobs themselves. */
export const ID_PAGE = 1000;

/** Failed chunks whose job (and reason) the status reads, over the whole queue; the others are counted only. */
export const MAX_FAILURES_LISTED = 20;

const STATES: { state: JobType; field: 'waiting' | 'active' | 'completed' | 'failed' }[] = [
  { state: 'waiting', field: 'waiting' },
  { state: 'prioritized', field: 'waiting' },
  { state: 'delayed', field: 'waiting' },
  { state: 'active', field: 'active' },
  { state: 'completed', field: 'completed' },
  { state: 'failed', field: 'failed' },
];

/**
 * Reads the queue at `url`: the retained chunk jobs counted by batch and state, in batch-id order. Only job ids are
 * read, {@link ID_PAGE} at a time (a state's count first, then its ids page by page), and the jobs themselves only for
 * the first {@link MAX_FAILURES_LISTED} failed chunks, whose reasons are listed: a queue of millions of jobs is read
 * in bounded memory, without loading their data.
 *
 * @example const { workers, runs } = await queueStatus('redis://127.0.0.1:6379');
 */
export async function queueStatus(url: string): Promise<QueueStatus> {
  const redis = await connectRedis(url);
  const queue = new Queue<ChunkJobData>(QUEUE_NAME, { connection: queueConnection(url) });
  queue.on('error', () => {}); // connection errors surface through the commands, below
  try {
    const runs = new Map<string, RunQueueStatus>();
    const runOf = (run: string) => {
      let status = runs.get(run);
      if (status === undefined)
        runs.set(run, (status = { run, waiting: 0, active: 0, completed: 0, failed: 0, uncollected: 0, failures: [] }));
      return status;
    };
    const failedIds: string[] = [];
    let failuresNotListed = 0;
    for (const { state, field } of STATES) {
      const total = await queue.getJobCountByTypes(state);
      for (let start = 0; start < total; start += ID_PAGE) {
        const ids = await queue.getRanges([state], start, start + ID_PAGE - 1, true);
        for (const id of ids) {
          const run = runOfJobId(id);
          if (run === undefined) continue;
          runOf(run)[field] += 1;
          if (field !== 'failed') continue;
          if (failedIds.length < MAX_FAILURES_LISTED) failedIds.push(id);
          else failuresNotListed += 1;
        }
        if (ids.length < ID_PAGE) break;
      }
    }
    for (const id of failedIds) {
      const job = await queue.getJob(id);
      const run = runOfJobId(id);
      if (job !== undefined && run !== undefined) runOf(run).failures.push({ job: id, reason: job.failedReason });
    }
    // SCAN, not KEYS: a status read must not block a Redis that workers are using.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', resultsKey('*'), 'COUNT', 1000);
      for (const key of keys) runOf(key.slice('cascade:run:'.length, -':results'.length));
      cursor = next;
    } while (cursor !== '0');
    for (const status of runs.values()) {
      status.uncollected = await redis.llen(resultsKey(status.run));
      const manifest = await redis.get(manifestKey(status.run));
      if (manifest !== null) {
        const { plan } = JSON.parse(manifest) as RunManifest;
        status.paths = plan.paths * plan.cells.length;
      }
    }
    const workers = (await queue.getWorkers()).length;
    const sorted = [...runs.values()].sort((a, b) => a.run.localeCompare(b.run));
    return { url: displayUrl(url), workers, runs: sorted, failuresNotListed };
  } catch (error) {
    throw new CascadeError(
      `cannot read the queue at ${displayUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await queue.close().catch(() => undefined);
    await redis.quit().catch(() => undefined);
  }
}

/**
 * The status as a text table, with each failed chunk's reason below it.
 *
 * @example process.stdout.write(statusText(await queueStatus(url)));
 */
export function statusText(status: QueueStatus): string {
  const header = ['Batch', 'Paths', 'Waiting', 'Active', 'Completed', 'Failed', 'To collect'];
  const rows = status.runs.map((r) => [
    r.run,
    r.paths === undefined ? '?' : String(r.paths),
    String(r.waiting),
    String(r.active),
    String(r.completed),
    String(r.failed),
    String(r.uncollected),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [
    `Queue ${QUEUE_NAME} on ${status.url}: ${status.workers} worker connection(s); counts are chunk jobs`,
    '',
    ...(rows.length === 0 ? ['  no batches on the queue'] : [line(header), ...rows.map(line)]),
  ];
  for (const r of status.runs)
    for (const f of r.failures) lines.push(`  failed chunk ${f.job}: ${f.reason.split('\n')[0]}`);
  if (status.failuresNotListed > 0)
    lines.push(`  ${status.failuresNotListed} more failed chunk(s) not listed (the first ${MAX_FAILURES_LISTED} are)`);
  return lines.join('\n') + '\n';
}
