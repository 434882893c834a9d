import type { Command } from 'commander';
import type { RunResult } from '../analysis/result.js';
import { DEFAULT_SCENARIO, defaultScenarioPath } from './default-scenario.js';
import { checkOutputDir, writeFilesAtomically } from './output-files.js';
import { collect, parseSeed } from './flags.js';
import { defaultStoreFile } from '../store/default-file.js';
import { addAllowOutsideFilesOption } from './outside-files.js';

interface RunOptions {
  seed?: string;
  set: string[];
  json?: boolean;
  out?: string;
  checkInvariants?: boolean;
  db: string;
  store: boolean;
}

/** The reports of a run in `--json` order; each is present only when the run has it. */
const REPORT_KEYS = [
  'books',
  'chain',
  'auctions',
  'perps',
  'contagion',
  'stablecoins',
  'protocolOwned',
  'uniswapV3',
  'adversaries',
  'curves',
] as const satisfies readonly (keyof RunResult)[];

/** Fields of a run left out of `--json`: the per-block series and health histogram (timeseries.csv and report.html
 * carry them). */
type PerBlockKeys = 'series' | 'health';

/** Compile-time check that `--json` covers every field of {@link RunResult}: a report added there and not to
 * REPORT_KEYS fails here. */
type Uncovered = Exclude<
  keyof RunResult,
  | 'scenario'
  | 'seed'
  | 'blocks'
  | 'blockTimeSeconds'
  | 'metrics'
  | 'events'
  | 'warnings'
  | 'overrides'
  | 'liquidationRisk'
  | PerBlockKeys
  | (typeof REPORT_KEYS)[number]
>;
const everyReportCovered: Uncovered extends never ? true : never = true;
void everyReportCovered;

/**
 * The `--json` object: scenario, seed, blocks, block time, the calibration warnings and the parameters the liquidation
 * mechanisms replace (both always present, empty when none), metrics and events, then every report the run has (fee
 * market, English auctions, perpetual exchanges, contagion, stablecoins, protocol-owned liquidity, adversaries), each
 * only when present.
 */
export function summaryObject(result: RunResult): object {
  const { scenario, seed, blocks, blockTimeSeconds, metrics, events } = result;
  const reports = Object.fromEntries(
    REPORT_KEYS.filter((key) => result[key] !== undefined).map((key) => [key, result[key]]),
  );
  return {
    scenario,
    seed,
    blocks,
    blockTimeSeconds,
    warnings: result.warnings ?? [],
    overrides: result.overrides ?? [],
    metrics,
    events,
    ...reports,
    ...(result.liquidationRisk ? { liquidationRisk: result.liquidationRisk } : {}),
  };
}

/** Registers `cascade run [SCENARIO]`. */
export function registerRun(program: Command): void {
  addAllowOutsideFilesOption(program.command('run'))
    .description('run one scenario and print its metrics (the default scenario when none is given)')
    .argument('[scenario]', `scenario file (.yaml, .yml or .json); default: the shipped scenarios/${DEFAULT_SCENARIO}`)
    .option('--seed <n>', "master seed, an integer from 0 to 4294967295 (default: the scenario's seed)")
    .option(
      '--set <path=value>',
      'override a scenario field, e.g. --set protocols.0.liquidationBonus=0.1 (repeatable)',
      collect,
      [],
    )
    .option(
      '--json',
      'print one JSON object {scenario, seed, blocks, blockTimeSeconds, warnings, overrides, metrics, events, chain?, auctions?, perps?, contagion?, stablecoins?, protocolOwned?, adversaries?, curves?, liquidationRisk} instead of the table',
    )
    .option('--out <dir>', 'also write summary.json, timeseries.csv and report.html into DIR')
    .option('--check-invariants', 'check value conservation and balances after every block (slower)')
    .option(
      '--db <file>',
      'results store the run is recorded in (DuckDB file; default $CASCADE_DB or cascade.duckdb)',
      defaultStoreFile(),
    )
    .option('--no-store', 'do not record the run in the results store')
    .addHelpText(
      'after',
      '\nExamples:\n  cascade run\n  cascade run scenarios/deep-pool-shock.yaml --json\n  cascade run scenarios/gbm-day.yaml --seed 3 --out out/gbm',
    )
    .action(async (scenarioPath: string | undefined, options: RunOptions) => {
      const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
      if (options.out) checkOutputDir(options.out);
      // Imported here, not at the top: `cascade --help` and other commands do not load the simulator or reports.
      const [{ loadScenarioWithBooks }, { runScenario }, { withProgress }, { summaryTable }, notesModules] =
        await Promise.all([
          import('../scenario/book-files.js'),
          import('../analysis/run.js'),
          import('./progress.js'),
          import('../report/summary-table.js'),
          Promise.all([import('../report/run-notes.js'), import('../report/book-notes.js')]),
        ]);
      const [{ runNotesText }, { bookNotesText }] = notesModules;
      const loaded = await loadScenarioWithBooks(scenarioPath ?? defaultScenarioPath(), options.set);
      // The store is opened (and checked: a results store, not held past the wait) before the run, and the run is
      // stored before any --out file is written: a store that refuses it leaves no outputs behind.
      const storeModule = options.store ? await import('../store/index.js') : undefined;
      const store = storeModule ? await storeModule.openStore(options.db, { shared: true }) : undefined;
      try {
        const result = withProgress(`run ${loaded.scenario.name}`, 'blocks', (onBlock) =>
          runScenario(loaded.scenario, {
            seed,
            baseDir: loaded.dir,
            checkInvariants: options.checkInvariants,
            onBlock,
          }),
        );
        const summaryJson = JSON.stringify(summaryObject(result), null, 2) + '\n';
        const stored =
          store && storeModule
            ? (
                await storeModule.storeRun(store, {
                  scenarioFile: scenarioPath ?? defaultScenarioPath(),
                  scenarioJson: JSON.stringify(loaded.scenario),
                  result,
                })
              ).id
            : undefined;
        if (options.out) {
          // The two modules, not report/index.js, which would also load the PNG renderer's native library.
          const [{ reportHtml }, { timeseriesCsv }] = await Promise.all([
            import('../report/html.js'),
            import('../report/csv.js'),
          ]);
          writeFilesAtomically(options.out, {
            'summary.json': summaryJson,
            'timeseries.csv': timeseriesCsv(result),
            'report.html': reportHtml(result, { description: loaded.scenario.description }),
          });
        }
        const notes =
          (options.out ? `\nWrote summary.json, timeseries.csv and report.html to ${options.out}\n` : '') +
          (stored ? `\nStored as ${stored} in ${options.db}\n` : '');
        process.stdout.write(
          options.json ? summaryJson : summaryTable(result) + runNotesText(result) + bookNotesText(result) + notes,
        );
      } finally {
        await store?.close();
      }
    });
}
