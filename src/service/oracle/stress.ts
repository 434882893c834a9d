// Stress tests on demand: Monte Carlo of N paths on the live-state scenario, on worker threads (the event loop, and
// so ingest, keeps running), one at a time; answered per the service contract and stored in the history.
import { mean, quantile } from '../../analysis/risk/index.js';
import { LiveScenarios, type OracleContext } from './context.js';
import type { LiveBatchResult } from './monte-carlo.js';
import { IN_PROCESS } from './oracle-pool.js';
import type { BookSampling } from './sampled-book.js';

/** Accounts per protocol a stress test runs on by default: larger books are merged down to it (mergeBook). */
export const STRESS_MAX_ACCOUNTS = 10_000;

/** The stress result (GET /v1/stress/:id `result`). */
export interface StressResult {
  /** Bad debt per path, USD: mean with its bootstrap 95% CI, VaR 95%/99% (p95, p99) and CVaR 99%, each CI'd. */
  badDebtUsd: {
    mean: number;
    p95: number;
    p99: number;
    cvar99: number;
    ci95: [number, number];
    p99Ci95: [number, number];
    cvar99Ci95: [number, number];
  };
  /** Largest fall of the oracle price per path, %. */
  oracleMovePct: { mean: number; p99: number };
  /** Oracle fall / exogenous fall per path (paths where the exogenous price never fell left out); null: none. */
  amplification: { mean: number; p99: number } | null;
  liquidations: { mean: number };
  /** P(bad debt > 0) with its Wilson 95% interval. */
  probabilityOfBadDebt: { value: number; ci95: [number, number] };
  /** Share of paths that left the range the model is calibrated for (a calibration warning, docs/limits.md), with
   * its Wilson 95% interval: a stress figure from such paths is an extrapolation. */
  outsideCalibration: { value: number; ci95: [number, number] };
  /** Paths that threw and are left out. */
  failedPaths: number;
}

/** A stress test's status (GET /v1/stress/:id). */
export interface StressStatus {
  id: string;
  status: 'running' | 'done' | 'failed';
  paths: number;
  seed: number;
  /** Paths finished so far. */
  done: number;
  /** Paths simulated, once done: 1 when nothing in the live scenario draws random numbers (a fixed book and a
   * scripted price path: every path is the same run, so one stands for all; VaR, CVaR and the mean then coincide). */
  distinctPaths?: number;
  sequence?: number;
  scenarioSha256?: string;
  /** By protocol, how a book larger than the stress limit was merged for the test (absent: the whole book ran). */
  sampling?: Record<string, BookSampling>;
  /** History id and hash of the stored answer, once done. */
  historyId?: string;
  hash?: string;
  result?: StressResult;
  error?: string;
}

const pair = (i: { lower: number; upper: number }): [number, number] => [i.lower, i.upper];

/**
 * The contract's stress result from a live batch. When one path was simulated for all (`distinctPaths` 1), each
 * probability is that run's 0 or 1 exactly, so its interval is that point (a Wilson interval would treat the N copies
 * as N independent draws); the bootstrap intervals of N equal values are already points.
 *
 * @example const result = stressResult(await liveBatch(live, { paths: 100, seed: 1, workers: 2 }));
 */
export function stressResult({ records, failures, summary, distinctPaths }: LiveBatchResult): StressResult {
  const bad = summary.badDebtUsd;
  const proportion = (p: { value: number; ci95: { lower: number; upper: number } }) => ({
    value: p.value,
    ci95: distinctPaths === 1 ? ([p.value, p.value] as [number, number]) : pair(p.ci95),
  });
  const moves = records.map((r) => r.metrics.oracleDrawdown * 100);
  const amplification = summary.amplification.distribution;
  return {
    badDebtUsd: {
      mean: bad.mean.value,
      p95: bad.var95.value,
      p99: bad.var99.value,
      cvar99: bad.cvar99.value,
      ci95: pair(bad.mean.ci95),
      p99Ci95: pair(bad.var99.ci95),
      cvar99Ci95: pair(bad.cvar99.ci95),
    },
    oracleMovePct: { mean: mean(moves), p99: quantile(moves, 0.99) },
    amplification: amplification ? { mean: amplification.mean, p99: amplification.p99 } : null,
    liquidations: { mean: mean(records.map((r) => r.metrics.liquidations)) },
    probabilityOfBadDebt: proportion(summary.probabilityOfBadDebt),
    outsideCalibration: proportion(summary.probabilityOutsideCalibration),
    failedPaths: failures.length,
  };
}

