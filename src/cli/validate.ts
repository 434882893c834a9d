import type { Command } from 'commander';
import { ScenarioError } from '../kernel/errors.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { ScenarioProblems, type OmittedProblems, type Problem } from '../scenario/problems.js';
import { collect } from './flags.js';

interface ValidateOptions {
  set: string[];
  json?: boolean;
}

/** The `validate --json` object of a valid scenario. */
function validObject(file: string, { scenario, dataFiles }: LoadedScenario): object {
  return {
    file,
    valid: true,
    scenario: scenario.name,
    blocks: scenario.blocks,
    protocols: scenario.protocols.length,
    accounts: accountsOf(scenario),
    dataFiles,
  };
}

/** The `validate --json` object of an invalid scenario: every problem, and the counts of those not listed. */
function invalidObject(file: string, problems: readonly Problem[], omitted: readonly OmittedProblems[]): object {
  return { file, valid: false, problems: problems.map(({ text: _text, ...rest }) => rest), omitted };
}

function accountsOf(scenario: LoadedScenario['scenario']): number {
  return scenario.protocols.reduce((n, p) => n + (p.type === 'perp' ? p.traders.count : p.borrowers.count), 0);
}

/** Registers `cascade validate FILE`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check a scenario file and the data files it refers to (price CSVs) without running it; prints every problem with file:line:column',
    )
    .argument('<file>', 'scenario file (.yaml, .yml or .json)')
    .option('--set <path=value>', 'apply an override before validating (repeatable)', collect, [])
    .option(
      '--json',
      'print one JSON object: {file, valid: true, scenario, blocks, protocols, accounts, dataFiles: [{file, rows}]}, or ' +
        '{file, valid: false, problems: [{file, line, column, field, set?, message}], omitted: [{file, count}]} (exit code 1); ' +
        'file is null for a --set problem; column is the character column in a scenario, the field position in a CSV row',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 1 invalid (every problem listed), 2 bad command line.\n\nExamples:\n  cascade validate scenarios/gbm-day.yaml\n  cascade validate my.yaml --set blocks=10 --json',
    )
    .action((file: string, options: ValidateOptions) => {
      let loaded: LoadedScenario;
      try {
        loaded = loadScenario(file, options.set);
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
      const { scenario, dataFiles } = loaded;
      const data = dataFiles.map((d) => `; read ${d.file} (${d.rows.toLocaleString('en-US')} rows)`).join('');
      process.stdout.write(
        `${file}: valid — "${scenario.name}", ${scenario.blocks} blocks, ${scenario.protocols.length} protocol(s), ${accountsOf(scenario)} accounts${data}\n`,
      );
    });
}
