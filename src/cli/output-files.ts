import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CascadeError, UsageError } from '../kernel/errors.js';

/** Throws a {@link UsageError} before any work is done when `dir` exists and is not a directory. */
export function checkOutputDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`--out ${dir}: exists and is not a directory; give a directory path`);
}

/**
 * Writes several files into `dir` so that none appears half-written: all are written into a fresh
 * temporary folder inside `dir` first, then each is renamed into place (rename is atomic on one
 * file system). If anything fails before the renames, no output file is touched; the failure is a
 * {@link CascadeError} (exit code 1), while a `dir` that is not a directory is a {@link UsageError} (exit code 2).
 *
 * @example writeFilesAtomically('out', { 'summary.json': '{}' });
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string | Uint8Array>>): string[] {
  checkOutputDir(dir);
  let staging = '';
  try {
    mkdirSync(dir, { recursive: true });
    staging = mkdtempSync(path.join(dir, '.cascade-tmp-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(staging, name), content);
    return Object.keys(files).map((name) => {
      const target = path.join(dir, name);
      renameSync(path.join(staging, name), target);
      return target;
    });
  } catch (error) {
    // Not a usage error: the flag is well formed, the file system refused (exit code 1).
    throw new CascadeError(
      `--out ${dir}: cannot write output files (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
