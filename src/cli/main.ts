#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { runBundleMain } from './run-bundle.js';

export { EXIT };

/** Runs the CLI; returns the process exit code (see {@link EXIT}). */
export async function main(argv: string[]): Promise<number> {
  // Imported here: a `run` of the built package starts from its CommonJS bundle instead (src/cli/run-bundle.ts).
  const [{ runCommandLine }, { commandsNamed, loadCommands }] = await Promise.all([
    import('./program-main.js'),
    import('./commands.js'),
  ]);
  return runCommandLine(argv, await loadCommands(commandsNamed(argv.slice(2))));
}

// A reader that stops early (`cascade schema | head`) closes the pipe: stop quietly, as Unix filters do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});
process.exitCode = await (runBundleMain(import.meta.url, process.argv) ?? main)(process.argv);
