/**
 * Every `cascade` command as the top-level help lists it: name, arguments and description, with no import of the
 * command's module (src/cli/commands.ts adds those). The help, commander's "unknown command" suggestions and the
 * choice of the command a command line names read this table only.
 */

/** One command as the top-level help lists it. */
export interface CommandListing {
  /** The command's name, e.g. `run`. */
  readonly name: string;
  /** The command as the top-level help lists it: name, `[options]`, arguments. */
  readonly term: string;
  /** The one-line description the command's own registration gives (a test checks they agree). */
  readonly description: string;
}

/** Every command, in the order the help lists them. */
export const COMMAND_LIST: readonly CommandListing[] = [
  {
    name: 'run',
    term: 'run [options] [scenario]',
    description: 'run one scenario and print its metrics (the default scenario when none is given)',
  },
  {
    name: 'validate',
    term: 'validate [options] <file>',
    description:
      'check a scenario file and the data files it refers to (price CSVs, position books) without running it; prints every problem with file:line:column (a book: file, row and column)',
  },
  {
    name: 'compare',
    term: 'compare [options] [scenarios...]',
    description:
      'run the same shock and seed through several margin-engine designs and compare their metrics side by side',
  },
  {
    name: 'runs',
    term: 'runs [options]',
    description: 'list the batches in the results store: id, kind, scenario, paths done/planned, status, creation time',
  },
  {
    name: 'show',
    term: 'show [options] <run>',
    description: 'print one stored batch: its plan, then per cell the mean, min and max of every metric',
  },
  {
    name: 'export',
    term: 'export [options] <run>',
    description: "write one stored batch's paths (seed, parameters, every metric) to a Parquet file",
  },
  {
    name: 'map',
    term: 'map [options] [scenario]',
    description:
      "map the cascade without a full simulation: liquidation volume by price level, and the oracle's largest fall, with a band, for a grid of initial shocks",
  },
  {
    name: 'mc',
    term: 'mc [options] [scenario]',
    description:
      'Monte Carlo: run N seeded paths of a scenario on worker threads and report bad-debt and liquidation risk with confidence intervals',
  },
  {
    name: 'sweep',
    term: 'sweep [options] [scenario]',
    description: 'sweep: run N paths for every combination of parameter values and report risk per cell',
  },
  {
    name: 'frontier',
    term: 'frontier [options] [scenario]',
    description:
      'safe-parameter frontier: the largest (or smallest) value of a parameter whose Monte Carlo risk meets a target, by bisection',
  },
  {
    name: 'export-book',
    term: 'export-book [options] <scenario>',
    description:
      'write the position book a scenario starts with (block 0) to a .csv, .json or .parquet file in the layout of docs/books.md',
  },
  {
    name: 'backtest',
    term: 'backtest [options]',
    description:
      'run the four historical presets and print, per event, the model figures next to the documented outcomes (with sources), the ratio model/documented and a flag outside a factor of two',
  },
  {
    name: 'serve',
    term: 'serve [options] <scenario-or-config>',
    description:
      'run the live risk service: ingest position and market updates over HTTP/WebSocket, answer risk queries, push alerts',
  },
  {
    name: 'feed',
    term: 'feed [options] <scenario>',
    description: 'play a simulated run into a running `cascade serve` as a live feed of NDJSON updates',
  },
  {
    name: 'replay-recommendation',
    term: 'replay-recommendation [options] <id>',
    description:
      're-run a stored risk-oracle recommendation from its inputs (live-state scenario, book files, seed, config, time) and check its content hash',
  },
  {
    name: 'schema',
    term: 'schema [options]',
    description:
      'print the JSON Schema of scenario files (editors use it to check and complete scenario YAML), or write it to a file',
  },
  {
    name: 'worker',
    term: 'worker [options]',
    description:
      'run chunks of distributed batches (mc, sweep, frontier with --queue) from a Redis queue on worker threads',
  },
  {
    name: 'collect',
    term: 'collect [options] <batch>',
    description:
      'gather a distributed batch into the results store: store what workers finished, queue what is missing, wait for the rest',
  },
  {
    name: 'queue',
    term: 'queue',
    description: 'inspect the Redis queue of distributed batches',
  },
];

/**
 * The name of the command a command line needs registered in full: the one it names (`cascade run ...`), or the one
 * named after `help` (`cascade help run`); undefined for `cascade`, `cascade --help`, `--version` or an unknown word.
 */
export function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const named = words[0] === 'help' ? words[1] : words[0];
  return COMMAND_LIST.find((entry) => entry.name === named)?.name;
}
