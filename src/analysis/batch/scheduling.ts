/**
 * The plumbing of runBatch that decides nothing about results: how many paths go into one message
 * to a worker, and how finished paths are handed to the caller in batches. Wall-clock time is read
 * here only to size chunks and to time deliveries; no path's result depends on it.
 */
import type { PathFailure } from './path-runner.js';
import type { PathRecord } from './types.js';

/**
 * Work a chunk should hold, in milliseconds of simulation: long enough that messaging costs nothing
 * (a message round trip is well under 1 ms), short enough for prompt progress and abort.
 *
 * @example
 * new ChunkSizer(undefined, 2).next(1000) <= MAX_CHUNK_PATHS; // true
 */
export const CHUNK_TARGET_MS = 200;

/**
 * Most paths in one chunk.
 *
 * @example
 * Math.min(MAX_CHUNK_PATHS, Math.round(CHUNK_TARGET_MS / 0.5)); // 64 for 0.5 ms paths
 */
export const MAX_CHUNK_PATHS = 64;

/**
 * Finished paths are delivered once this many have collected… A delivery is one store transaction, which costs
 * about 30 ms of CPU whatever its size (ten statements and a commit), on a machine whose cores run the paths: at 64
 * paths a delivery, storing 10,000 paths took 5.6 s of CPU; at 1,024, 0.75 s.
 *
 * @example
 * new PathDelivery(onPaths, DELIVER_EVERY_PATHS, DELIVER_EVERY_MS); // the defaults
 */
export const DELIVER_EVERY_PATHS = 1024;

/**
 * …or this many milliseconds after the previous delivery, whichever comes first: a SIGKILL loses at most this much
 * finished work (Ctrl-C loses none: it delivers what has finished).
 *
 * @example
 * new PathDelivery(onPaths, 16, DELIVER_EVERY_MS); // smaller batches, same timing
 */
export const DELIVER_EVERY_MS = 2000;

/**
 * Chooses how many paths to send in the next chunk. With a fixed size, that size. Otherwise 1 until a
 * chunk has come back, then CHUNK_TARGET_MS ÷ (ms per path of the latest chunk), within
 * 1 … MAX_CHUNK_PATHS; never more than remaining ÷ slots, so the last chunks spread over every worker.
 * The latest chunk rather than the mean, so a worker's start-up (up to seconds) stops counting at once.
 *
 * @example
 * const sizer = new ChunkSizer(undefined, 2);
 * sizer.next(100);      // 1
 * sizer.observe(1, 20); // the latest chunk: one path in 20 ms
 * sizer.next(100);      // 10
 */
export class ChunkSizer {
  /** Milliseconds per path of the latest chunk; undefined before the first. */
  private perPath: number | undefined;

  constructor(
    private readonly fixed: number | undefined,
    private readonly slots: number,
  ) {}

  /** Records that a chunk of `paths` paths took `milliseconds` from sending to result. */
  observe(paths: number, milliseconds: number): void {
    if (paths > 0) this.perPath = Math.max(milliseconds / paths, 1e-3);
  }

  /** Size of the next chunk when `remaining` paths are still to send. */
  next(remaining: number): number {
    const fair = Math.max(1, Math.floor(remaining / this.slots));
    if (this.fixed !== undefined) return Math.min(this.fixed, remaining);
    if (this.perPath === undefined) return 1;
    const wanted = Math.min(MAX_CHUNK_PATHS, Math.max(1, Math.round(CHUNK_TARGET_MS / this.perPath)));
    return Math.min(wanted, fair, remaining);
  }
}

/**
 * Collects finished paths, and the paths that threw, and hands them to `onPaths` in batches (every
 * DELIVER_EVERY_PATHS paths or DELIVER_EVERY_MS), one call at a time: a call that returns a promise is awaited
 * before the next. A failing `onPaths` stops further deliveries; `failure` holds its error.
 *
 * @example
 * const delivery = new PathDelivery(async (records, failed) => store.insert(records, failed));
 * delivery.add(recordsOfAChunk, failuresOfTheChunk);
 * await delivery.close(); // delivers what is left; delivery.delivered counts the paths handed over
 */
export class PathDelivery {
  /** Paths handed to onPaths without error. */
  delivered = 0;
  /** Failed paths handed to onPaths without error. */
  failuresDelivered = 0;
  /** The first error onPaths threw, if any. */
  failure: unknown = undefined;
  private buffer: PathRecord[] = [];
  private threw: PathFailure[] = [];
  private chain: Promise<void> = Promise.resolve();
  // Wall-clock time only decides when finished paths are handed over, never what a path computes.
  private lastDelivery = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly onPaths: (records: PathRecord[], failures: PathFailure[]) => void | Promise<void>,
    private readonly everyPaths = DELIVER_EVERY_PATHS,
    private readonly everyMs = DELIVER_EVERY_MS,
  ) {
    this.timer = setInterval(() => {
      if (performance.now() - this.lastDelivery >= this.everyMs) this.flush();
    }, this.everyMs);
    this.timer.unref();
  }

  /** Whether onPaths has thrown. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Adds finished paths and paths that threw; delivers when enough have collected or enough time has passed. */
  add(records: readonly PathRecord[], failures: readonly PathFailure[] = []): void {
    this.buffer.push(...records);
    this.threw.push(...failures);
    if (
      this.buffer.length + this.threw.length >= this.everyPaths ||
      performance.now() - this.lastDelivery >= this.everyMs
    )
      this.flush();
  }

  /** Queues a delivery of everything collected so far. */
  flush(): void {
    if (this.buffer.length === 0 && this.threw.length === 0) return;
    const batch = this.buffer;
    const failures = this.threw;
    this.buffer = [];
    this.threw = [];
    this.lastDelivery = performance.now();
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        await this.onPaths(batch, failures);
        this.delivered += batch.length;
        this.failuresDelivered += failures.length;
      } catch (error) {
        this.failure = error ?? new Error('onPaths failed');
      }
    });
  }

  /** Delivers what is left, waits for every delivery, and stops the timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await this.chain;
  }
}
