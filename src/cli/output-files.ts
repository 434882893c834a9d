import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes several files into `dir` so that none appears half-written: all are written into a fresh
 * temporary folder inside `dir` first, then each is renamed into place (rename is atomic on one
 * file system). If anything fails before the renames, no output file is touched.
 *
 * @example writeFilesAtomically('out', { 'summary.json': '{}' });
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(path.join(dir, '.cascade-tmp-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(staging, name), content);
    const written: string[] = [];
    for (const name of Object.keys(files)) {
      const target = path.join(dir, name);
      renameSync(path.join(staging, name), target);
      written.push(target);
    }
    return written;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
