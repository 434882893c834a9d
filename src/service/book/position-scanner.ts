// A hand-written scanner for the common NDJSON line of ingest, a flat position message, so most lines are read
// without JSON.parse and without an intermediate object. It only ever says "this line is a plain position message
// with these fields" or "not sure": anything unusual (escapes, nesting, duplicate keys, other types, out-of-range
// values) goes to the full JSON + schema path, which finds and words the problem exactly as before.

/** The fields of one scanned position line; numbers are NaN and strings undefined when the key is absent. */
export interface ScannedPosition {
  op: 'open' | 'change' | 'close';
  protocol: string | undefined;
  asset: string | undefined;
  account: string;
  collateral: number;
  debt: number;
  time: number;
  /** Whether the line is already the canonical text of the message (its write-ahead log line, see messages.ts
   * logLine): no spaces, protocol given (not asset), keys in the order type, op, protocol, account, collateral,
   * debt, time, and every number as JavaScript writes it. */
  canonical: boolean;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** 2^53: every integer below it is a double exactly. */
const EXACT_INTEGER = 9007199254740992;
/** Powers of ten a double holds exactly (10^0 … 10^22). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Index after the last value read; the scanner's functions return a value and leave their end here. */
let cursor = 0;
/** Whether the last number jsonNumber read is written as String(value) would write it. */
let canonicalNumber = false;
/** Most significant digits of a number whose shortest round-trip text is the digits it was written with (a double
 * tells apart every decimal of up to 15 significant digits). */
const CANONICAL_DIGITS = 15;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function skipSpace(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * A string token at `i` (the opening quote) made only of printable ASCII other than `"` and `\` (so its JSON text is
 * the string itself, and JSON.stringify writes it back the same); undefined otherwise. Leaves `cursor` after it.
 */
function plainString(s: string, i: number, end: number): string | undefined {
  if (s.charCodeAt(i) !== QUOTE) return undefined;
  const start = i + 1;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === QUOTE) {
      cursor = k + 1;
      return s.slice(start, k);
    }
    if (c < 32 || c > 126 || c === BACKSLASH) return undefined;
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * A JSON number token at `i` (RFC 8259 grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), as JSON.parse reads
 * it; NaN when the text there is not one. Leaves `cursor` after it.
 */
function jsonNumber(s: string, i: number, end: number): number {
  const from = i;
  let negative = false;
  if (s.charCodeAt(i) === MINUS) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let scale = 0;
  let c = s.charCodeAt(i);
  const digitsFrom = i;
  if (c === ZERO) i++;
  else if (c > ZERO && c <= NINE) {
    while (i < end && isDigit((c = s.charCodeAt(i)))) {
      mantissa = mantissa * 10 + (c - ZERO);
      i++;
    }
  } else return NaN;
  // Zeros before the first other digit: the integer part "0" and the fraction's leading zeros.
  let leading = mantissa === 0 ? i - digitsFrom : 0;
  let fraction = false;
  if (i < end && s.charCodeAt(i) === DOT) {
    fraction = true;
    i++;
    if (!(i < end && isDigit(s.charCodeAt(i)))) return NaN;
    while (i < end && isDigit((c = s.charCodeAt(i)))) {
      if (mantissa === 0 && c === ZERO) leading++;
      mantissa = mantissa * 10 + (c - ZERO);
      scale -= 1;
      i++;
    }
  }
  const digitsTo = i;
  let exponent = false;
  c = s.charCodeAt(i);
  if (i < end && (c === 101 || c === 69)) {
    exponent = true;
    i++;
    c = s.charCodeAt(i);
    if (i < end && (c === 43 || c === MINUS)) i++;
    if (!(i < end && isDigit(s.charCodeAt(i)))) return NaN;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
  }
  cursor = i;
  // String(x) for 10^−6 ≤ x < 10^21 writes its shortest round-trip digits in plain decimal: the text itself when it
  // has at most 15 significant digits, no trailing zero after the point, no sign and no exponent (0 is "0").
  canonicalNumber =
    !negative &&
    !exponent &&
    !(fraction && s.charCodeAt(digitsTo - 1) === ZERO) &&
    digitsTo - digitsFrom - (fraction ? 1 : 0) - leading <= CANONICAL_DIGITS &&
    (!fraction || mantissa === 0 || leading <= 6);
  // Clinger's fast path: an exact integer mantissa times or over an exact power of ten is one correctly rounded
  // operation, the value JSON.parse gives; anything else is read by Number, which rounds correctly too.
  if (!exponent && mantissa < EXACT_INTEGER && scale >= -22) {
    const value = scale === 0 ? mantissa : mantissa / EXACT_POWERS[-scale];
    return negative ? -value : value;
  }
  return Number(s.slice(from, i));
}

/** The keys of a position message, by the index the scanner gives them (0–4 strings, 5–7 numbers). */
const KEYS = ['type', 'op', 'protocol', 'asset', 'account', 'time', 'collateral', 'debt'] as const;

/** Place of each KEYS entry in the canonical order (asset: none, the canonical text gives protocol). */
const CANONICAL_RANK = [0, 1, 2, -1, 3, 6, 4, 5];

/** The KEYS entry a key may be, by its first two letters (one candidate each), as a map from their char codes. */
const CANDIDATE = new Map(KEYS.map((key, k) => [key.charCodeAt(0) * 128 + key.charCodeAt(1), k]));

/** Index in KEYS of the quoted key at `i` (without slicing it out), or −1; leaves `cursor` after its closing quote. */
function keyAt(s: string, i: number, end: number): number {
  if (s.charCodeAt(i) !== QUOTE || i + 2 >= end) return -1;
  const k = CANDIDATE.get(s.charCodeAt(i + 1) * 128 + s.charCodeAt(i + 2));
  if (k === undefined) return -1;
  const key = KEYS[k];
  const close = i + 1 + key.length;
  if (close < end && s.charCodeAt(close) === QUOTE && s.startsWith(key, i + 1)) {
    cursor = close + 1;
    return k;
  }
  return -1;
}

/** The last protocol id read: the next line most likely names it too, and then it is not sliced out again. */
let lastProtocol = '';

/**
 * The plain string token at `i` when it is `"<known>"` exactly (no slicing: `known` itself is returned), else as
 * {@link plainString} reads it. Leaves `cursor` after it.
 */
function knownOrPlainString(s: string, i: number, end: number, known: string): string | undefined {
  const close = i + 1 + known.length;
  if (
    known.length > 0 &&
    close < end &&
    s.charCodeAt(i) === QUOTE &&
    s.charCodeAt(close) === QUOTE &&
    s.startsWith(known, i + 1)
  ) {
    cursor = close + 1;
    return known;
  }
  return plainString(s, i, end);
}

/**
 * Reads line `s[start, end)` when it is one flat JSON object whose keys are among the position message's (each at
 * most once), with `"type":"position"`, an `op` of open/change/close, plain-ASCII strings and JSON numbers; fills
 * `out` and returns true. Returns false for anything else (the caller then parses the line with JSON.parse and the
 * schema). It does not check the schema's ranges: the caller does, with the same rules as the schema.
 *
 * @example
 * const out = {} as ScannedPosition;
 * scanPosition('{"type":"position","op":"close","account":"a"}', 0, 46, out); // true, out.account === 'a'
 */
export function scanPosition(s: string, start: number, end: number, out: ScannedPosition): boolean {
  let i = skipSpace(s, start, end);
  if (s.charCodeAt(i) !== OPEN_BRACE) return false;
  // Canonical so far: no space skipped, keys in canonical order, numbers as String writes them.
  let canonical = i === start;
  let rank = -1;
  let seen = 0;
  let type: string | undefined;
  let op: string | undefined;
  out.protocol = undefined;
  out.asset = undefined;
  out.account = '';
  out.collateral = NaN;
  out.debt = NaN;
  out.time = NaN;
  let at = i + 1;
  i = skipSpace(s, at, end);
  for (;;) {
    if (i !== at) canonical = false;
    const index = keyAt(s, i, end);
    if (index < 0 || (seen & (1 << index)) !== 0) return false;
    seen |= 1 << index;
    if (CANONICAL_RANK[index] <= rank) canonical = false;
    rank = CANONICAL_RANK[index];
    i = skipSpace(s, cursor, end);
    if (s.charCodeAt(i) !== COLON) return false;
    at = i + 1;
    i = skipSpace(s, at, end);
    if (i !== at) canonical = false;
    if (index <= 2) {
      // type, op and protocol take few values: matched in place rather than sliced out.
      const value = knownOrPlainString(s, i, end, index === 0 ? 'position' : index === 1 ? 'change' : lastProtocol);
      if (value === undefined) return false;
      if (index === 0) type = value;
      else if (index === 1) op = value;
      else out.protocol = lastProtocol = value;
    } else if (index <= 4) {
      const value = plainString(s, i, end);
      if (value === undefined) return false;
      if (index === 3) out.asset = value;
      else out.account = value;
    } else {
      const value = jsonNumber(s, i, end);
      if (Number.isNaN(value)) return false;
      if (!canonicalNumber) canonical = false;
      if (index === 5) out.time = value;
      else if (index === 6) out.collateral = value;
      else out.debt = value;
    }
    i = skipSpace(s, cursor, end);
    if (i !== cursor) canonical = false;
    const c = s.charCodeAt(i);
    if (c === COMMA) {
      at = i + 1;
      i = skipSpace(s, at, end);
      continue;
    }
    if (c !== CLOSE_BRACE) return false;
    if (skipSpace(s, i + 1, end) !== end) return false;
    if (i + 1 !== end) canonical = false;
    break;
  }
  if (type !== 'position' || (seen & (1 << 4)) === 0) return false;
  if (op !== 'open' && op !== 'change' && op !== 'close') return false;
  out.op = op;
  // The canonical text names the protocol (a message by asset is logged with the protocol it resolves to).
  out.canonical = canonical && (seen & (1 << 2)) !== 0;
  return true;
}
