// The write-ahead log of the live book: accepted updates are appended and fdatasync'd before they are applied, and
// a checkpoint plus the log after it restores the book exactly.
import { open, readFile, rename, stat, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CascadeError, InvariantError } from '../../kernel/errors.js';
import type { LiveBook } from './live-book.js';
import { parseUpdates } from './messages.js';
import { checkpointOf, restoreCheckpoint, type BookCheckpoint } from './checkpoint.js';

const HEADER = 'cascade-live-log';
/** Log lines parsed and applied at a time on restore. */
const REPLAY_CHUNK = 8192;

/** Log lines already joined: `text` holds `count` lines, each ending with a newline. */
export interface LogText {
  text: string;
  count: number;
}

type Job =
  | {
      kind: 'append';
      lines: readonly string[] | LogText;
      onDurable?: () => void;
      resolve: () => void;
      reject: (e: unknown) => void;
    }
  | { kind: 'checkpoint'; book: LiveBook; resolve: () => void; reject: (e: unknown) => void };

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` to `file` through a temporary file, fsync and rename, then fsyncs the directory. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncDirectory(dirname(file));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The write-ahead log of a live book, beside its DuckDB file `FILE`: `FILE.log.ndjson` holds a header line
 * `{"log":"cascade-live-log","start":S}` then one accepted update per line (updates S+1, S+2, …), and
 * `FILE.checkpoint.json` the whole book at some sequence C ≥ S.
 *
 * - append: concurrent calls are group-committed: every queued batch is written in one write and made durable by
 *   one fdatasync, then each batch's `onDurable` (the apply) runs in queue order and its promise resolves.
 * - checkpoint: queued like an append (so it sees every earlier batch applied and no later one): the book is written
 *   to a temporary file, fsync'd and renamed over the checkpoint, then the log is replaced (temporary + rename) by
 *   an empty one starting at the checkpoint's sequence. A crash between the two leaves the old log, whose first C − S
 *   updates restore skips.
 * - restore: the checkpoint (if any), then every log update after it, parsed and checked as requests are.
 * - A crash mid-write leaves a torn last line (no final newline): it was never acknowledged, so open truncates the
 *   log to the last complete line and it is ignored. A complete line that does not parse is corruption: restore
 *   throws, naming the file and line.
 * - A failed write or fdatasync is fatal: every later append is refused (the service should exit), since the log
 *   can no longer promise what was made durable.
 *
 * @example
 * const log = await UpdateLog.open('cascade-live.duckdb');
 * await log.restore(book);
 * await log.append(['{"type":"gas","gwei":30}'], () => book.apply([{ type: 'gas', gwei: 30 }]));
 */
export class UpdateLog {
  /** Updates in the log after its header. */
  private count: number;
  private readonly queue: Job[] = [];
  private flushing = false;
  private failed: unknown = undefined;
  private closed = false;
  /** Lines dropped from a torn end when the log was opened. */
  readonly tornBytes: number;

  private constructor(
    readonly logFile: string,
    readonly checkpointFile: string,
    private handle: FileHandle,
    /** Sequence of the book before the log's first update. */
    private start: number,
    count: number,
    tornBytes: number,
  ) {
    this.count = count;
    this.tornBytes = tornBytes;
  }

  /** Opens (or creates) the log of `dbFile`, dropping a torn last line. */
  static async open(dbFile: string): Promise<UpdateLog> {
    const logFile = `${dbFile}.log.ndjson`;
    const checkpointFile = `${dbFile}.checkpoint.json`;
    let start = 0;
    let count = 0;
    let torn = 0;
    const bytes = (await exists(logFile)) ? await readFile(logFile) : Buffer.alloc(0);
    const end = bytes.lastIndexOf(10) + 1;
    if (end < bytes.length) {
      torn = bytes.length - end;
      await truncate(logFile, end);
    }
    if (end > 0) {
      const text = bytes.subarray(0, end).toString('utf8');
      start = headerStart(text, logFile);
      for (let k = text.indexOf('\n') + 1; k < text.length; k = text.indexOf('\n', k) + 1) count += 1;
    } else {
      if (await exists(checkpointFile))
        start = (JSON.parse(await readFile(checkpointFile, 'utf8')) as BookCheckpoint).sequence;
      await writeAtomic(logFile, `${JSON.stringify({ log: HEADER, start })}\n`);
    }
    const handle = await open(logFile, 'a');
    return new UpdateLog(logFile, checkpointFile, handle, start, count, torn);
  }

  /** Sequence after the last update in the log. */
  get end(): number {
    return this.start + this.count;
  }

  /**
   * Appends `lines` (one update each, no newline inside; or a {@link LogText} of lines already joined); resolves once
   * they are durable and `onDurable` has run.
   */
  append(lines: readonly string[] | LogText, onDurable?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'append', lines, onDurable, resolve, reject });
      this.kick();
    });
  }

  /** Writes a checkpoint of `book` and starts an empty log after it (see the class notes). */
  checkpoint(book: LiveBook): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'checkpoint', book, resolve, reject });
      this.kick();
    });
  }

  /**
   * Loads the checkpoint (if any) into `book`, a book fresh from LiveBook.fromScenario, then replays the log after
   * it. Returns the updates replayed.
   */
  async restore(book: LiveBook): Promise<number> {
    let sequence = book.sequence;
    if (await exists(this.checkpointFile)) {
      const data = JSON.parse(await readFile(this.checkpointFile, 'utf8')) as BookCheckpoint;
      restoreCheckpoint(book, data, this.checkpointFile);
      sequence = data.sequence;
    }
    const text = (await readFile(this.logFile)).toString('utf8');
    const skip = sequence - this.start;
    if (skip < 0 || skip > this.count)
      throw new CascadeError(
        `${this.logFile}: the log holds updates ${this.start + 1}–${this.end} but the book is at ${sequence}` +
          (skip < 0 ? ' (checkpoint missing?)' : ' (log truncated?)'),
      );
    let line = 1;
    let at = text.indexOf('\n') + 1;
    let replayed = 0;
    let raw: unknown[] = [];
    let lines: number[] = [];
    const flush = () => {
      book.apply(parseUpdates(raw, book, lines));
      replayed += raw.length;
      raw = [];
      lines = [];
    };
    while (at < text.length) {
      const next = text.indexOf('\n', at);
      line += 1;
      if (line - 1 > skip) {
        try {
          raw.push(JSON.parse(text.slice(at, next)));
        } catch {
          throw new CascadeError(`${this.logFile}:${line}: corrupt log line (not JSON); restore from a backup`);
        }
        lines.push(line);
        if (raw.length === REPLAY_CHUNK) flush();
      }
      at = next + 1;
    }
    if (raw.length > 0) flush();
    return replayed;
  }

  /** Waits for queued work, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.drained();
    this.closed = true;
    await this.handle.close();
  }

  private async drained(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setImmediate(r));
  }

  private kick(): void {
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const job = this.queue[0];
        if (job.kind === 'checkpoint') {
          this.queue.shift();
          await this.runCheckpoint(job);
          continue;
        }
        let n = 0;
        while (n < this.queue.length && this.queue[n].kind === 'append') n++;
        await this.runAppends(this.queue.splice(0, n) as Extract<Job, { kind: 'append' }>[]);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async runAppends(jobs: Extract<Job, { kind: 'append' }>[]): Promise<void> {
    if (this.failed !== undefined || this.closed) {
      const error = this.failed ?? new CascadeError(`${this.logFile}: the log is closed`);
      for (const job of jobs) job.reject(error);
      return;
    }
    let text = '';
    let lines = 0;
    for (const job of jobs) {
      if (!Array.isArray(job.lines)) {
        const { text: joined, count } = job.lines as LogText;
        if (count > 0 && !joined.endsWith('\n')) {
          job.reject(new InvariantError('update log: a joined text must end with a newline'));
          return;
        }
        text += joined;
        lines += count;
        continue;
      }
      const given = job.lines as readonly string[];
      for (const line of given) {
        if (line.includes('\n')) {
          job.reject(new InvariantError('update log: a line holds a newline'));
          return;
        }
      }
      if (given.length > 0) text += `${given.join('\n')}\n`;
      lines += given.length;
    }
    try {
      if (text.length > 0) {
        await this.handle.write(text);
        await this.handle.datasync();
      }
    } catch (error) {
      this.failed = new CascadeError(
        `${this.logFile}: write failed, the log refuses further updates: ${String(error)}`,
      );
      for (const job of jobs) job.reject(this.failed);
      return;
    }
    this.count += lines;
    for (const job of jobs) {
      try {
        job.onDurable?.();
        job.resolve();
      } catch (error) {
        // Logged but not applied: book and log disagree from here on.
        this.failed = error;
        job.reject(error);
      }
    }
  }

  private async runCheckpoint(job: Extract<Job, { kind: 'checkpoint' }>): Promise<void> {
    try {
      if (this.failed !== undefined) throw this.failed;
      const { book } = job;
      if (book.sequence !== this.end)
        throw new InvariantError(`checkpoint: the book is at ${book.sequence} but the log ends at ${this.end}`);
      await writeAtomic(this.checkpointFile, JSON.stringify(checkpointOf(book)));
      await this.handle.close();
      this.failed = new CascadeError(`${this.logFile}: interrupted checkpoint, the log refuses further updates`);
      await writeAtomic(this.logFile, `${JSON.stringify({ log: HEADER, start: book.sequence })}\n`);
      this.handle = await open(this.logFile, 'a');
      this.start = book.sequence;
      this.count = 0;
      this.failed = undefined;
      job.resolve();
    } catch (error) {
      job.reject(error);
    }
  }
}

function headerStart(text: string, file: string): number {
  const first = text.slice(0, Math.max(0, text.indexOf('\n')));
  try {
    const header = JSON.parse(first) as { log?: string; start?: number };
    if (header.log === HEADER && Number.isInteger(header.start)) return header.start as number;
  } catch {
    // reported below
  }
  throw new CascadeError(`${file}:1: not a live-book update log (first line must be {"log":"${HEADER}","start":N})`);
}