/**
 * Runs stress tests on the live book: `start` returns an id at once; the test runs after any earlier one, on
 * `workers` worker threads; `status` reports progress and, when done, the result (also stored in the history as
 * kind `stress` and published as a `stress` event).
 *
 * @example
 * const runner = new StressRunner(context, { workers: 2 });
 * const id = runner.start({ paths: 1000, seed: 1 });
 * await runner.wait(id); runner.status(id)?.result?.badDebtUsd.p99;
 */
export class StressRunner {
  private readonly runs = new Map<string, StressStatus>();
  private readonly finished = new Map<string, Promise<void>>();
  private tail: Promise<void> = Promise.resolve();
  private counter = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly context: OracleContext,
    /** `maxAccounts`: see {@link STRESS_MAX_ACCOUNTS} (0: every account, however many). */
    private readonly options: { workers: number; maxAccounts?: number } = { workers: 2 },
  ) {}

  /** Queues a stress test of `paths` paths from master seed `seed`; returns its id. */
  start(request: { paths: number; seed: number }): string {
    this.counter += 1;
    const id = `stress-run-${this.counter}`;
    const status: StressStatus = { id, status: 'running', paths: request.paths, seed: request.seed, done: 0 };
    this.runs.set(id, status);
    const run = this.tail.then(() => this.run(status));
    this.tail = run;
    this.finished.set(id, run);
    return id;
  }

  /** The status of stress test `id`; undefined when there is none. */
  status(id: string): StressStatus | undefined {
    const status = this.runs.get(id);
    return status === undefined ? undefined : { ...status };
  }

  /** Resolves when stress test `id` has finished (done or failed). */
  async wait(id: string): Promise<StressStatus | undefined> {
    await this.finished.get(id);
    return this.status(id);
  }

  private async run(status: StressStatus): Promise<void> {
    try {
      if (this.abort.signal.aborted) throw new Error('the service is shutting down');
      const live = await LiveScenarios.of(this.context, this.options.maxAccounts ?? STRESS_MAX_ACCOUNTS);
      status.sequence = live.sequence;
      status.scenarioSha256 = live.sha256;
      if (live.sampling) status.sampling = live.sampling;
      const batch = await (this.context.runner ?? IN_PROCESS).batch(live, {
        paths: status.paths,
        seed: status.seed,
        workers: this.options.workers,
        signal: this.abort.signal,
        onProgress: (done) => {
          status.done = done;
        },
      });
      const result = stressResult(batch);
      const now = (this.context.now ?? Date.now)();
      const stored = await this.context.history.record({
        kind: 'stress',
        time: now,
        sequence: live.sequence,
        payload: {
          paths: status.paths,
          seed: status.seed,
          scenarioSha256: live.sha256,
          ...(live.sampling ? { sampling: live.sampling } : {}),
          distinctPaths: batch.distinctPaths,
          result,
        },
        summary: { paths: status.paths, badDebtP99: result.badDebtUsd.p99 },
        inputs: { scenarioSha256: live.sha256, books: live.books.map((b) => b.sha256) },
      });
      Object.assign(status, {
        status: 'done',
        done: batch.records.length,
        distinctPaths: batch.distinctPaths,
        result,
        historyId: stored.id,
        hash: stored.hash,
      });
    } catch (error) {
      status.status = 'failed';
      status.error = error instanceof Error ? error.message : String(error);
    }
    this.context.hub.publish('stress', { ...status });
  }

  /** Stops sending paths of the running test (it ends as failed or with the paths done) and waits for it. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.tail;
  }
}
