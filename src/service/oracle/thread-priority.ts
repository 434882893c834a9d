// The oracle thread's CPU priority: on Linux a nice value belongs to each thread (setpriority(2) with who = 0 acts on
// the calling thread only) and threads inherit it from the thread that starts them, so the oracle thread and the
// path threads it starts can yield the cores to the server's event loop.
import os from 'node:os';

/**
 * Lowers the calling thread's CPU priority to the nice value `nice` (0 = unchanged, 19 = lowest), and so that of every
 * thread it starts later. Only on Linux: elsewhere setpriority acts on the whole process, which would slow the server's
 * event loop too, so nothing is done. Returns whether the priority was set.
 *
 * @example lowerThreadPriority(10); // in a worker thread: true on Linux, the main thread keeps nice 0
 */
export function lowerThreadPriority(nice: number): boolean {
  if (process.platform !== 'linux' || nice <= 0) return false;
  try {
    os.setPriority(0, nice);
    return true;
  } catch {
    // A nice value below the current one needs privileges: keep the current one.
    return false;
  }
}
