import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../kernel/errors.js';
import { defaultStoreFile, openStoreForReading, requireStoredBatch } from '../store/cli-access.js';
import type { StoredBatch } from '../store/types.js';
import { EXIT } from './exit-codes.js';

interface ExportOptions {
  db: string;
  parquet?: string;
  allowPartial?: boolean;
}

/** Checks `--parquet` before the store is opened: given, and not an existing directory. */
function parquetTarget(options: ExportOptions): string {
  const file = options.parquet;
  if (file === undefined || file === '')
    throw new UsageError('--parquet: missing; give --parquet FILE, the Parquet file to write (the only export format)');
  if (existsSync(file) && statSync(file).isDirectory())
    throw new UsageError(`--parquet ${file}: is a directory; give a file path`);
  return file;
}

/**
 * The stderr warning of an export of a batch that is not complete: what it holds, how the file is marked, and how to
 * finish the batch.
 */
function partialWarning(batch: StoredBatch, file: string): string {
  const how =
    batch.status === 'interrupted'
      ? 'its process ended before it completed; rerun the command that started it to resume it'
      : `it is still being written by process ${batch.owner?.pid ?? '?'}`;
  return (
    `warning: batch ${batch.plan.id} is ${batch.status} (${how}): ${file} holds only the ${batch.pathsDone} of ` +
    `${batch.pathsPlanned} planned paths stored so far; its Parquet metadata says cascade_batch_status=${batch.status}\n`
  );
}

/** The refusal of an export of a batch that is not complete, without `--allow-partial`. */
function incompleteMessage(batch: StoredBatch): string {
  const why =
    batch.status === 'interrupted'
      ? 'its process ended before it completed; rerun the command that started it to resume it'
      : `it is still being written by process ${batch.owner?.pid ?? '?'}; wait for it to complete`;
  return (
    `cascade: batch ${batch.plan.id} is ${batch.status}: ${batch.pathsDone} of ${batch.pathsPlanned} planned paths are ` +
    `stored (${why}); nothing was written. Pass --allow-partial to export the paths stored so far (the file's ` +
    `metadata then says cascade_batch_status=${batch.status})\n`
  );
}

/** Registers `cascade export RUN --parquet FILE`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description("write one stored batch's paths (seed, parameters, every metric) to a Parquet file")
    .argument('<run>', 'batch id (see `cascade runs`)')
    .option(
      '--parquet <file>',
      'Parquet file to write (replaced atomically if it exists); its metadata key cascade_batch_status says whether the batch was complete',
    )
    .option(
      '--allow-partial',
      `export a batch that is not complete (running or interrupted): without it such a batch is not exported and the exit code is ${EXIT.incomplete}`,
    )
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .addHelpText(
      'after',
      `\nExit code ${EXIT.incomplete} (nothing written) when the batch is running or interrupted and --allow-partial is not given.\n` +
        '\nExample:\n  cascade export mc-eth-crash --parquet out/mc-eth-crash.parquet',
    )
    .action(async (id: string, options: ExportOptions) => {
      const file = parquetTarget(options);
      const store = await openStoreForReading(options.db);
      try {
        const stored = await requireStoredBatch(store, id);
        if (stored.status !== 'complete' && options.allowPartial !== true) {
          process.stderr.write(incompleteMessage(stored));
          process.exitCode = EXIT.incomplete;
          return;
        }
        const batch = await store.exportParquet(id, file);
        if (batch.status !== 'complete') process.stderr.write(partialWarning(batch, file));
        process.stdout.write(
          `Wrote ${batch.pathsDone} path${batch.pathsDone === 1 ? '' : 's'} of batch ${id} to ${file}` +
            (batch.status === 'complete' ? '\n' : ` (partial: ${batch.pathsDone} of ${batch.pathsPlanned} planned)\n`),
        );
      } finally {
        await store.close();
      }
    });
}
