/**
 * Writing a command's set of output files into its `--out` folder so that a reader never takes a mixed or partial
 * set for a complete one: the set is staged in a fresh temporary folder, the previous set's manifest is removed, the
 * files are renamed into place, and `cascade-manifest.json` (each file's name, size and SHA-256) is written last.
 * Trust a set only when its manifest is there and its files match it.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { CascadeError, UsageError } from '../kernel/errors.js';
import { fileSystemReason } from '../store/file-errors.js';
import { processExists } from '../kernel/process-exists.js';

/** Name of the manifest written last into an `--out` folder; present only while the set beside it is whole. */
export const MANIFEST_FILE = 'cascade-manifest.json';

/** Prefix of the temporary folders a set is staged in (`.cascade-tmp-<pid>-<random>`). */
const STAGING_PREFIX = '.cascade-tmp-';

/** Throws a {@link UsageError} before any work is done when `dir` exists and is not a directory. */
export function checkOutputDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`--out ${dir}: exists and is not a directory; give a directory path`);
}

/**
 * The manifest of a set: `{ complete: true, files: [{ name, bytes, sha256 }] }` in the order given (no time, so the
 * same outputs give the same manifest).
 *
 * @example JSON.parse(manifestText({ 'a.txt': 'x' })).files[0].bytes; // 1
 */
export function manifestText(files: Readonly<Record<string, string | Uint8Array>>): string {
  const entries = Object.entries(files).map(([name, content]) => {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return { name, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  return JSON.stringify({ complete: true, files: entries }, null, 2) + '\n';
}

/**
 * Removes the staging folders that killed runs left in `dir`: every `.cascade-tmp-*` entry whose process (the pid in
 * its name) is no longer alive, and those of the older unnumbered form. Returns the names removed.
 *
 * @example removeStaleStaging('out'); // ['.cascade-tmp-4242-a1B2c3']
 */
export function removeStaleStaging(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = /^\.cascade-tmp-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && (Number(pid) === process.pid || processExists(Number(pid)))) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** The file-system step under way, for the error message: which path, doing what. */
interface Step {
  path: string;
}

/**
 * Writes a set of files into `dir` so that no reader takes a mixed set for a whole one: first stale staging folders
 * of killed runs are removed, then every file is written into a fresh folder `dir/.cascade-tmp-<pid>-*`; then the
 * previous set's {@link MANIFEST_FILE} is removed, each file is renamed into place (atomic on one file system) and
 * the new manifest is renamed in last. A crash before the renames leaves the previous set with its manifest; one
 * during them leaves no manifest. Any file-system failure is a {@link CascadeError} (exit code 1) naming the path
 * and the reason in one line (a failure while staging leaves the previous set untouched); a `dir` that is not a
 * directory is a {@link UsageError} (exit code 2).
 *
 * @example writeFilesAtomically('out', { 'summary.json': '{}' });
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string | Uint8Array>>): string[] {
  checkOutputDir(dir);
  const step: Step = { path: dir };
  let staging = '';
  try {
    mkdirSync(dir, { recursive: true });
    removeStaleStaging(dir);
    staging = mkdtempSync(path.join(dir, `${STAGING_PREFIX}${process.pid}-`));
    for (const [name, content] of Object.entries(files)) {
      step.path = path.join(dir, name);
      writeFileSync(path.join(staging, name), content);
    }
    writeFileSync(path.join(staging, MANIFEST_FILE), manifestText(files));
    step.path = path.join(dir, MANIFEST_FILE);
    if (existsSync(step.path)) unlinkSync(step.path);
    const targets = Object.keys(files).map((name) => {
      const target = (step.path = path.join(dir, name));
      renameSync(path.join(staging, name), target);
      return target;
    });
    step.path = path.join(dir, MANIFEST_FILE);
    renameSync(path.join(staging, MANIFEST_FILE), step.path);
    return targets;
  } catch (error) {
    // Not a usage error: the flag is well formed, the file system refused (exit code 1).
    throw new CascadeError(`--out ${dir}: cannot write ${step.path}: ${fileSystemReason(error)}`);
  } finally {
    if (staging)
      try {
        rmSync(staging, { recursive: true, force: true });
      } catch {
        // Left for the next run's removeStaleStaging.
      }
  }
}
