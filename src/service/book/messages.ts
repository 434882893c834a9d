// Parsing and validating the live book's update messages: zod for the shape of each message, then the checks
// against the book and the earlier messages of the same request (account open or not, protocol, asset, venue).
import type { LiveBook } from './live-book.js';
import { DEPTH_PER_PCT_VENUES } from './live-book.js';
import { POSITION_OPS, UPDATE_TYPES, describeInput, issueOf, updateSchemas } from './message-schemas.js';
import type { DepthUpdate, PositionUpdate, Update } from './update-types.js';
import { flightVersion, hasAccountsInFlight, pendingOpen } from './in-flight.js';
import { scanPosition, type ScannedPosition } from './position-scanner.js';
import { setIngestHints } from './ingest-hints.js';
import type { ProtocolBook } from './protocol-book.js';

export type { Update, PositionUpdate, PriceUpdate, DepthUpdate, GasUpdate } from './update-types.js';

import { MAX_LINE_BYTES, PayloadTooLargeError, UpdateError } from './update-errors.js';

export { MAX_BODY_BYTES, MAX_FRAME_BYTES, MAX_LINE_BYTES, PayloadTooLargeError, UpdateError } from './update-errors.js';

/**
 * Why a position message cannot apply when its account is (`exists`) or is not open, or null when it can.
 *
 * @example positionConflict({ type: 'position', op: 'close', protocol: 'lend', account: 'a' }, false);
 */
export function positionConflict(u: PositionUpdate, exists: boolean): string | null {
  if (u.op === 'open' && exists) return `already open in ${u.protocol}; use op "change" or "close"`;
  if (u.op !== 'open' && !exists) return `not open in ${u.protocol}; open it first with op "open"`;
  return null;
}

/** Key of an account in the overlay of a request's earlier messages. */
export const accountKey = (protocol: string, account: string): string => `${protocol}\u0000${account}`;

/**
 * Checks and normalises the messages of one request (an array; `lines[k]` is the 1-based line of `raw[k]`, default
 * k + 1) against `book` and the earlier messages: every field by its zod schema, then the protocol (given, or by
 * collateral `asset`, or the only lending protocol), the account (open for change and close, not open for open),
 * the asset of a price and the venue of a depth. Throws {@link UpdateError} at the first bad message; the book is not
 * touched.
 *
 * @example parseUpdates([{ type: 'price', asset: 'ETH', price: 1850 }], book);
 */
export function parseUpdates(raw: readonly unknown[], book: LiveBook, lines?: readonly number[]): Update[] {
  const checker = new RequestChecker(book, raw.length);
  const updates = new Array<Update>(raw.length);
  for (let k = 0; k < raw.length; k++) {
    const line = lines?.[k] ?? k + 1;
    updates[k] = checker.check(parseOne(raw[k], line, checker.context), line, k);
  }
  return checker.finish(updates);
}

/**
 * The checks of one request against the book and its own earlier messages (account open or not), message by
 * message; it also notes, for the common change of an account that is plainly open, the account's slot, so the
 * apply need not look the account up again (see ingest-hints.ts).
 */
class RequestChecker {
  readonly context: BookContext;
  private readonly open = new Map<string, boolean>();
  // Requests logged but not yet applied may open or close accounts this one names.
  private readonly flying: boolean;
  private readonly slots: Int32Array;
  private hinted = false;

  constructor(
    private readonly book: LiveBook,
    size: number,
  ) {
    this.context = new BookContext(book);
    this.flying = hasAccountsInFlight(book);
    this.slots = new Int32Array(size).fill(-1);
  }

  /** Checks message `u` of `line` (index `k` in the request) against the book and the earlier messages. */
  check(u: Update, line: number, k: number): Update {
    if (u.type !== 'position') return u;
    const { open, flying, book } = this;
    // Most messages are changes of accounts no earlier message of the request opened or closed, with none in flight:
    // one look-up, kept for the apply.
    if (!flying && u.op === 'change' && (open.size === 0 || !open.has(accountKey(u.protocol, u.account)))) {
      const store = this.context.store(u.protocol);
      const slot = store.slot(u.account);
      if (slot < 0) throw new UpdateError(line, 'account', positionConflict(u, false) as string);
      u.account = store.names[slot] as string;
      this.slots[k] = slot;
      this.hinted = true;
      return u;
    }
    // The request's own opens and closes first (only when it has some: most requests are changes).
    const key = open.size > 0 || flying || u.op !== 'change' ? accountKey(u.protocol, u.account) : '';
    const earlier = (open.size > 0 ? open.get(key) : undefined) ?? (flying ? pendingOpen(book, key) : undefined);
    const conflict = positionConflict(u, earlier ?? book.hasAccount(u.protocol, u.account));
    if (conflict) throw new UpdateError(line, 'account', conflict);
    if (u.op !== 'change') open.set(key, u.op === 'open');
    return u;
  }

