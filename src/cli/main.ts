#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { commandsNamed } from './commands.js';
import { buildProgram, loadCommands } from './program.js';
import { EXIT } from './exit-codes.js';

export { EXIT };

/** Runs the CLI; returns the process exit code (see {@link EXIT}). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(await loadCommands(commandsNamed(argv.slice(2)))).parseAsync(argv);
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

// A reader that stops early (`cascade schema | head`) closes the pipe: stop quietly, as Unix filters do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});
process.exitCode = await main(process.argv);
