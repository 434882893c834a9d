// Problems of a scenario with their sort keys: the file's own (by line and column), then its data files', then the
// `--set` arguments', listed once each and cut after the first PROBLEMS_LISTED_PER_SCENARIO of the file's own.
import { PROBLEMS_LISTED_PER_SCENARIO } from './limits.js';
import { ScenarioProblems, type OmittedProblems, type Problem } from './problems.js';

/** Order of the problem groups: the scenario file, then its data files, then the `--set` arguments. */
export const GROUP = { file: 0, data: 1, set: 2 } as const;

export interface Located {
  problem: Problem;
  /** Sort key, compared element by element: group, then line and column (or argument order). */
  sort: [number, number, number, number];
}

/** A problem of the YAML text itself (syntax, a duplicate key), at a line and column, before any field is known. */
export function syntaxProblem(file: string, line: number, column: number, message: string): Located {
  return {
    problem: { file, line, column, field: null, message, text: `${file}:${line}:${column}: ${message}` },
    sort: [GROUP.file, line, column, 0],
  };
}

/**
 * The problems in order, each once; of the scenario file's own, the first {@link PROBLEMS_LISTED_PER_SCENARIO} are
 * kept and the rest counted in `omitted` (data files cut their own lists).
 */
export function combine(lines: Located[], omitted: OmittedProblems[], fileName: string): ScenarioProblems {
  const sorted = lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.sort.reduce((order, key, k) => order || key - b.line.sort[k], 0) || a.i - b.i)
    .map(({ line }) => line.problem);
  const seen = new Set<string>();
  const unique = sorted.filter((problem) => !seen.has(problem.text) && seen.add(problem.text));
  let own = 0;
  const listed = unique.filter((problem) => problem.file !== fileName || ++own <= PROBLEMS_LISTED_PER_SCENARIO);
  const cut = own - PROBLEMS_LISTED_PER_SCENARIO;
  const notes = cut > 0 ? [{ file: fileName, count: cut, listed: PROBLEMS_LISTED_PER_SCENARIO }, ...omitted] : omitted;
  return new ScenarioProblems(listed, notes);
}
