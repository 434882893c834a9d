// Parsing and validating the live book's update messages: zod for the shape of each message, then the checks
// against the book and the earlier messages of the same request (account open or not, protocol, asset, venue).
import { CascadeError } from '../../kernel/errors.js';
import type { LiveBook } from './live-book.js';
import { DEPTH_PER_PCT_VENUES } from './live-book.js';
import { POSITION_OPS, UPDATE_TYPES, describeInput, issueOf, updateSchemas } from './message-schemas.js';
import type { DepthUpdate, PositionUpdate, Update } from './update-types.js';
import { hasAccountsInFlight, pendingOpen } from './in-flight.js';

export type { Update, PositionUpdate, PriceUpdate, DepthUpdate, GasUpdate } from './update-types.js';

/** Largest request body, bytes (HTTP). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Largest NDJSON line, bytes. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Largest WebSocket frame, bytes. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * A message of a request is invalid; the request is refused whole. `line` is 1-based: the NDJSON line, or the index
 * in a JSON array (1 for a single object).
 *
 * @example new UpdateError(3, 'debt', 'must be ≥ 0, got -5').body(); // { error: 'invalid update', line: 3, … }
 */
export class UpdateError extends CascadeError {
  override name = 'UpdateError';
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid update at line ${line}: ${field}: ${reason}`);
  }

  /** The error object the API answers with. */
  body(): { error: 'invalid update'; line: number; field: string; reason: string } {
    return { error: 'invalid update', line: this.line, field: this.field, reason: this.reason };
  }
}

/**
 * A request, line or frame is over its size limit (HTTP 413): nothing of it is applied.
 *
 * @example throw new PayloadTooLargeError('line 4', MAX_LINE_BYTES);
 */
export class PayloadTooLargeError extends CascadeError {
  override name = 'PayloadTooLargeError';
  constructor(
    readonly what: string,
    readonly limitBytes: number,
  ) {
    super(`${what} is larger than ${limitBytes} bytes`);
  }
}

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
  const open = new Map<string, boolean>();
  const context = new BookContext(book);
  const updates = new Array<Update>(raw.length);
  // Requests logged but not yet applied may open or close accounts this one names.
  const flying = hasAccountsInFlight(book);
  for (let k = 0; k < raw.length; k++) {
    const line = lines?.[k] ?? k + 1;
    const u = parseOne(raw[k], line, context);
    if (u.type === 'position') {
      // The request's own opens and closes first (only when it has some: most requests are changes).
      const key = open.size > 0 || flying || u.op !== 'change' ? accountKey(u.protocol, u.account) : '';
      const earlier = (open.size > 0 ? open.get(key) : undefined) ?? (flying ? pendingOpen(book, key) : undefined);
      const conflict = positionConflict(u, earlier ?? book.hasAccount(u.protocol, u.account));
      if (conflict) throw new UpdateError(line, 'account', conflict);
      if (u.op !== 'change') open.set(key, u.op === 'open');
    }
    updates[k] = u;
  }
  checkedAt.set(updates, book.sequence);
  return updates;
}

/** The book sequence each parsed request was checked at (ingest skips its recheck when nothing moved since). */
const checkedAt = new WeakMap<readonly Update[], number>();

/**
 * The book sequence at which parseUpdates checked `updates` (the very array it returned), or undefined.
 *
 * @example checkedSequence(parseUpdates(raw, book)) === book.sequence; // true until the book changes
 */
export function checkedSequence(updates: readonly Update[]): number | undefined {
  return checkedAt.get(updates);
}

/**
 * Splits NDJSON text into lines (blank lines skipped, still counted), parses each as JSON and checks them with
 * {@link parseUpdates}. Throws {@link PayloadTooLargeError} for a line over {@link MAX_LINE_BYTES} and {@link
 * UpdateError} for a line that is not a JSON object.
 *
 * @example parseNdjson('{"type":"gas","gwei":30}\n', book);
 */
export function parseNdjson(text: string, book: LiveBook): Update[] {
  const raw: unknown[] = [];
  const lines: number[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line += 1;
    const s = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    // Bytes are at most 3 per UTF-16 unit: count them only when the line might be over.
    if (s.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(s) > MAX_LINE_BYTES)
      throw new PayloadTooLargeError(`line ${line}`, MAX_LINE_BYTES);
    if (s.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (error) {
      throw new UpdateError(line, '$', `not valid JSON (${(error as Error).message})`);
    }
    raw.push(value);
    lines.push(line);
  }
  return parseUpdates(raw, book, lines);
}

/** What parsing needs of the book, computed once per request. */
class BookContext {
  readonly protocols: { id: string; collateral: string }[];
  readonly assets: string[];
  constructor(readonly book: LiveBook) {
    this.protocols = book.protocolAssets();
    this.assets = book.assets();
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
  }
  if (type === 'position') {
    const fast = plainPosition(value, kind as (typeof POSITION_OPS)[number]);
    if (fast) return position(fast, line, context);
  }
  const schema = updateSchemas[kind];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { field, reason } = issueOf(schema, value, parsed.error.issues[0]);
    throw new UpdateError(line, field, reason);
  }
  const data = parsed.data as Record<string, unknown>;
  if (type === 'position') return position(data, line, context);
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
 * The common case of ingest without zod's cost: `value` itself when it plainly meets the position schema of `op`
 * (the same rules as {@link updateSchemas}), else undefined, and zod then finds and words the problem.
 */
function plainPosition(
  value: Record<string, unknown>,
  op: (typeof POSITION_OPS)[number],
): Record<string, unknown> | undefined {
  for (const key in value) if (!POSITION_FIELDS.has(key)) return undefined;
  const { protocol, asset, account, time, collateral, debt } = value;
  if (!isName(account)) return undefined;
  if (protocol !== undefined && !isName(protocol)) return undefined;
  if (asset !== undefined && !isName(asset)) return undefined;
  if (time !== undefined && !isUnits(time)) return undefined;
  if (op === 'close') return collateral === undefined && debt === undefined ? value : undefined;
  const required = op === 'open';
  if (collateral === undefined ? required : !isUnits(collateral)) return undefined;
  if (debt === undefined ? required : !isUnits(debt)) return undefined;
  return value;
}

function idsOf(protocols: readonly { id: string }[]): string {
  return protocols.map((p) => p.id).join(', ') || '(none)';
}

function position(data: Record<string, unknown>, line: number, context: BookContext): PositionUpdate {
  const { protocols } = context;
  const { asset } = data;
  // Canonical field order, so the log line of an update is the same however it was sent.
  const u = { type: 'position', op: data.op, protocol: data.protocol, account: data.account } as PositionUpdate;
  if (data.collateral !== undefined) u.collateral = data.collateral as number;
  if (data.debt !== undefined) u.debt = data.debt as number;
  if (data.time !== undefined) u.time = data.time as number;
  if (u.protocol !== undefined) {
    if (asset !== undefined) throw new UpdateError(line, 'asset', 'give protocol or asset, not both');
    if (!protocols.some((p) => p.id === u.protocol))
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
