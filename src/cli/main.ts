#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CascadeError, UsageError } from '../kernel/errors.js';
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
import { registerExportBook } from './export-book.js';
import { registerBacktest } from './backtest.js';
import { registerServe } from './serve.js';
import { registerFeed } from './feed.js';
import { registerReplayRecommendation } from './replay-recommendation.js';
import { registerQueueCommands } from './queue/commands.js';

/** Builds the `cascade` command-line program. */
export function buildProgram(): Command {
  const program = new Command('cascade')
    .description('Cascade: simulate margin-engine feedback loops (liquidation cascades) deterministically')
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok; 1 invalid input (scenario, price CSV, --set) or a failed run; 2 usage error\n(unknown command or option, missing argument, malformed flag value); 130 a batch stopped by Ctrl-C.\nProgress goes to stderr; CASCADE_PROGRESS=0 turns it off.',
    )
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
  registerExportBook(program);
  registerBacktest(program);
  registerServe(program);
  registerFeed(program);
  registerReplayRecommendation(program);
  registerQueueCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Exit codes, as POSIX utilities use them (a usage error is 2, e.g. `grep`, `diff`, `ls`), and 130 = 128 + SIGINT
 * as shells report a command stopped by Ctrl-C.
 */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Invalid input (a scenario, a data file, a `--set` value) or a run that failed. */
  failure: 1,
  /** A malformed command line: unknown command or option, missing argument, a flag value of the wrong form. */
  usage: 2,
  /** A batch stopped by Ctrl-C after the paths under way were stored (the same command resumes it). */
  interrupted: 130,
} as const;

/** Runs the CLI; returns the process exit code (see {@link EXIT}). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command may have set a code of its own (1: `validate --json` found problems; 130: a batch stopped by Ctrl-C).
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    // commander has printed its message (and the help); only --help and --version end with code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CascadeError) {
      process.stderr.write(`cascade: ${error.message}\n`);
      return error instanceof UsageError ? EXIT.usage : EXIT.failure;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
