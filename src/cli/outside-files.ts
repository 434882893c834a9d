/**
 * `--allow-outside-files`, shared by every command that loads a scenario: the flag has exactly the meaning of
 * `CASCADE_ALLOW_OUTSIDE_FILES=1` (data files the scenario names outside its folder are read), because it sets that
 * variable for the command's process before the action runs; worker threads and child processes the command starts
 * inherit it.
 */
import type { Command } from 'commander';
import { ALLOW_OUTSIDE_FILES_ENV } from '../scenario/data-paths.js';

/** The flag's help text. */
export const ALLOW_OUTSIDE_FILES_HELP = `read data files the scenario names outside its folder (refused by default; the same as ${ALLOW_OUTSIDE_FILES_ENV}=1)`;

/**
 * Adds `--allow-outside-files` to `command`; when given, {@link ALLOW_OUTSIDE_FILES_ENV} is set to `1` before the
 * action, so every scenario the command loads may name data files outside its folder.
 *
 * @example addAllowOutsideFilesOption(program.command('run'));
 */
export function addAllowOutsideFilesOption(command: Command): Command {
  return command.option('--allow-outside-files', ALLOW_OUTSIDE_FILES_HELP).hook('preAction', (self) => {
    if (self.opts<{ allowOutsideFiles?: boolean }>().allowOutsideFiles === true)
      process.env[ALLOW_OUTSIDE_FILES_ENV] = '1';
  });
}
