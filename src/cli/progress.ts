import { createProgress, type Progress } from './batch/progress.js';

export type { Progress } from './batch/progress.js';

/** How long a command runs before its progress appears: a shorter one shows none. */
export const PROGRESS_AFTER_MS = 1000;

/**
 * Progress of a single command that may run long (`run`, `compare`, `map`), on stderr so that stdout
 * keeps the table or the `--json` object: nothing during the first {@link PROGRESS_AFTER_MS}, then the
 * batch commands' display ({@link createProgress}): a bar on a terminal, a plain line at each further
 * 10% otherwise. `CASCADE_PROGRESS=0` turns it off. The clock only times the display, never the model.
 *
 * @example
 * const progress = delayedProgress('run thin-pool-shock', 'blocks');
 * runScenario(scenario, { onBlock: progress.update });
 * progress.stop();
 */
export function delayedProgress(
  label: string,
  unit: string,
  stream: NodeJS.WriteStream = process.stderr,
  afterMs = PROGRESS_AFTER_MS,
): Progress {
  const start = performance.now();
  let shown: Progress | undefined;
  return {
    update(done, total) {
      if (shown === undefined) {
        if (done >= total || performance.now() - start < afterMs) return;
        shown = createProgress(label, stream, unit, { time: start, done: 0 });
      }
      shown.update(done, total);
    },
    stop() {
      shown?.stop();
    },
  };
}

/**
 * Runs `work` with a {@link delayedProgress} on stderr and stops the display however `work` ends, so an
 * error message never lands on a half-drawn bar.
 *
 * @example
 * const result = withProgress('run thin-pool-shock', 'blocks', (onBlock) => runScenario(scenario, { onBlock }));
 */
export function withProgress<T>(
  label: string,
  unit: string,
  work: (update: (done: number, total: number) => void) => T,
): T {
  const progress = delayedProgress(label, unit);
  try {
    return work(progress.update);
  } finally {
    progress.stop();
  }
}
