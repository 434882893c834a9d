// Cross-field checks of position books read from files (protocols[].borrowers.file, traders.file); part of
// checkReferences. The files' contents are checked when they are read (book-files.ts).
import { resolve } from 'node:path';
import type { PathSegment } from './paths.js';
import { list, str, type Rec } from './references-chains.js';

/** The rules {@link checkBookFiles} enforces, in words (listed in docs/scenario.md). */
export const bookReferenceRules: readonly string[] = [
  "A position book's `file` (`borrowers.file`, `traders.file`) exists, relative to the scenario file's directory.",
];

/**
 * Reports every `borrowers.file` or `traders.file` of a raw or validated scenario that names no file.
 *
 * @example checkBookFiles(input, dir, fileExists, report);
 */
export function checkBookFiles(
  input: Rec,
  dir: string,
  fileExists: (absolutePath: string) => boolean,
  report: (path: PathSegment[], message: string) => void,
): void {
  for (const [i, protocol] of list(input, 'protocols')) {
    for (const key of ['borrowers', 'traders']) {
      const entry = protocol[key];
      const file = typeof entry === 'object' && entry !== null ? str((entry as Rec).file) : undefined;
      if (file === undefined || file === '') continue;
      const absolute = resolve(dir, file);
      if (!fileExists(absolute))
        report(
          ['protocols', i, key, 'file'],
          `file not found: "${file}" (looked for ${absolute}; paths are relative to the scenario file)`,
        );
    }
  }
}
