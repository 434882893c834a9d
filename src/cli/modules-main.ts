import { commandsNamed, loadCommands } from './commands.js';
import { runCommandLine } from './program-main.js';

/**
 * Runs a command line from the CLI's ES modules: the module of the command it names is imported and registered in
 * full, the others are listed only (src/cli/commands.ts). Returns the process exit code.
 */
export async function runFromModules(argv: string[]): Promise<number> {
  return runCommandLine(argv, await loadCommands(commandsNamed(argv.slice(2))));
}
