/**
 * Entry of the CommonJS bundle of `cascade run` (dist/cli/run-bundle.cjs, written by scripts/bundle-cli.mjs): the
 * command line of `run` with everything it loads, compiled into one file that src/cli/main.ts loads through V8's
 * code cache (src/cli/run-bundle.ts). It registers only `run` in full, as src/cli/main.ts would for that command line.
 */
import { runCommandLine } from './program-main.js';
import { registerRun } from './run.js';

/** Runs a `cascade run ...` (or `cascade help run`) command line; returns the process exit code. */
export function runMain(argv: string[]): Promise<number> {
  return runCommandLine(argv, new Map([['run', registerRun]]));
}
