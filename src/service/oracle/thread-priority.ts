// The oracle thread's CPU priority: on Linux a nice value belongs to each thread (setpriority(2) with who = 0 acts on
// the calling thread only) and threads inherit it from the thread that starts them, so the oracle thread and the
// path threads it starts can yield the cores to the server's event loop.
import os from 'node:os';
import v8 from 'node:v8';

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
  } catch {
    // A nice value below the current one needs privileges: keep the current one.
    return false;
  }
  return true;
}

/**
 * Before niced threads are started (on Linux, with `nice` > 0): makes V8 isolates created from now on (the oracle
 * thread's, and the path threads' it starts) compile optimised code on their own thread, where the nice value applies,
 * instead of on V8's shared helper threads, which keep the process's priority (nice 0) whatever isolate they compile
 * for. V8 reads `--concurrent-recompilation` when it creates an isolate, so the server's main thread keeps compiling in
 * the background. Measured in a stress test's first 10 s (docs/service.md, Speed). Returns whether it was set.
 *
 * @example compileNicedThreadsOnTheirOwn(10); new Worker(file); // the worker optimises on its own thread
 */
export function compileNicedThreadsOnTheirOwn(nice: number): boolean {
  if (process.platform !== 'linux' || nice <= 0) return false;
  v8.setFlagsFromString('--no-concurrent-recompilation');
  return true;
}
