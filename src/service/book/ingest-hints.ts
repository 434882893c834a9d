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
}

const hints = new WeakMap<readonly Update[], IngestHints>();

/**
 * Attaches hints to the very array a parse returned.
 *
 * @example setIngestHints(updates, slots, lines);
 */
export function setIngestHints(updates: readonly Update[], slots?: Int32Array, lines?: string[]): void {
  if (slots === undefined && lines === undefined) hints.delete(updates);
  else hints.set(updates, { slots, lines });
}

/**
 * The hints of a parsed request, or undefined.
 *
 * @example ingestHints(parseNdjson(text, book))?.lines?.[0];
 */
export function ingestHints(updates: readonly Update[]): IngestHints | undefined {
  return hints.get(updates);
}
