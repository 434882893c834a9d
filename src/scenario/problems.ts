import { ScenarioError } from '../kernel/errors.js';

/**
 * One problem found in a scenario, a data file it refers to, or a `--set` argument, in a form a
 * program can read (`cascade validate --json`). `text` is the line the CLI prints.
 */
export interface Problem {
  /** The file the problem is in (as given on the command line or in the scenario); `null` for a `--set` argument. */
  file: string | null;
  /** 1-based line in `file` (in a position book: the data row); `null` when the problem concerns the whole file or a
   * `--set` argument. */
  line: number | null;
  /**
   * 1-based column: in a YAML/JSON scenario the character column; in a CSV file the field's position
   * in its row (1 = first); `null` when the problem concerns a whole row or file.
   */
  column: number | null;
  /** The scenario field path (`protocols.0.ltv`) or the CSV column name (`price`); `null` when none applies. */
  field: string | null;
  /** The `--set` argument(s) blamed, as given (`protocols.0.ltv=2`); absent when the file is to blame. */
  set?: string[];
  /** What is wrong and what is allowed. */
  message: string;
  /** The problem as one printed line, `file:line:column: field: message`. */
  text: string;
}

/** Problems left out of a list that was cut short: how many, in which file. */
export interface OmittedProblems {
  file: string;
  count: number;
  /** How many of the file's problems were listed; {@link PROBLEMS_LISTED_PER_FILE} when absent (a data file). */
  listed?: number;
}

/** Most problems listed for one data file; the rest are counted. */
export const PROBLEMS_LISTED_PER_FILE = 20;

/**
 * A scenario (or a data file it refers to) has problems: `problems` lists them in file and line order,
 * `omitted` counts those left out of long lists. The message prints one problem per line.
 *
 * @example
 * try { loadScenario('a.yaml'); } catch (e) { if (e instanceof ScenarioProblems) console.log(e.problems.length); }
 */
export class ScenarioProblems extends ScenarioError {
  override name = 'ScenarioProblems';
  constructor(
    readonly problems: readonly Problem[],
    readonly omitted: readonly OmittedProblems[] = [],
  ) {
    super(problemsText(problems, omitted), problems[0] ? locationOf(problems[0]) : undefined);
  }
}

/** `file:line:column`, `file:line`, `file` or `--set` for one problem. */
function locationOf(problem: Problem): string {
  if (problem.file === null) return '--set';
  return [problem.file, problem.line, problem.column].filter((part) => part !== null).join(':');
}

/** The printed form: one problem per line, then a note per file whose list was cut. */
function problemsText(problems: readonly Problem[], omitted: readonly OmittedProblems[]): string {
  const notes = omitted.map(
    ({ file, count, listed = PROBLEMS_LISTED_PER_FILE }) =>
      `${file}: ${count.toLocaleString('en-US')} more problem${count === 1 ? '' : 's'} not shown (the first ${listed} are listed)`,
  );
  return [...problems.map((problem) => problem.text), ...notes].join('\n');
}
