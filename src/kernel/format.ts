/**
 * Number formatting shared by the CSV, the terminal summary, the HTML report, the stored batch text and the cascade
 * map.
 * Pure string manipulation on `toExponential`/`toFixed` output, so the result does not depend
 * on the locale or ICU data of the machine. Every function throws an {@link InvariantError}
 * on NaN or ±Infinity: run results promise finite numbers, so one reaching a report is a bug.
 */
import { InvariantError } from './errors.js';

function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new InvariantError(`${what} is not finite: ${value}`);
}

/**
 * Prints `value` rounded to `significant` significant digits as a plain decimal: never an
 * exponent, no trailing zeros after the point, `-0` printed as `0`.
 *
 * @example
 * plainDecimal(1234567.891);    // '1234567.891'
 * plainDecimal(1e-7);           // '0.0000001'
 * plainDecimal(2 / 3, 4);       // '0.6667'
 * plainDecimal(1.5e21);         // '1500000000000000000000'
 */
export function plainDecimal(value: number, significant = 10, what = 'value'): string {
  requireFinite(value, what);
  if (!Number.isInteger(significant) || significant < 1 || significant > 100) {
    throw new InvariantError(`significant digits must be an integer in 1..100, got ${significant}`);
  }
  if (value === 0) return '0';
  const [mantissa, expText] = Math.abs(value)
    .toExponential(significant - 1)
    .split('e');
  const exponent = Number(expText);
  const digits = mantissa.replace('.', '');
  let intPart: string;
  let fracPart: string;
  if (exponent >= 0) {
    const intLength = exponent + 1;
    intPart = intLength >= digits.length ? digits + '0'.repeat(intLength - digits.length) : digits.slice(0, intLength);
    fracPart = intLength >= digits.length ? '' : digits.slice(intLength);
  } else {
    intPart = '0';
    fracPart = '0'.repeat(-exponent - 1) + digits;
  }
  fracPart = fracPart.replace(/0+$/, '');
  const sign = value < 0 ? '-' : '';
  return sign + intPart + (fracPart === '' ? '' : `.${fracPart}`);
}

/** Inserts `,` every three digits of a string of digits. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Fixed-point with thousands separators and between 0 and `maxDecimals` decimals (trailing
 * zeros dropped).
 *
 * @example
 * formatGrouped(1234567.891, 2); // '1,234,567.89'
 * formatGrouped(1000, 2);        // '1,000'
 * formatGrouped(-0.5, 2);        // '-0.5'
 */
export function formatGrouped(value: number, maxDecimals: number): string {
  requireFinite(value, 'value');
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [intPart, rawFrac = ''] = fixed.split('.');
  const fracPart = rawFrac.replace(/0+$/, '');
  const isZero = /^[0.]*$/.test(fixed);
  const sign = value < 0 && !isZero ? '-' : '';
  return sign + groupThousands(intPart) + (fracPart === '' ? '' : `.${fracPart}`);
}

/**
 * Fixed-point with thousands separators and exactly `decimals` decimals (trailing zeros kept,
 * so the decimal points of a right-aligned column line up); a value that rounds to zero
 * prints unsigned.
 *
 * @example
 * formatFixed(59908.1, 2);  // '59,908.10'
 * formatFixed(-0.001, 2);   // '0.00'
 */
export function formatFixed(value: number, decimals: number): string {
  requireFinite(value, 'value');
  const fixed = Math.abs(value).toFixed(decimals);
  const [intPart, fracPart] = fixed.split('.');
  const sign = value < 0 && !/^[0.]*$/.test(fixed) ? '-' : '';
  return sign + groupThousands(intPart) + (fracPart === undefined ? '' : `.${fracPart}`);
}

/**
 * USD amount, the one rule used everywhere (terminal, HTML): thousands separators and always
 * exactly 2 decimals, whatever the magnitude; no currency sign (labels carry the unit).
 *
 * @example
 * formatUsd(1234567.891); // '1,234,567.89'
 * formatUsd(59908.1);     // '59,908.10'
 * formatUsd(0);           // '0.00'
 */
export function formatUsd(value: number): string {
  return formatFixed(value, 2);
}

/**
 * Whole count with thousands separators.
 *
 * @example
 * formatCount(12345); // '12,345'
 */
export function formatCount(value: number): string {
  return formatGrouped(value, 0);
}

/**
 * A fraction (0.1 = 10%) as a percentage with 2 decimals.
 *
 * @example
 * formatPercent(0.123456); // '12.35%'
 * formatPercent(0);        // '0.00%'
 */
export function formatPercent(fraction: number): string {
  requireFinite(fraction, 'fraction');
  const text = (fraction * 100).toFixed(2);
  return `${/^-0\.00$/.test(text) ? '0.00' : text}%`;
}

/**
 * A dimensionless ratio with 2 decimals and a `×` sign; `null` prints as `n/a`.
 *
 * @example
 * formatMultiple(1.8349); // '1.83×'
 * formatMultiple(null);   // 'n/a'
 */
export function formatMultiple(value: number | null): string {
  if (value === null) return 'n/a';
  return `${formatGrouped(value, 2)}×`;
}

/**
 * A duration in seconds as `1 h 5 min 12 s` (zero parts omitted; `0 s` for zero).
 *
 * @example
 * formatDuration(3912); // '1 h 5 min 12 s'
 * formatDuration(3600); // '1 h'
 * formatDuration(0.5);  // '0.5 s'
 */
export function formatDuration(seconds: number): string {
  requireFinite(seconds, 'duration');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  const rest = seconds - hours * 3600 - minutes * 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${formatCount(hours)} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (rest > 0 || parts.length === 0) parts.push(`${plainDecimal(rest, 6)} s`);
  return parts.join(' ');
}
