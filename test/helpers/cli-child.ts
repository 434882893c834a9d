import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './cli.js';

/** A CLI child process whose output is collected and can be waited on line by line. */
export interface CliChild {
  process: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the first stderr line matching `pattern` (including lines already written). */
  line(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
}

/**
 * Starts `cascade ARGS...` from source as a child process that keeps running (progress lines on), for tests that
 * signal or kill it mid-way.
 *
 * @example const worker = startCliChild(['worker', '--queue', url]); await worker.line(/worker listening/);
 */
export function startCliChild(args: readonly string[]): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CASCADE_PROGRESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const handle: CliChild = {
    process: child,
    stdout: '',
    stderr: '',
    line(pattern) {
      const found = handle.stderr.match(pattern);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (data: Buffer) => (handle.stdout += data.toString()));
  child.stderr?.on('data', (data: Buffer) => {
    handle.stderr += data.toString();
    for (const waiter of [...waiters]) {
      const found = handle.stderr.match(waiter.pattern);
      if (found) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  });
  return handle;
}

/** Signals `child` (SIGTERM by default) unless it has exited, and waits for its exit. */
export async function stopChild(child: CliChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
  await child.exit;
}
