import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

/**
 * Parses and runs a command line with the given commands registered in full (the others listed only); returns the
 * process exit code (see {@link EXIT}). A {@link CascadeError} is printed as one line on stderr, never as a stack.
 */
export async function runCommandLine(
  argv: string[],
  registrations: ReadonlyMap<string, (program: Command) => void>,
): Promise<number> {
  try {
    await buildProgram(registrations).parseAsync(argv);
    // A command may have set a code of its own (1: `validate --json` found problems; 3: `export` of an incomplete
    // batch; 130: a batch stopped by Ctrl-C).
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
