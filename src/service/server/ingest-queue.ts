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
  /** Settles once every request submitted so far has finished. */
  private finished: Promise<void> = Promise.resolve();
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
   * Resolves with the ack once the updates are durable and applied. Only the parse and the hand-over to the log wait
   * for the request before: a request is parsed while the one before it is being written, and requests waiting for
   * the disk together share one fdatasync (the log's group commit; ingest rechecks opens and closes against the
   * requests in flight, and the log applies them in order).
   */
  submit(parse: (book: LiveBook) => Update[]): Promise<Ack> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    this.pending += 1;
    // The object wrapper keeps the durability promise from being awaited inside the turn.
    const turn = this.tail.then(() => {
      const updates = parse(this.book);
      return { updates, durable: ingest(this.book, this.log, updates) };
    });
    this.tail = turn.catch(() => undefined);
    const run = turn.then(({ updates, durable }) => durable.then((ack) => this.afterDurable(updates, ack)));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.finished = this.finished.then(() => settled);
    return run.finally(() => {
      this.pending -= 1;
    });
  }

  /** Refuses new requests and resolves when every queued one has finished. */
  async drain(): Promise<void> {
    this.closed = true;
    await this.finished;
  }

  private async afterDurable(updates: readonly Update[], ack: Ack): Promise<Ack> {
    if (updates.length === 0) return ack;
    this.afterApply(updates, ack);
    this.sinceCheckpoint += updates.length;
    if (this.checkpointEvery > 0 && this.sinceCheckpoint >= this.checkpointEvery) {
      this.sinceCheckpoint = 0;
      // Queued in the log behind the appends handed over so far: the checkpoint holds exactly those updates, and the
      // log restarts after its sequence.
      await this.log.checkpoint(this.book);
    }
    return ack;
  }
}

/** The service is shutting down and takes no more updates. */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}
