/**
 * The commands of distributed batches: `cascade worker`, `cascade collect` and `cascade queue status`. Their code
 * (BullMQ, ioredis, the thread pool) loads only when one of them runs.
 */
import type { Command } from 'commander';
import { CascadeError } from '../../kernel/errors.js';
import { defaultStoreFile } from '../../store/index.js';
import { defaultWorkers, parseIntegerFlag, parseWorkers } from '../batch/flags.js';
import { parseQueueUrl } from './url.js';

/** Stalled-job settings of `cascade worker` when not given: BullMQ's own defaults (30 s lock, 30 s checks). */
const DEFAULT_LOCK_MS = '30000';
const DEFAULT_STALLED_MS = '30000';
const DEFAULT_MAX_STALLED = '3';

/** A promise resolved by the first SIGINT or SIGTERM; a second SIGINT exits at once. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.once('SIGINT', () => process.exit(130));
      process.stderr.write('Stopping: finishing the chunks under way (Ctrl-C again to quit at once)\n');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The flags of `cascade worker`. */
interface WorkerFlags {
  queue: string;
  concurrency?: string;
  forceWorkers?: boolean;
  lockMs: string;
  stalledMs: string;
  maxStalled: string;
}

/** Registers `cascade worker`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'run chunks of distributed batches (mc, sweep, frontier with --queue) from a Redis queue on worker threads',
    )
    .requiredOption('--queue <url>', 'Redis URL of the queue, e.g. redis://10.0.0.5:6379')
    .option(
      '--concurrency <k>',
      'chunks run at once, each on its own thread, 1 to the number of cores (default: one per core)',
    )
    .option(
      '--force-workers',
      'allow --concurrency above the number of cores (up to 256; each thread holds its own world)',
    )
    .option(
      '--lock-ms <ms>',
      'how long a chunk stays locked to this worker without renewal before others retry it',
      DEFAULT_LOCK_MS,
    )
    .option('--stalled-ms <ms>', 'how often this worker checks for chunks whose worker died', DEFAULT_STALLED_MS)
    .option('--max-stalled <n>', 'times a chunk may lose its worker before it counts as failed', DEFAULT_MAX_STALLED)
    .addHelpText(
      'after',
      '\nStart any number, on any machines that reach Redis and see the scenario files at the paths the submitting\n' +
        'command used. A worker killed mid-chunk loses nothing: its chunk goes back on the queue once its lock lapses.\n' +
        '\nExample:\n  cascade worker --queue redis://127.0.0.1:6379 --concurrency 2',
    )
    .action(async (flags: WorkerFlags) => {
      const url = parseQueueUrl(flags.queue);
      const concurrency =
        flags.concurrency === undefined
          ? defaultWorkers()
          : parseWorkers(flags.concurrency, flags.forceWorkers === true, defaultWorkers(), '--concurrency');
      const lockMs = parseIntegerFlag('--lock-ms', flags.lockMs, 100, 3_600_000);
      const stalledMs = parseIntegerFlag('--stalled-ms', flags.stalledMs, 100, 3_600_000);
      const maxStalled = parseIntegerFlag('--max-stalled', flags.maxStalled, 0, 1000);
      const { runQueueWorker } = await import('./worker.js');
      await runQueueWorker({ url, concurrency, lockMs, stalledMs, maxStalled, stop: stopSignal() });
    });
}

/** Registers `cascade collect`. */
export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description(
      'gather a distributed batch into the results store: store what workers finished, queue what is missing, wait for the rest',
    )
    .argument('<batch>', 'batch id (as printed by the submitting command, or listed by cascade queue status)')
    .requiredOption('--queue <url>', 'Redis URL of the queue')
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .addHelpText(
      'after',
      '\nFor a batch whose submitting command was stopped or killed: it takes its place as the one process writing\n' +
        'the batch to the store (the same command run again does the same, and prints the report).\n' +
        '\nExample:\n  cascade collect mc-3f2a9c1b7d4e --queue redis://127.0.0.1:6379',
    )
    .action(async (batch: string, flags: { queue: string; db: string }) => {
      const url = parseQueueUrl(flags.queue);
      const { connectRedis, manifestKey } = await import('./connection.js');
      const redis = await connectRedis(url);
      const json = await redis.get(manifestKey(batch)).finally(() => redis.quit());
      if (json === null)
        throw new CascadeError(
          `no batch "${batch}" on the queue at ${url} (cascade queue status --queue ${url} lists them)`,
        );
      const manifest = JSON.parse(json) as import('./protocol.js').RunManifest;
      const { executeStoredBatch } = await import('../batch/execute.js');
      const executed = await executeStoredBatch(manifest.plan, {
        db: flags.db,
        workers: 1,
        seriesPoints: manifest.seriesPoints,
        baseDir: manifest.baseDir,
        label: `collect ${batch}`,
        sets: manifest.sets,
        queue: { url, chunkSize: manifest.chunkSize },
      });
      const planned = manifest.plan.paths * manifest.plan.cells.length;
      process.stdout.write(
        `Batch ${batch}: ${executed.records.length} of ${planned} paths stored in ${flags.db}` +
          (executed.failures.length > 0 ? ` (${executed.failures.length} more failed)` : '') +
          (executed.aborted ? ' (stopped; run again to go on)' : '') +
          `; cascade show ${batch} --db ${flags.db} reports it\n`,
      );
      if (executed.aborted) process.exitCode = 130;
    });
}

/** Registers `cascade queue status`. */
export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('inspect the Redis queue of distributed batches');
  queue
    .command('status')
    .description(
      'chunk jobs waiting, active, completed and failed per batch, results not yet collected, workers connected',
    )
    .requiredOption('--queue <url>', 'Redis URL of the queue')
    .option('--json', 'print one JSON object')
    .action(async (flags: { queue: string; json?: boolean }) => {
      const { queueStatus, statusText } = await import('./status.js');
      const status = await queueStatus(parseQueueUrl(flags.queue));
      process.stdout.write(flags.json ? JSON.stringify(status, null, 2) + '\n' : statusText(status));
    });
  queue.exitOverride();
  for (const command of queue.commands) command.exitOverride();
}
