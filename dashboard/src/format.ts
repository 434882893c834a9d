/**
 * Text of the numbers the dashboard shows. Exact amounts reuse the reports' formatting (src/kernel/format.ts);
 * axis labels use a compact form (1.2M) so they never widen the plot or get clipped. Values that are not finite
 * (missing fields of an answer) print as an en dash instead of throwing.
 */
import { formatCount, formatGrouped, formatPercent, formatUsd } from '../../src/kernel/format.js';

const DASH = '–';

/** A finite number, or undefined for anything else (null, NaN, a missing field). */
function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * USD with thousands separators and 2 decimals, as in the reports.
 *
 * @example
 * usd(1234.5); // '1,234.50'
 * usd(null);   // '–'
 */
export function usd(value: unknown): string {
  const v = finite(value);
  return v === undefined ? DASH : formatUsd(v);
}

/**
 * Whole count with thousands separators.
 *
 * @example
 * count(12345); // '12,345'
 */
export function count(value: unknown): string {
  const v = finite(value);
  return v === undefined ? DASH : formatCount(v);
}

/**
 * A fraction as a percentage with 2 decimals.
 *
 * @example
 * percent(0.125); // '12.50%'
 */
export function percent(value: unknown): string {
  const v = finite(value);
  return v === undefined ? DASH : formatPercent(v);
}

/**
 * A number with at most `decimals` decimals and thousands separators.
 *
 * @example
 * num(1850.456, 2); // '1,850.46'
 */
export function num(value: unknown, decimals = 4): string {
  const v = finite(value);
  return v === undefined ? DASH : formatGrouped(v, decimals);
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Compact axis label: 3 significant digits at most and a k/M/B/T suffix.
 *
 * @example
 * compact(1234567); // '1.23M'
 * compact(950);     // '950'
 * compact(0.5);     // '0.5'
 */
export function compact(value: unknown): string {
  const v = finite(value);
  if (v === undefined) return DASH;
  const abs = Math.abs(v);
  for (const [scale, suffix] of SUFFIXES) {
    if (abs >= scale) return `${Number((v / scale).toPrecision(3))}${suffix}`;
  }
  return String(Number(v.toPrecision(3)));
}

/**
 * A price with decimals suited to its magnitude: 2 decimals from 1 up, 4 below, 8 below 0.01.
 *
 * @example
 * price(1850.456); // '1,850.46'
 * price(0.99987);  // '0.9999'
 */
export function price(value: unknown): string {
  const v = finite(value);
  if (v === undefined) return DASH;
  const abs = Math.abs(v);
  return formatGrouped(v, abs >= 1 ? 2 : abs >= 0.01 ? 4 : 8);
}

/**
 * Wall-clock time of a ms-since-epoch stamp as HH:MM:SS in UTC (the service's logs are in UTC too).
 *
 * @example
 * clock(Date.UTC(2026, 11, 7, 5, 4, 3)); // '05:04:03'
 */
export function clock(ms: unknown): string {
  const v = finite(ms);
  if (v === undefined) return DASH;
  return new Date(v).toISOString().slice(11, 19);
}

/**
 * Date and time as YYYY-MM-DD HH:MM:SS UTC.
 *
 * @example
 * dateTime(Date.UTC(2026, 11, 7, 5, 4, 3)); // '2026-12-07 05:04:03'
 */
export function dateTime(ms: unknown): string {
  const v = finite(ms);
  if (v === undefined) return DASH;
  return new Date(v).toISOString().slice(0, 19).replace('T', ' ');
}