  /** Records the request as checked at the book's sequence (and its slot hints, log lines or log text); returns
   * `updates`. */
  finish(updates: Update[], logLines?: string[], logText?: string): Update[] {
    checkedAt.set(updates, { sequence: this.book.sequence, flight: flightVersion(this.book) });
    setIngestHints(updates, { slots: this.hinted ? this.slots : undefined, lines: logLines, text: logText });
    return updates;
  }
}

/** The book sequence and in-flight version each parsed request was checked at (ingest skips its recheck of
 * changes when neither moved since). */
const checkedAt = new WeakMap<readonly Update[], { sequence: number; flight: number }>();

/**
 * Whether parseUpdates/parseNdjson checked `updates` (the very array it returned) against `book` as it stands now:
 * the same sequence, and the same accounts opened or closed by requests in flight.
 *
 * @example checkedNow(parseUpdates(raw, book), book); // true until the book or the requests in flight change
 */
export function checkedNow(updates: readonly Update[], book: LiveBook): boolean {
  const checked = checkedAt.get(updates);
  return checked !== undefined && checked.sequence === book.sequence && checked.flight === flightVersion(book);
}

/**
 * Splits NDJSON text into lines (blank lines skipped, still counted), parses each as JSON and checks them as
 * {@link parseUpdates} does. Throws {@link PayloadTooLargeError} for a line over {@link MAX_LINE_BYTES} and {@link
 * UpdateError} for a line that is not a JSON object; a line that is not JSON, or too large, is reported before any
 * schema or account problem of an earlier line. Plain position lines are read by a scanner (position-scanner.ts)
 * rather than JSON.parse and the schema, with the same rules; `options.scanner: false` turns it off (tests compare
 * the two).
 *
 * @example parseNdjson('{"type":"gas","gwei":30}\n', book);
 */
export function parseNdjson(text: string, book: LiveBook, options: { scanner?: boolean } = {}): Update[] {
  const useScanner = options.scanner ?? true;
  // A first guess of the line count, for the slot hints; more lines only lose their hints.
  const checker = new RequestChecker(book, Math.ceil(text.length / 64) + 1);
  const updates: Update[] = [];
  const scanned = {} as ScannedPosition;
  // The log text is the request's text with each line that is not its update's canonical JSON replaced by that JSON
  // (blank lines dropped): runs of canonical lines are sliced out whole, never rebuilt.
  const logParts: string[] = [];
  /** Start of the run of canonical lines not yet in logParts. */
  let run = 0;
  /** Ends the run before `from` and puts `replacement` for the line there; the next run starts at `next`. */
  const replaceLine = (from: number, next: number, replacement: string) => {
    if (run < from) logParts.push(text.slice(run, from));
    if (replacement !== '') logParts.push(replacement);
    run = next;
  };
  /** The first schema or account problem: thrown once every line is known to be JSON of an allowed size. */
  let deferred: UpdateError | undefined;
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line += 1;
    const from = start;
    const to = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    start = end + 1;
    // Bytes are at most 3 per UTF-16 unit: count them only when the line might be over.
    if ((to - from) * 3 > MAX_LINE_BYTES && Buffer.byteLength(text.slice(from, to)) > MAX_LINE_BYTES)
      throw new PayloadTooLargeError(`line ${line}`, MAX_LINE_BYTES);
    if (useScanner && scanPosition(text, from, to, scanned)) {
      if (deferred !== undefined) continue;
      try {
        const u = plainScanned(scanned) ? position(scanned, line, checker.context) : undefined;
        if (u !== undefined) {
          updates.push(checker.check(u, line, updates.length));
          // A line with a carriage return is not its own log line (the log's lines end with a newline alone).
          if (!(scanned.canonical && to === end)) replaceLine(from, start, `${logLine(u, checker.context)}\n`);
          continue;
        }
      } catch (error) {
        if (!(error instanceof UpdateError)) throw error;
        deferred = error;
        continue;
      }
    }
    const s = text.slice(from, to);
    if (s.trim() === '') {
      replaceLine(from, start, '');
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (error) {
      throw new UpdateError(line, '$', `not valid JSON (${(error as Error).message})`);
    }
    if (deferred !== undefined) continue;
    try {
      const u = checker.check(parseOne(value, line, checker.context), line, updates.length);
      updates.push(u);
      replaceLine(from, start, `${JSON.stringify(u)}\n`);
    } catch (error) {
      if (!(error instanceof UpdateError)) throw error;
      deferred = error;
    }
  }
  if (deferred !== undefined) throw deferred;
  if (updates.length === 0) return checker.finish(updates);
  if (run < text.length) logParts.push(text.slice(run));
  const logText = logParts.length === 1 ? logParts[0] : logParts.join('');
  return checker.finish(updates, undefined, logText.endsWith('\n') ? logText : `${logText}\n`);
}

