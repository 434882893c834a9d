import { Command, Help } from 'commander';
import { COMMANDS, type CommandEntry } from './commands.js';

/**
 * Builds the `cascade` command-line program for a command line: the commands in `full` are registered by their own
 * modules (options, help, action); every other command is listed by name, arguments and description only, so that
 * the top-level help and commander's "unknown command" suggestions see them all without importing their modules.
 */
export function buildProgram(full: ReadonlyMap<string, (program: Command) => void> = new Map()): Command {
  const program = new Command('cascade')
    .description('Cascade: simulate margin-engine feedback loops (liquidation cascades) deterministically')
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok; 1 invalid input (scenario, price CSV, --set) or a failed run; 2 usage error\n(unknown command or option, missing argument, malformed flag value); 3 `export` of a batch not yet\ncomplete (nothing written; --allow-partial exports it); 130 a batch stopped by Ctrl-C.\nProgress goes to stderr; CASCADE_PROGRESS=0 turns it off.',
    )
    .exitOverride();
  const listedTerms = new Map<Command, string>();
  for (const entry of COMMANDS) {
    const register = full.get(entry.name);
    if (register) register(program);
    else listedTerms.set(program.command(entry.name).description(entry.description), entry.term);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (command) => listedTerms.get(command) ?? help.subcommandTerm(command) });
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Imports the modules of the given commands and returns their registration functions by name. */
export async function loadCommands(entries: readonly CommandEntry[]): Promise<Map<string, (program: Command) => void>> {
  return new Map(await Promise.all(entries.map(async (entry) => [entry.name, await entry.load()] as const)));
}

/** Builds the program with every command registered in full (tests, and documentation of the whole CLI). */
export async function buildFullProgram(): Promise<Command> {
  return buildProgram(await loadCommands(COMMANDS));
}
