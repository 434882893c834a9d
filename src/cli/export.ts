import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../kernel/errors.js';
import { defaultStoreFile, openStoreForReading, requireStoredBatch } from '../store/cli-access.js';

interface ExportOptions {
  db: string;
  parquet?: string;
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

/** Registers `cascade export RUN --parquet FILE`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description("write one stored batch's paths (seed, parameters, every metric) to a Parquet file")
    .argument('<run>', 'batch id (see `cascade runs`)')
    .option('--parquet <file>', 'Parquet file to write (replaced atomically if it exists)')
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .addHelpText('after', '\nExample:\n  cascade export mc-eth-crash --parquet out/mc-eth-crash.parquet')
    .action(async (id: string, options: ExportOptions) => {
      const file = parquetTarget(options);
      const store = await openStoreForReading(options.db);
      try {
        const batch = await requireStoredBatch(store, id);
        await store.exportParquet(id, file);
        process.stdout.write(
          `Wrote ${batch.pathsDone} path${batch.pathsDone === 1 ? '' : 's'} of batch ${id} to ${file}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
