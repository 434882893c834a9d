import type { Command } from 'commander';
import { COMMAND_LIST, commandNamed, type CommandListing } from './command-list.js';
import { buildProgram } from './program.js';

/**
 * One `cascade` command as the top-level help lists it, and the module that registers it in full. Only the command
 * a command line names is imported (its module pulls in the simulator, the store, reports or the server); the others
 * stay entries of this table, so `cascade --help` and a small `run` start without loading what they do not use.
 */
export interface CommandEntry extends CommandListing {
  /** Imports the command's module and returns its registration function. */
  readonly load: () => Promise<(program: Command) => void>;
}

/** Imports each command's module, by command name. */
const LOADERS: Readonly<Record<string, CommandEntry['load']>> = {
  run: async () => (await import('./run.js')).registerRun,
  validate: async () => (await import('./validate.js')).registerValidate,
  compare: async () => (await import('./compare.js')).registerCompare,
  runs: async () => (await import('./runs.js')).registerRuns,
  show: async () => (await import('./show.js')).registerShow,
  export: async () => (await import('./export.js')).registerExport,
  map: async () => (await import('./map.js')).registerMap,
  mc: async () => (await import('./mc.js')).registerMc,
  sweep: async () => (await import('./sweep.js')).registerSweep,
  frontier: async () => (await import('./frontier.js')).registerFrontier,
  'export-book': async () => (await import('./export-book.js')).registerExportBook,
  backtest: async () => (await import('./backtest.js')).registerBacktest,
  serve: async () => (await import('./serve.js')).registerServe,
  feed: async () => (await import('./feed.js')).registerFeed,
  'replay-recommendation': async () => (await import('./replay-recommendation.js')).registerReplayRecommendation,
  schema: async () => (await import('./schema.js')).registerSchema,
  worker: async () => (await import('./queue/commands.js')).registerWorker,
  collect: async () => (await import('./queue/commands.js')).registerCollect,
  queue: async () => (await import('./queue/commands.js')).registerQueue,
};

/** Every command, in the order the help lists them (src/cli/command-list.ts), with its module's loader. */
export const COMMANDS: readonly CommandEntry[] = COMMAND_LIST.map((listing) => ({
  ...listing,
  load: LOADERS[listing.name],
}));

/**
 * The commands a command line needs registered in full: the one it names (`cascade run ...`), or the one named
 * after `help` (`cascade help run`); none for `cascade`, `cascade --help`, `--version` or an unknown word.
 */
export function commandsNamed(args: readonly string[]): CommandEntry[] {
  const named = commandNamed(args);
  return COMMANDS.filter((entry) => entry.name === named);
}

/** Imports the modules of the given commands and returns their registration functions by name. */
export async function loadCommands(entries: readonly CommandEntry[]): Promise<Map<string, (program: Command) => void>> {
  return new Map(await Promise.all(entries.map(async (entry) => [entry.name, await entry.load()] as const)));
}

/** Builds the program with every command registered in full (tests, and documentation of the whole CLI). */
export async function buildFullProgram(): Promise<Command> {
  return buildProgram(await loadCommands(COMMANDS));
}
