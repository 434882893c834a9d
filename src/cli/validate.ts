import type { Command } from 'commander';
import { ScenarioError } from '../kernel/errors.js';
import { resolve } from 'node:path';
import type { LoadedScenario } from '../scenario/load.js';
import { bookOf, loadScenarioWithBooks } from '../scenario/book-files.js';
import { ALLOW_OUTSIDE_FILES_ENV, outsideFilesAllowedByEnv } from '../scenario/data-paths.js';
import { buildWorld } from '../world/build-world.js';
import { attribution } from '../attribution/cascade-generations.js';
import { ScenarioProblems, type OmittedProblems, type Problem } from '../scenario/problems.js';
import { collect } from './flags.js';

interface ValidateOptions {
  set: string[];
  json?: boolean;
  allowOutsideFiles?: boolean;
}

/** The `validate --json` object of a valid scenario. */
function validObject(file: string, { scenario, dataFiles, dir }: LoadedScenario): object {
  return {
    file,
    valid: true,
    scenario: scenario.name,
    blocks: scenario.blocks,
    protocols: scenario.protocols.length,
    accounts: accountsOf({ scenario, dir }),
    dataFiles,
  };
}

/** The `validate --json` object of an invalid scenario: every problem, and the counts of those not listed. */
function invalidObject(file: string, problems: readonly Problem[], omitted: readonly OmittedProblems[]): object {
  return { file, valid: false, problems: problems.map(({ text: _text, ...rest }) => rest), omitted };
}

function accountsOf({ scenario, dir }: Pick<LoadedScenario, 'scenario' | 'dir'>): number {
  return scenario.protocols.reduce((n, p) => {
    const entry = p.type === 'perp' ? p.traders : p.borrowers;
    return n + ('file' in entry ? bookOf(resolve(dir, entry.file), p.id).accounts.length : entry.count);
  }, 0);
}

/**
 * Builds the world at block 0 as `run` does before its first block, so that validate refuses whatever run would
 * refuse before running: the checks of every component's constructor, the memory estimate of the accounts, and a book
 * read with `unsafeAtStart: error` (checked against the oracle's first answer, which only a built world has).
 */
function checkBuild({ scenario, dir }: LoadedScenario): void {
  buildWorld(scenario, { baseDir: dir, attribution });
}

/** Registers `cascade validate FILE`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check a scenario file and the data files it refers to (price CSVs, position books) without running it; prints every problem with file:line:column (a book: file, row and column)',
    )
    .argument('<file>', 'scenario file (.yaml, .yml or .json)')
    .option('--set <path=value>', 'apply an override before validating (repeatable)', collect, [])
    .option(
      '--allow-outside-files',
      `read data files the scenario names outside its folder (refused by default; ${ALLOW_OUTSIDE_FILES_ENV}=1 allows them for every command)`,
    )
    .option(
      '--json',
      'print one JSON object: {file, valid: true, scenario, blocks, protocols, accounts, dataFiles: [{file, rows}]}, or ' +
        '{file, valid: false, problems: [{file, line, column, field, set?, message}], omitted: [{file, count, listed?}]} (exit code 1; a scenario file lists its first 100 problems, a data file its first 20); ' +
        'file is null for a --set problem; column is the character column in a scenario, the field position in a CSV row; ' +
        'in a position book line is the data row and column the position of the column',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 1 invalid (every problem listed), 2 bad command line.\n\nExamples:\n  cascade validate scenarios/gbm-day.yaml\n  cascade validate my.yaml --set blocks=10 --json',
    )
    .action(async (file: string, options: ValidateOptions) => {
      let loaded: LoadedScenario;
      try {
        const allowOutsideFiles = options.allowOutsideFiles === true || outsideFilesAllowedByEnv();
        loaded = await loadScenarioWithBooks(file, options.set, { allowOutsideFiles });
        checkBuild(loaded);
      } catch (error) {
        if (!options.json || !(error instanceof ScenarioError)) throw error;
        const problems: readonly Problem[] =
          error instanceof ScenarioProblems
            ? error.problems
            : [
                {
                  file,
                  line: null,
                  column: null,
                  field: null,
                  message: error.message.replace(`${file}: `, ''),
                  text: error.message,
                },
              ];
        process.stdout.write(
          JSON.stringify(
            invalidObject(file, problems, error instanceof ScenarioProblems ? error.omitted : []),
            null,
            2,
          ) + '\n',
        );
        process.exitCode = 1;
        return;
      }
      if (options.json) {
        process.stdout.write(JSON.stringify(validObject(file, loaded), null, 2) + '\n');
        return;
      }
      const { scenario, dataFiles, dir } = loaded;
      const data = dataFiles.map((d) => `; read ${d.file} (${d.rows.toLocaleString('en-US')} rows)`).join('');
      process.stdout.write(
        `${file}: valid — "${scenario.name}", ${scenario.blocks} blocks, ${scenario.protocols.length} protocol(s), ${accountsOf({ scenario, dir })} accounts${data}\n`,
      );
    });
}
