import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../../kernel/errors.js';
import { defaultStoreFile } from '../../store/index.js';
import { collect, parseSeed } from '../flags.js';
import { checkOutputDir } from '../output-files.js';
import { checkPngFlag } from './outputs.js';
import { DEFAULT_CHUNK_SIZE, MIN_CHUNKS } from '../queue/chunks.js';
import { parseQueueUrl } from '../queue/url.js';
import { addAllowOutsideFilesOption } from '../outside-files.js';

/** The options every batch command (mc, sweep, frontier) shares, as commander parses them. */
export interface BatchFlags {
  paths: string;
  workers?: string;
  forceWorkers?: boolean;
  seed?: string;
  set: string[];
  id?: string;
  db: string;
  json?: boolean;
  out?: string;
  png?: boolean;
  queue?: string;
  chunkSize?: string;
}

/** Where a batch runs when `--queue` is given: the Redis URL and the paths per chunk job. */
export interface QueueTarget {
  url: string;
  /** Paths per chunk job; undefined: cut by the batch's size (defaultChunkSize). */
  chunkSize: number | undefined;
}

/**
 * Parses a flag that must be an integer in [min, max]; the error names the flag and the range.
 *
 * @example parseIntegerFlag('--paths', '1000', 1, 1_000_000); // 1000
 */
export function parseIntegerFlag(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: must be an integer from ${min} to ${max.toLocaleString('en-US')} (got "${value}")`);
  }
  return n;
}

/** Worker threads when `--workers` is not given: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Parses `--workers`: 1 to the number of cores, or up to 256 with `force` (`--force-workers`). Each worker thread
 * builds its own world, so memory grows with the count, and threads beyond the cores do not run faster. `flag` names
 * the flag in messages (`cascade worker` caps `--concurrency` the same way).
 *
 * @example parseWorkers('2', false, 4); // 2
 */
export function parseWorkers(
  value: string,
  force = false,
  cores: number = defaultWorkers(),
  flag = '--workers',
): number {
  const workers = parseIntegerFlag(flag, value, 1, 256);
  if (workers > cores && !force)
    throw new UsageError(
      `${flag}: ${workers} is more than this machine's ${cores} core(s); each worker holds its own world, so memory ` +
        `grows with every worker while threads beyond the cores run no faster (use --force-workers to run them anyway)`,
    );
  return workers;
}

/**
 * Adds the shared batch options to `command`.
 *
 * @example addBatchOptions(program.command('mc'), '1000');
 */
export function addBatchOptions(command: Command, defaultPaths: string): Command {
  return addAllowOutsideFilesOption(command)
    .option('--paths <n>', 'paths per cell, an integer from 1 to 1,000,000', defaultPaths)
    .option(
      '--workers <k>',
      `worker threads, 1 to the number of cores (default: one per core, ${defaultWorkers()} here); results do not depend on it`,
    )
    .option('--force-workers', 'allow --workers above the number of cores (up to 256; each worker holds its own world)')
    .option(
      '--seed <n>',
      "master seed, 0 to 4294967295 (default: the scenario's); path p of every cell runs with the seed derived from (master, p): common random numbers across cells",
    )
    .option('--set <path=value>', 'override a scenario field in every path (repeatable)', collect, [])
    .option(
      '--id <id>',
      'batch id in the results store (default: derived from the scenario, seed, paths and cells, so the same command resumes the same batch)',
    )
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .option('--json', 'print one JSON object instead of the tables')
    .option('--out <dir>', 'also write summary.json, paths.csv and report.html into DIR')
    .option('--png', 'with --out: also write every chart of the report as a PNG')
    .option(
      '--queue <url>',
      'run the paths on `cascade worker` processes listening at this Redis URL (redis://HOST:PORT) instead of local threads; results are the same',
    )
    .option(
      '--chunk-size <n>',
      `with --queue: paths per chunk job, 1 to 10,000 (default: the batch's paths ÷ ${MIN_CHUNKS}, at most ${DEFAULT_CHUNK_SIZE})`,
    );
}

/** Checks `--id`: letters, digits, '.', '_' and '-'. */
function checkBatchId(id: string | undefined): void {
  if (id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) {
    throw new UsageError(
      `--id: letters, digits, '.', '_' and '-', at most 128, starting with a letter or digit (got "${id}")`,
    );
  }
}

/**
 * Checks the shared batch flags before any path runs (`--id`, `--png` with `--out`, the `--out`
 * directory) and parses the numeric ones: paths per cell, worker threads (one per core by default), the seed, and
 * with `--queue` the Redis URL and chunk size.
 *
 * @example const { paths, workers, seed } = parseBatchFlags(flags);
 */
export function parseBatchFlags(flags: BatchFlags): {
  paths: number;
  workers: number;
  seed: number | undefined;
  queue: QueueTarget | undefined;
} {
  const paths = parseIntegerFlag('--paths', flags.paths, 1, 1_000_000);
  const workers = flags.workers === undefined ? defaultWorkers() : parseWorkers(flags.workers, flags.forceWorkers);
  const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
  checkBatchId(flags.id);
  checkPngFlag(flags);
  if (flags.out) checkOutputDir(flags.out);
  if (flags.chunkSize !== undefined && flags.queue === undefined)
    throw new UsageError('--chunk-size: only with --queue (local batches size their chunks themselves)');
  const queue =
    flags.queue === undefined
      ? undefined
      : {
          url: parseQueueUrl(flags.queue),
          chunkSize:
            flags.chunkSize === undefined ? undefined : parseIntegerFlag('--chunk-size', flags.chunkSize, 1, 10_000),
        };
  return { paths, workers, seed, queue };
}
