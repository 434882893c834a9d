// Query-parameter checks shared by the routes: each failure is a 400 naming the parameter and what is allowed.
import type { LiveBook } from '../book/live-book.js';
import { badParam } from './errors.js';

/** A route's query string as Fastify parses it. */
export type Query = Record<string, string | string[] | undefined>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badParam(name, `give it once (got ${value.length} values)`);
  return value;
}

/**
 * The `protocol` parameter: a lending protocol of the book; may be omitted when the book has exactly one.
 *
 * @example protocolParam({ protocol: 'lend' }, book); // 'lend'
 */
export function protocolParam(query: Query, book: LiveBook, name = 'protocol'): string {
  const ids = book.protocolIds();
  const value = single(query, name);
  if (value === undefined || value === '') {
    if (ids.length === 1) return ids[0];
    throw badParam(name, `required: one of ${ids.join(', ')}`);
  }
  if (!ids.includes(value)) throw badParam(name, `must be one of ${ids.join(', ')}, got "${value}"`);
  return value;
}

/**
 * An integer parameter from `min` to `max`, `fallback` when absent.
 *
 * @example intParam({ limit: '20' }, 'limit', 100, 1, 10_000); // 20
 */
export function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const text = single(query, name);
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || value < min || value > max)
    throw badParam(name, `must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

/**
 * A number parameter in the open interval (min, max), `fallback` when absent.
 *
 * @example numberParam({ rangePct: '30' }, 'rangePct', 50, 0, 100); // 30
 */
export function numberParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const text = single(query, name);
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !(value > min && value < max))
    throw badParam(name, `must be a number greater than ${min} and less than ${max}, got "${text}"`);
  return value;
}

/** An optional string parameter among `allowed`. */
export function choiceParam(query: Query, name: string, allowed: readonly string[]): string | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (!allowed.includes(value)) throw badParam(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  return value;
}
