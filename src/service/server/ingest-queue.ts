// One queue for every ingest request: validate → write-ahead log (durable) → apply → acknowledge, in arrival order.
import type { LiveBook } from '../book/live-book.js';
import type { Update } from '../book/messages.js';
import type { UpdateLog } from '../book/wal.js';
import { ingest } from '../book/ingest.js';

/** The answer to an accepted request: updates applied and the sequence number of the last one. */
export interface Ack {
  accepted: number;
  sequence: number;
}

/** What the queue calls after each applied request (alerts, state pushes, metrics). */
export type AfterApply = (updates: readonly Update[], ack: Ack) => void;

/**
 * Serialises ingest: each request is parsed against the book as it stands after every earlier request (so semantic
 * checks see the earlier lines), appended to the write-ahead log and fdatasync'd, then applied, then acknowledged. A
 * request that fails validation changes nothing and does not delay the ones behind it beyond its own parse.
 *
 * @example
 * const queue = new IngestQueue(book, log);
 * const ack = await queue.submit((b) => parseNdjson(text, b)); // { accepted, sequence }
 */
export class IngestQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(
    private readonly book: LiveBook,
    private readonly log: UpdateLog,
    private readonly afterApply: AfterApply = () => {},
    /** Checkpoint the book (inside the queue, so no request is half-applied) once this many updates arrived since
     * the last checkpoint; 0 = never. */
    private readonly checkpointEvery = 0,
  ) {}

  private sinceCheckpoint = 0;

  /** Requests waiting or in progress. */
  get depth(): number {
    return this.pending;
  }

  /**
   * Queues one request; `parse` runs when its turn comes and throws (e.g. UpdateError) to reject the request whole.
   * Resolves with the ack once the updates are durable and applied.
   */
  submit(parse: (book: LiveBook) => Update[]): Promise<Ack> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    this.pending += 1;
    const run = this.tail.then(() => this.process(parse));
    this.tail = run.catch(() => undefined);
    return run.finally(() => {
      this.pending -= 1;
    });
  }

  /** Refuses new requests and resolves when every queued one has finished. */
  async drain(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private async process(parse: (book: LiveBook) => Update[]): Promise<Ack> {
    const updates = parse(this.book);
    const ack = await ingest(this.book, this.log, updates);
    if (updates.length === 0) return ack;
    this.afterApply(updates, ack);
    this.sinceCheckpoint += updates.length;
    if (this.checkpointEvery > 0 && this.sinceCheckpoint >= this.checkpointEvery) {
      this.sinceCheckpoint = 0;
      // Queued in the log behind this request's append: the checkpoint holds exactly the updates acknowledged so far.
      await this.log.checkpoint(this.book);
    }
    return ack;
  }
}

/** The service is shutting down and takes no more updates. */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}
