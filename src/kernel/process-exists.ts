// Whether a process is alive on this host, by signal 0 (POSIX kill(2): no signal is sent, only the check is made).

/**
 * Whether process `pid` exists on this host. EPERM means it exists but belongs to another user.
 *
 * @example processExists(process.pid); // true
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
