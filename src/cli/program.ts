import { Command, Help } from 'commander';
import { COMMAND_LIST } from './command-list.js';

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
  for (const entry of COMMAND_LIST) {
    const register = full.get(entry.name);
    if (register) register(program);
    else listedTerms.set(program.command(entry.name).description(entry.description), entry.term);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (command) => listedTerms.get(command) ?? help.subcommandTerm(command) });
  for (const command of program.commands) command.exitOverride();
  return program;
}