/**
 * The write-ahead log line of a checked position update: its canonical JSON (the same text as JSON.stringify, field
 * order type, op, protocol, account, collateral, debt, time), built without a general serialiser when the account
 * is plain ASCII (the scanner only lets such names through).
 */
function logLine(u: PositionUpdate, context: BookContext): string {
  let text = `{"type":"position","op":"${u.op}","protocol":${context.quoted(u.protocol)},"account":"${u.account}"`;
  if (u.collateral !== undefined) text += `,"collateral":${u.collateral}`;
  if (u.debt !== undefined) text += `,"debt":${u.debt}`;
  if (u.time !== undefined) text += `,"time":${u.time}`;
  return `${text}}`;
}

/** What parsing needs of the book, computed once per request. */
class BookContext {
  readonly protocols: { id: string; collateral: string }[];
  readonly assets: string[];
  private readonly stores = new Map<string, ProtocolBook>();
  private readonly quotes = new Map<string, string>();
  constructor(readonly book: LiveBook) {
    this.protocols = book.protocolAssets();
    this.assets = book.assets();
  }

  /** The account store of a known protocol. */
  store(protocol: string): ProtocolBook {
    let store = this.stores.get(protocol);
    if (store === undefined) this.stores.set(protocol, (store = this.book.protocolBook(protocol)));
    return store;
  }

