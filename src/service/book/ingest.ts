// The ingest pipeline of the live risk service: parsed updates → write-ahead log (durable) → book → acknowledgement.
import { InvariantError } from '../../kernel/errors.js';
import type { LiveBook } from './live-book.js';
import { UpdateError, accountKey, checkedNow, positionConflict, type Update } from './messages.js';
import type { UpdateLog } from './wal.js';
import { bumpFlightVersion, inFlight, type InFlight } from './in-flight.js';
import { ingestHints } from './ingest-hints.js';

/**
 * Logs `updates` (parsed by parseUpdates/parseNdjson) durably, then applies them to `book`, and answers how many were
 * accepted and the book's sequence after the last of them: an acknowledged update survives a crash. `lines` are the
 * log lines (default: those parseNdjson built, see ingest-hints.ts, else each update's canonical JSON, protocol
 * resolved). Requests ingested concurrently share one
 * fdatasync (UpdateLog group commit) and apply in call order. Because a request is parsed against the book before
 * earlier requests still in the log queue have applied, the position messages are checked again here, synchronously,
 * against the book plus those requests (an UpdateError, `line` = 1-based index in `updates`, nothing logged).
 *
 * @example const { accepted, sequence } = await ingest(book, log, parseNdjson(body, book));
 */
export async function ingest(
  book: LiveBook,
  log: UpdateLog,
  updates: readonly Update[],
  lines?: readonly string[],
): Promise<{ accepted: number; sequence: number }> {
  if (lines !== undefined && lines.length !== updates.length)
    throw new InvariantError(`ingest: ${lines.length} log lines for ${updates.length} updates`);
  if (updates.length === 0) return { accepted: 0, sequence: book.sequence };
  let flight = inFlight.get(book);
  if (flight === undefined) inFlight.set(book, (flight = new Map()));
  // Checked against this very book state and these requests in flight: the recheck would find what parse found.
  const fresh = checkedNow(updates, book);
  const opened = new Map<string, boolean>();
  for (let k = 0; k < updates.length; k++) {
    const u = updates[k];
    if (u.type !== 'position') continue;
    if (fresh && u.op === 'change') continue;
    const key = accountKey(u.protocol, u.account);
    if (!fresh) {
      const exists = opened.get(key) ?? flight.get(key)?.open ?? book.hasAccount(u.protocol, u.account);
      const conflict = positionConflict(u, exists);
      if (conflict) {
        throw new UpdateError(k + 1, 'account', conflict);
      }
    }
    if (u.op !== 'change') opened.set(key, u.op === 'open');
  }
  if (opened.size > 0) bumpFlightVersion(book);
  for (const [key, open] of opened) {
    const entry = flight.get(key);
    if (entry) {
      entry.open = open;
      entry.pending += 1;
    } else flight.set(key, { open, pending: 1 });
  }
  let sequence = book.sequence;
  try {
    const hints = lines === undefined ? ingestHints(updates) : undefined;
    const logLines = lines ?? hints?.lines;
    const entries =
      logLines !== undefined
        ? [...logLines]
        : hints?.text !== undefined
          ? { text: hints.text, count: updates.length }
          : updates.map((u) => JSON.stringify(u));
    await log.append(entries, () => {
      book.apply(updates);
      sequence = book.sequence;
    });
  } finally {
    for (const key of opened.keys()) {
      const entry = flight.get(key) as InFlight;
      if (--entry.pending === 0) flight.delete(key);
    }
    if (opened.size > 0) bumpFlightVersion(book);
  }
  return { accepted: updates.length, sequence };
}
