#!/usr/bin/env node
import { commandNamed } from './command-list.js';
import { EXIT } from './exit-codes.js';

export { EXIT };

/** Runs the CLI; returns the process exit code (see {@link EXIT}). */
export async function main(argv: string[]): Promise<number> {
  return (await import('./modules-main.js')).runFromModules(argv);
}

/**
 * The main function of `run`'s CommonJS bundle (src/cli/run-bundle.ts) when the command line is `run` and the
 * bundle is beside this file (the built package); undefined otherwise.
 */
async function bundledMain(argv: readonly string[]): Promise<typeof main | undefined> {
  if (commandNamed(argv.slice(2)) !== 'run') return undefined;
  return (await import('./run-bundle.js')).runBundleMain(import.meta.url);
}

// A reader that stops early (`cascade schema | head`) closes the pipe: stop quietly, as Unix filters do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});
process.exitCode = await ((await bundledMain(process.argv)) ?? main)(process.argv);
