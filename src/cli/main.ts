#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { commandsNamed } from './commands.js';
import { buildProgram, loadCommands } from './program.js';

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
    await buildProgram(await loadCommands(commandsNamed(argv.slice(2)))).parseAsync(argv);
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

// A reader that stops early (`cascade schema | head`) closes the pipe: stop quietly, as Unix filters do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});
process.exitCode = await main(process.argv);
