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
import { registerMc } from './mc.js';
import { registerSweep } from './sweep.js';
import { registerFrontier } from './frontier.js';

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
  registerMc(program);
  registerSweep(program);
  registerFrontier(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 bad input or failure, 130 a batch stopped by Ctrl-C). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command may have set a code of its own (130: a batch stopped by Ctrl-C, resumable).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
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
