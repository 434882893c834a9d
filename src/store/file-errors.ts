/**
 * File-system errors as one line for the user: the path and the reason in words, never a stack trace.
 */

/** Reasons in words for the error codes an output path commonly meets. */
const REASONS: Record<string, string> = {
  ENAMETOOLONG: 'file name too long',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent of the path is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  EXDEV: 'on another file system',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/**
 * The reason of a file-system error in words with its code, e.g. `file name too long (ENAMETOOLONG)`; for an error
 * without a code, its message's first line.
 *
 * @example fileSystemReason(Object.assign(new Error('x'), { code: 'EACCES' })); // 'permission denied (EACCES)'
 */
export function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return `${REASONS[code] ?? 'file-system error'} (${code})`;
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
