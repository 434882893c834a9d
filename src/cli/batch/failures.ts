/**
 * How a batch command reports paths that threw: how many, that the estimates leave them out, and for each (a capped
 * list) the `cascade run` command that re-runs it alone.
 */
import { cellOverrides } from '../../analysis/batch/path-runner.js';
import type { StoredFailure } from '../../store/index.js';

/** Failed paths listed in a command's text output; the rest are counted. */
export const MAX_LISTED_FAILURES = 10;

/** Failed paths listed in `--json` output; the rest are counted. */
export const MAX_JSON_FAILURES = 100;

/** Where failed paths came from: what a re-run command needs and where the full list is. */
export interface FailureContext {
  /** The scenario file as given to the batch command. */
  scenarioFile: string;
  /** The user's `--set` overrides of the batch command. */
  sets: readonly string[];
  /** Paths the batch plans (cells × paths per cell). */
  planned: number;
  /** Paths that finished: what every estimate is computed over. */
  finished: number;
  /** Results store file and batch id: the `failed_paths` table there lists every failure. */
  db: string;
  batchId: string;
}

/** `arg` quoted for a POSIX shell when it holds anything but plain characters. */
function shellWord(arg: string): string {
  return /^[A-Za-z0-9_./=:,+@%-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command that re-runs one failed path alone: the batch's scenario and `--set` overrides, then its cell's
 * parameters, at its seed.
 *
 * @example
 * rerunCommand({ cell: 1, path: 4, seed: 77, parameters: { 'protocols.0.ltv': 0.7 }, name: 'InvariantError', message: 'x' }, context);
 * // 'cascade run scenarios/a.yaml --seed 77 --set protocols.0.ltv=0.7 --no-store'
 */
export function rerunCommand(failure: StoredFailure, context: Pick<FailureContext, 'scenarioFile' | 'sets'>): string {
  const sets = [...context.sets, ...cellOverrides(failure.parameters)].flatMap((set) => ['--set', shellWord(set)]);
  return [
    'cascade',
    'run',
    shellWord(context.scenarioFile),
    '--seed',
    String(failure.seed),
    ...sets,
    '--no-store',
  ].join(' ');
}

/** The error as one line: its class and the first line of its message, at most 200 characters. */
function errorLine(failure: StoredFailure): string {
  const line = `${failure.name}: ${failure.message.split('\n')[0]}`;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * The text a batch command prints when paths failed (empty when none did): the count, that every estimate is over
 * the paths that finished, and for up to {@link MAX_LISTED_FAILURES} of them the error and the re-run command.
 *
 * @example process.stdout.write(header + failureNote(executed.failures, context) + table);
 */
export function failureNote(failures: readonly StoredFailure[], context: FailureContext): string {
  if (failures.length === 0) return '';
  const lines = [
    `${failures.length} of ${context.planned} paths failed (threw an error) and are left out: every estimate is over the ${context.finished} that finished. ` +
      `All are in ${context.db}, table failed_paths, batch_id '${context.batchId}'. Re-run one alone to see it:`,
  ];
  for (const failure of failures.slice(0, MAX_LISTED_FAILURES)) {
    lines.push(
      `  cell ${failure.cell}, path ${failure.path}, seed ${failure.seed}: ${errorLine(failure)}`,
      `    ${rerunCommand(failure, context)}`,
    );
  }
  if (failures.length > MAX_LISTED_FAILURES) lines.push(`  … and ${failures.length - MAX_LISTED_FAILURES} more`);
  return lines.join('\n') + '\n';
}

/**
 * The `--json` form: the count and up to {@link MAX_JSON_FAILURES} failed paths with their error and re-run command.
 *
 * @example JSON.stringify({ batch, failed: failuresJson(executed.failures, context), summary });
 */
export function failuresJson(failures: readonly StoredFailure[], context: FailureContext): object {
  return {
    count: failures.length,
    paths: failures.slice(0, MAX_JSON_FAILURES).map((f) => ({
      cell: f.cell,
      path: f.path,
      seed: f.seed,
      parameters: f.parameters,
      error: f.name,
      message: f.message,
      command: rerunCommand(f, context),
    })),
    ...(failures.length > MAX_JSON_FAILURES ? { more: failures.length - MAX_JSON_FAILURES } : {}),
  };
}
