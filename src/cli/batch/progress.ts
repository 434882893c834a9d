import { SingleBar } from 'cli-progress';

/** Reports batch progress: a bar with ETA on a terminal, plain lines otherwise. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Seconds as `1 m 05 s` / `12 s`. */
function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * A progress reporter writing to `stream` (stderr): on a TTY a cli-progress bar with the ETA, else a
 * plain line at each further 10% of the paths (and at the end), with the elapsed time and an ETA.
 * Wall-clock time only reaches this display, never a result.
 *
 * @example
 * const progress = createProgress('mc thin-pool-shock', process.stderr);
 * progress.update(10, 100); progress.stop();
 */
export function createProgress(label: string, stream: NodeJS.WriteStream): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} paths · {percentage}% · ETA {eta_formatted}`, stream, hideCursor: true });
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
  const start = performance.now();
  let first = -1;
  let lastDecile = -1;
  return {
    update(done, total) {
      if (first < 0) first = done;
      const decile = total === 0 ? 10 : Math.floor((10 * done) / total);
      if (decile === lastDecile && done !== total) return;
      lastDecile = decile;
      const elapsed = (performance.now() - start) / 1000;
      const rate = (done - first) / Math.max(elapsed, 1e-9);
      const eta = done === total ? 0 : (total - done) / rate;
      stream.write(`${label}: ${done}/${total} paths (${total === 0 ? 100 : Math.floor((100 * done) / total)}%), ${duration(elapsed)} elapsed, ETA ${duration(eta)}\n`);
    },
    stop() {},
  };
}
