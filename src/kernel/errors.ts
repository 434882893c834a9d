/** Base class of every error Cascade raises on purpose; the CLI prints `message` and exits 1 (2 for a {@link
 * UsageError}). */
export class CascadeError extends Error {
  override name = 'CascadeError';
}

/** A scenario file, CSV file or `--set` override is malformed; the message names file, line, column and field. */
export class ScenarioError extends CascadeError {
  override name = 'ScenarioError';
  constructor(
    message: string,
    /** Where the problem is, e.g. `scenarios/a.yaml:12:5`, or `--set` for a command-line override. */
    readonly location?: string,
  ) {
    super(message);
  }
}

/** A command-line flag or argument is malformed; the CLI exits 2, as POSIX utilities do for a usage error. */
export class UsageError extends CascadeError {
  override name = 'UsageError';
}

/** The model reached a state that breaks one of its invariants (a bug, never bad input). */
export class InvariantError extends CascadeError {
  override name = 'InvariantError';
}
