/**
 * Exit codes, as POSIX utilities use them (a usage error is 2, e.g. `grep`, `diff`, `ls`), and 130 = 128 + SIGINT
 * as shells report a command stopped by Ctrl-C.
 */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Invalid input (a scenario, a data file, a `--set` value) or a run that failed. */
  failure: 1,
  /** A malformed command line: unknown command or option, missing argument, a flag value of the wrong form. */
  usage: 2,
  /**
   * `cascade export` of a batch that is not complete (running or interrupted) without `--allow-partial`: nothing was
   * written; a script can wait for the batch (or resume it) and try again.
   */
  incomplete: 3,
  /** A batch stopped by Ctrl-C after the paths under way were stored (the same command resumes it). */
  interrupted: 130,
} as const;
