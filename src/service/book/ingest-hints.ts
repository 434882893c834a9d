// What parsing learnt about a request that ingest and the apply can reuse: the slot of each account it looked up,
// and the write-ahead log line of each update.
import type { Update } from './update-types.js';

/** Hints of one parsed request. */
export interface IngestHints {
  /** Slot of the account of update k as the parse found it (−1: none); the apply checks the slot still holds that
   * account before it uses it. May be shorter than the request (missing = −1). */
  slots?: Int32Array;
  /** The canonical log line of every update (JSON.stringify of it, built faster for scanned lines). */
  lines?: string[];
  /** Instead of `lines`: every update's log line, each ending with a newline, in one text (the request's own NDJSON
   * text when each of its lines was already canonical). */
  text?: string;
}

const hints = new WeakMap<readonly Update[], IngestHints>();

/**
 * Attaches hints to the very array a parse returned.
 *
 * @example setIngestHints(updates, { slots, lines });
 */
export function setIngestHints(updates: readonly Update[], given: IngestHints): void {
  if (given.slots === undefined && given.lines === undefined && given.text === undefined) hints.delete(updates);
  else hints.set(updates, given);
}

/**
 * The hints of a parsed request, or undefined.
 *
 * @example ingestHints(parseNdjson(text, book))?.lines?.[0];
 */
export function ingestHints(updates: readonly Update[]): IngestHints | undefined {
  return hints.get(updates);
}

/**
 * The write-ahead log text of parsed `updates`: one line per update, each ending with a newline (from the hints when
 * the parse left them, else each update's JSON).
 *
 * @example logTextOf(parseNdjson('{"type":"gas","gwei":30}', book)); // '{"type":"gas","gwei":30}\n'
 */
export function logTextOf(updates: readonly Update[]): string {
  const given = hints.get(updates);
  if (given?.text !== undefined) return given.text;
  const lines = given?.lines ?? updates.map((u) => JSON.stringify(u));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
