import { SingleBar } from 'cli-progress';

/** Reports batch progress: a bar with ETA on a terminal, plain lines otherwise. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Longest silence of the plain-line display while work moves: a line at least this often (ms), besides one per 10%. */
const PLAIN_HEARTBEAT_MS = 10_000;

/** Seconds as `1 m 05 s` / `12 s`. */
function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** Whether progress is shown at all: `CASCADE_PROGRESS=0` in the environment turns it off. */
export function progressEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CASCADE_PROGRESS !== '0';
}

/** Where a task stood when its progress display was created later than the task started. */
export interface ProgressStart {
  /** `performance.now()` when the task started. */
  time: number;
  /** Units done then. */
  done: number;
}

/**
 * A progress reporter writing to `stream` (stderr): on a TTY a cli-progress bar with the ETA, else a
 * plain line at each further 10% of the `unit`s, at least every 10 s while they advance, and at the end, with
 * the elapsed time and an ETA;
 * nothing when {@link progressEnabled} says no. `since` dates the elapsed time and the rate from the
 * task's start (default: the first update). Wall-clock time only reaches this display, never a result.
 *
 * @example
 * const progress = createProgress('mc thin-pool-shock', process.stderr);
 * progress.update(10, 100); progress.stop();
 */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream,
  unit = 'paths',
  since?: ProgressStart,
): Progress {
  if (!progressEnabled()) return { update() {}, stop() {} };
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} ${unit} · {percentage}% · ETA {eta_formatted}`,
      stream,
      hideCursor: true,
    });
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  const start = since?.time ?? performance.now();
  let first = since?.done ?? -1;
  let lastDecile = -1;
  let lastLine = { at: start, done: -1 };
  return {
    update(done, total) {
      if (first < 0) first = done;
      const decile = total === 0 ? 10 : Math.floor((10 * done) / total);
      const now = performance.now();
      const quiet = now - lastLine.at >= PLAIN_HEARTBEAT_MS && done !== lastLine.done;
      if (decile === lastDecile && done !== total && !quiet) return;
      lastDecile = decile;
      lastLine = { at: now, done };
      const elapsed = (now - start) / 1000;
      const rate = (done - first) / Math.max(elapsed, 1e-9);
      const eta = done === total ? 0 : (total - done) / rate;
      stream.write(
        `${label}: ${done}/${total} ${unit} (${total === 0 ? 100 : Math.floor((100 * done) / total)}%), ${duration(elapsed)} elapsed, ETA ${duration(eta)}\n`,
      );
    },
    stop() {},
  };
}
