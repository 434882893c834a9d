import type { Command } from 'commander';
import { batchListTable, batchObject } from '../store/batch-text.js';
import { defaultStoreFile, openStoreForReading } from '../store/cli-access.js';

interface RunsOptions {
  db: string;
  json?: boolean;
}

/** Registers `cascade runs`. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list the batches in the results store: id, kind, scenario, paths done/planned, status, creation time')
    .option('--db <file>', 'results store (DuckDB file; default $CASCADE_DB or cascade.duckdb)', defaultStoreFile())
    .option(
      '--json',
      'print a JSON array of batches {id, kind, status, scenario, scenarioFile, masterSeed, pathsPerCell, pathsDone, pathsFailed, pathsPlanned, createdAt, owner, cells, scenarioJson}; status is running, interrupted (its process ended first: rerun to resume) or complete',
    )
    .addHelpText('after', '\nExamples:\n  cascade runs\n  cascade runs --db results/cascade.duckdb --json')
    .action(async (options: RunsOptions) => {
      const store = await openStoreForReading(options.db);
      try {
        const batches = await store.listBatches();
        process.stdout.write(
          options.json ? JSON.stringify(batches.map(batchObject), null, 2) + '\n' : batchListTable(batches, options.db),
        );
      } finally {
        await store.close();
      }
    });
}
