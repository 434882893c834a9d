import type { Command } from 'commander';
import { loadScenarioWithBooks } from '../scenario/book-files.js';
import {
  compareDesigns,
  compareFiles,
  comparisonObject,
  designNames,
  parseDesigns,
  type Comparison,
} from '../analysis/designs/compare.js';
import { UsageError } from '../kernel/errors.js';
import { comparisonCsv, comparisonHtml, comparisonTable } from '../report/index.js';
import { perpComparisonTable } from '../report/perp-comparison.js';
import { comparisonNotesText } from '../report/run-notes.js';
import { DEFAULT_SCENARIO, defaultScenarioPath } from './default-scenario.js';
import { collect, parseSeed } from './flags.js';
import { checkOutputDir, writeFilesAtomically } from './output-files.js';
import { withProgress } from './progress.js';
import { addAllowOutsideFilesOption } from './outside-files.js';

interface CompareOptions {
  designs?: string;
  seed?: string;
  set: string[];
  json?: boolean;
  out?: string;
}

/** Checks the arguments and flags before any run: which comparison, on which files. */
function plan(scenarios: string[], options: CompareOptions): { designs: string[] } | { files: string[] } {
  if (options.designs !== undefined) {
    const designs = parseDesigns(options.designs);
    if (scenarios.length > 1) {
      throw new UsageError(
        `--designs runs several designs on one scenario, but ${scenarios.length} scenario files were given; ` +
          'give one SCENARIO with --designs, or several files without it (each file is one design)',
      );
    }
    return { designs };
  }
  if (scenarios.length < 2) {
    throw new UsageError(
      `--designs: missing; give --designs d1,d2,... (allowed: ${designNames().join(', ')}), or two or more scenario files to compare`,
    );
  }
  return { files: scenarios };
}

/** Registers `cascade compare [SCENARIO...]`. */
export function registerCompare(program: Command): void {
  addAllowOutsideFilesOption(program.command('compare'))
    .description(
      'run the same shock and seed through several margin-engine designs and compare their metrics side by side',
    )
    .argument(
      '[scenarios...]',
      `with --designs: one scenario file (default: the shipped scenarios/${DEFAULT_SCENARIO}); without: two or more scenario files, each one design named by its scenario name`,
    )
    .option('--designs <list>', `comma-separated designs to run on the scenario: ${designNames().join(', ')}`)
    .option(
      '--seed <n>',
      "master seed of every run, an integer from 0 to 4294967295 (default: the scenario's seed, or the first file's)",
    )
    .option(
      '--set <path=value>',
      'override a scenario field in every design, e.g. --set blocks=300 (repeatable)',
      collect,
      [],
    )
    .option(
      '--json',
      'print one JSON object {scenario, seed, exogenousPathIdentical, designs: [{design, changes, liquidationTerms, overrides, warnings, metrics, events}]} instead of the table',
    )
    .option('--out <dir>', 'also write comparison.json, comparison.csv and comparison.html into DIR')
    .addHelpText(
      'after',
      '\nA design sets the liquidationRule of every protocol to that rule; the seed, and so the exogenous\n' +
        'price path, is the same for every design. Under the tables, each design lists what it changed in\n' +
        'the scenario, the liquidation terms in effect, the scenario fields its mechanism replaces (e.g.\n' +
        "liquity-v1's fixed 110% minimum ratio) and its calibration warnings.\n" +
        '\nExamples:\n  cascade compare --designs aave-v3,aave-v3.3,morpho-blue,euler-v2,volatility-bonus\n' +
        '  cascade compare scenarios/deep-pool-shock.yaml --designs aave-v3,morpho-blue --out out/compare\n' +
        '  cascade compare a.yaml b.yaml --seed 7 --json',
    )
    .action(async (scenarios: string[], options: CompareOptions) => {
      const what = plan(scenarios, options);
      // Position books read from files are read here (DuckDB is asynchronous); every design starts from the same book.
      for (const file of 'designs' in what ? [scenarios[0] ?? defaultScenarioPath()] : what.files)
        await loadScenarioWithBooks(file, options.set);
      const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
      if (options.out) checkOutputDir(options.out);
      const label = 'designs' in what ? `compare ${what.designs.length} designs` : `compare ${what.files.length} files`;
      const comparison: Comparison = withProgress(label, 'blocks', (onBlock) => {
        const settings = { seed, overrides: options.set, onBlock };
        return 'designs' in what
          ? compareDesigns(scenarios[0] ?? defaultScenarioPath(), what.designs, settings)
          : compareFiles(what.files, settings);
      });
      const json = JSON.stringify(comparisonObject(comparison), null, 2) + '\n';
      if (options.out) {
        writeFilesAtomically(options.out, {
          'comparison.json': json,
          'comparison.csv': comparisonCsv(comparison),
          'comparison.html': comparisonHtml(comparison),
        });
      }
      process.stdout.write(
        options.json
          ? json
          : comparisonTable(comparison) +
              perpComparisonTable(comparison) +
              comparisonNotesText(comparison) +
              (options.out ? `\nWrote comparison.json, comparison.csv and comparison.html to ${options.out}\n` : ''),
      );
    });
}
