/** How a CSV timestamp was written. */
export type TimestampKind = 'unix-s' | 'unix-ms' | 'iso';

/** A parsed timestamp: `value` is in seconds, except milliseconds for `unix-ms` (kept exact). */
export interface ParsedTimestamp {
  kind: TimestampKind;
  value: number;
}

/** Numbers whose magnitude exceeds this are unix milliseconds (1e11 s would be the year 5138). */
export const MILLISECONDS_THRESHOLD = 1e11;

const UNIX = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses one CSV timestamp: unix seconds, unix milliseconds (magnitude > 1e11) or ISO-8601
 * (date, or date-time with optional seconds, fraction and offset; no offset means UTC).
 * Returns `undefined` if the text is none of these or names an impossible date.
 *
 * @example
 * parseTimestamp('1700000000000'); // { kind: 'unix-ms', value: 1700000000000 }
 * parseTimestamp('2024-01-01T00:01:00Z'); // { kind: 'iso', value: 1704067260 }
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  if (UNIX.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) return undefined;
    return Math.abs(value) > MILLISECONDS_THRESHOLD ? { kind: 'unix-ms', value } : { kind: 'unix-s', value };
  }
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second >= 60) return undefined;
  const offsetMinutes = parseOffset(m[7]);
  if (offsetMinutes === undefined) return undefined;
  // UTC seconds = calendar seconds − zone offset
  const value = Date.UTC(year, month - 1, day, hour, minute) / 1000 + second - offsetMinutes * 60;
  return { kind: 'iso', value };
}

function parseOffset(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
