import type { Command } from 'commander';
import { batchDetailObject, batchDetailTable } from '../store/batch-text.js';
import { defaultStoreFile, openStoreForReading, requireStoredBatch } from '../store/cli-access.js';

interface ShowOptions {
  db: string;
  json?: boolean;
}

/** Registers `cascade show RUN`. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print one stored batch: its plan, then per cell the mean, min and max of every metric')
    .argument('<run>', 'batch id (see `cascade runs`)')
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .option(
      '--json',
      'print one JSON object {batch, cells: [{cell, parameters, paths, metrics: {name: {count, mean, min, max}}}]}',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  cascade show mc-eth-crash\n  cascade show mc-eth-crash --db results/cascade.duckdb --json',
    )
    .action(async (id: string, options: ShowOptions) => {
      const store = await openStoreForReading(options.db);
      try {
        const batch = await requireStoredBatch(store, id);
        const cells = await store.cellSummaries(id);
        process.stdout.write(
          options.json
            ? JSON.stringify(batchDetailObject(batch, cells), null, 2) + '\n'
            : batchDetailTable(batch, cells),
        );
      } finally {
        await store.close();
      }
    });
}