  /** JSON text of a protocol id. */
  quoted(protocol: string): string {
    let text = this.quotes.get(protocol);
    if (text === undefined) this.quotes.set(protocol, (text = JSON.stringify(protocol)));
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseOne(value: unknown, line: number, context: BookContext): Update {
  if (!isRecord(value)) throw new UpdateError(line, '$', `must be a JSON object, got ${describeInput(value)}`);
  const type = value.type;
  if (typeof type !== 'string' || !(UPDATE_TYPES as readonly string[]).includes(type))
    throw new UpdateError(line, 'type', `must be one of ${UPDATE_TYPES.join(', ')}, got ${describeInput(type)}`);
  let kind: keyof typeof updateSchemas = type as Exclude<(typeof UPDATE_TYPES)[number], 'position'>;
  if (type === 'position') {
    const op = value.op;
    if (typeof op !== 'string' || !(POSITION_OPS as readonly string[]).includes(op))
      throw new UpdateError(line, 'op', `must be one of ${POSITION_OPS.join(', ')}, got ${describeInput(op)}`);
    kind = op as (typeof POSITION_OPS)[number];
    const plain = plainFields(value);
    if (plain) return position(plain, line, context);
  }
  const schema = updateSchemas[kind];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { field, reason } = issueOf(schema, value, parsed.error.issues[0]);
    throw new UpdateError(line, field, reason);
  }
  const data = parsed.data as Record<string, unknown>;
  if (type === 'position') return position(fieldsOf(data), line, context);
  if (type === 'price') {
    const asset = data.asset as string;
    if (!context.assets.includes(asset))
      throw new UpdateError(
        line,
        'asset',
        `unknown asset ${describeInput(asset)}; allowed: ${context.assets.join(', ')}`,
      );
    return data as unknown as Update;
  }
  if (type === 'depth') return depth(data as unknown as DepthUpdate, line, context.book);
  return data as unknown as Update;
}

const POSITION_FIELDS = new Set(['type', 'op', 'protocol', 'asset', 'account', 'time', 'collateral', 'debt']);
const isName = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 128;
const isUnits = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v !== Infinity;

/**
 * The common case of ingest without zod's cost: the position fields of `value` when it plainly meets the position
 * schema of its op (no other keys, and the rules of {@link plainScanned}, the same as {@link updateSchemas}), else
 * undefined, and zod then finds and words the problem.
 */
function plainFields(value: Record<string, unknown>): ScannedPosition | undefined {
  for (const key in value) if (!POSITION_FIELDS.has(key)) return undefined;
  const fields = fieldsOf(value);
  return plainScanned(fields) ? fields : undefined;
}

/** The position fields of a message (its op already checked), absent numbers as NaN; values unchecked. */
function fieldsOf(data: Record<string, unknown>): ScannedPosition {
  return {
    op: data.op as ScannedPosition['op'],
    protocol: data.protocol as string | undefined,
    asset: data.asset as string | undefined,
    account: data.account as string,
    collateral: data.collateral === undefined ? NaN : (data.collateral as number),
    debt: data.debt === undefined ? NaN : (data.debt as number),
    time: data.time === undefined ? NaN : (data.time as number),
    canonical: false,
  };
}

/** A scanned number meets its schema: absent (NaN) when not `required`, else units (≥ 0, finite). */
function scannedUnits(x: number, required: boolean): boolean {
  return x !== x ? !required : isUnits(x);
}

/** Whether position fields meet the position schema of their op (names 1–128 characters, units ≥ 0 and finite, the
 * numbers `open` requires and `close` forbids), absent numbers as NaN. */
function plainScanned(p: ScannedPosition): boolean {
  if (!isName(p.account)) return false;
  if (p.protocol !== undefined && !isName(p.protocol)) return false;
  if (p.asset !== undefined && !isName(p.asset)) return false;
  if (!scannedUnits(p.time, false)) return false;
  if (p.op === 'close') return p.collateral !== p.collateral && p.debt !== p.debt;
  const required = p.op === 'open';
  return scannedUnits(p.collateral, required) && scannedUnits(p.debt, required);
}

/** Whether `id` is one of `protocols` (a loop: this runs for every position line). */
function knownProtocol(protocols: readonly { id: string }[], id: string): boolean {
  for (let k = 0; k < protocols.length; k++) if (protocols[k].id === id) return true;
  return false;
}

function idsOf(protocols: readonly { id: string }[]): string {
  return protocols.map((p) => p.id).join(', ') || '(none)';
}

function position(data: ScannedPosition, line: number, context: BookContext): PositionUpdate {
  const { protocols } = context;
  const { asset } = data;
  // Canonical field order, so the log line of an update is the same however it was sent.
  const u = { type: 'position', op: data.op, protocol: data.protocol, account: data.account } as PositionUpdate;
  if (!Number.isNaN(data.collateral)) u.collateral = data.collateral;
  if (!Number.isNaN(data.debt)) u.debt = data.debt;
  if (!Number.isNaN(data.time)) u.time = data.time;
  if (u.protocol !== undefined) {
    if (asset !== undefined) throw new UpdateError(line, 'asset', 'give protocol or asset, not both');
    if (!knownProtocol(protocols, u.protocol))
      throw new UpdateError(
        line,
        'protocol',
        `unknown lending protocol ${describeInput(u.protocol)}; allowed: ${idsOf(protocols)}`,
      );
  } else if (asset !== undefined) {
    const matching = protocols.filter((p) => p.collateral === asset);
    if (matching.length !== 1) {
      const collaterals = [...new Set(protocols.map((p) => p.collateral))].join(', ') || '(none)';
      const reason =
        matching.length === 0
          ? `no lending protocol has collateral ${describeInput(asset)}; allowed: ${collaterals}`
          : `${describeInput(asset)} is the collateral of ${matching.map((p) => p.id).join(', ')}; give protocol instead`;
      throw new UpdateError(line, 'asset', reason);
    }
    u.protocol = matching[0].id;
  } else if (protocols.length === 1) u.protocol = protocols[0].id;
  else
    throw new UpdateError(
      line,
      'protocol',
      `required when the scenario has several lending protocols; allowed: ${idsOf(protocols)}`,
    );
  if (u.op === 'change' && u.collateral === undefined && u.debt === undefined)
    throw new UpdateError(line, 'collateral', 'op "change" needs collateral, debt or both');
  return u;
}

function depth(u: DepthUpdate, line: number, book: LiveBook): DepthUpdate {
  const type = book.venueType(u.venue);
  if (type === undefined)
    throw new UpdateError(
      line,
      'venue',
      `unknown venue ${describeInput(u.venue)}; allowed: ${book.venues().join(', ')}`,
    );
  const [wanted, other] = DEPTH_PER_PCT_VENUES.includes(type)
    ? (['depthUsdPer1Pct', 'liquidityUsd'] as const)
    : (['liquidityUsd', 'depthUsdPer1Pct'] as const);
  if (u[other] !== undefined)
    throw new UpdateError(line, other, `not for venue ${u.venue} (type ${type}); give ${wanted}`);
  if (u[wanted] === undefined) throw new UpdateError(line, wanted, `required for venue ${u.venue} (type ${type})`);
  return u;
}
