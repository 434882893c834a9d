#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CascadeError } from '../kernel/errors.js';
import { registerCompare } from './compare.js';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';
import { registerRuns } from './runs.js';
import { registerShow } from './show.js';
import { registerExport } from './export.js';
import { registerMap } from './map.js';

/** Builds the `cascade` command-line program. */
export function buildProgram(): Command {
  const program = new Command('cascade')
    .description('Cascade: simulate margin-engine feedback loops (liquidation cascades) deterministically')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerValidate(program);
  registerCompare(program);
  registerRuns(program);
  registerShow(program);
  registerExport(program);
  registerMap(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 bad input or failure). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    if (error instanceof CascadeError) {
      process.stderr.write(`cascade: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
