import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CascadeError, UsageError } from '../kernel/errors.js';

/**
 * Writes one file so that it never appears half-written: into a temporary file beside it, then renamed into place
 * (atomic on one file system). A `file` that is a directory is a {@link UsageError} (exit code 2); a file system
 * refusal is a {@link CascadeError} naming the file and the system's code (exit code 1), and leaves no temporary file.
 *
 * @example writeFileAtomically('schema.json', '{}\n');
 */
export function writeFileAtomically(file: string, text: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    // Absent: it is created.
  }
  if (isDirectory) throw new UsageError(`--out ${file}: is a directory; give a file path`);
  const temporary = join(dirname(file), `.${basename(file)}.cascade-tmp-${process.pid}`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CascadeError(
      `--out ${file}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
