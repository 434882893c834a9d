// Zod schemas of the live book's update messages (strict: an unknown field is an error) and the wording of their
// issues: each names the field and what is allowed.
import { z } from 'zod';

/** Largest price an update may set, USD (so collateral price / debt price stays finite). */
export const MAX_PRICE = 1e15;

const time = z.number().min(0).optional();
const units = z.number().min(0);
const name = z.string().min(1).max(128);
const positionFields = {
  type: z.literal('position'),
  protocol: name.optional(),
  asset: name.optional(),
  account: name,
  time,
};

/** Schemas by message type, then by `op` for positions. */
export const updateSchemas = {
  open: z.strictObject({ ...positionFields, op: z.literal('open'), collateral: units, debt: units }),
  change: z.strictObject({
    ...positionFields,
    op: z.literal('change'),
    collateral: units.optional(),
    debt: units.optional(),
  }),
  close: z.strictObject({ ...positionFields, op: z.literal('close') }),
  price: z.strictObject({ type: z.literal('price'), asset: name, price: z.number().gt(0).max(MAX_PRICE), time }),
  depth: z.strictObject({
    type: z.literal('depth'),
    venue: name,
    depthUsdPer1Pct: z.number().gt(0).optional(),
    liquidityUsd: z.number().gt(0).optional(),
    time,
  }),
  gas: z.strictObject({ type: z.literal('gas'), gwei: z.number().min(0).max(1e6), time }),
};

/** Message types, as `type` takes them. */
export const UPDATE_TYPES = ['position', 'price', 'depth', 'gas'] as const;
/** Position operations, as `op` takes them. */
export const POSITION_OPS = ['open', 'change', 'close'] as const;

/** A value as an error message quotes it. */
export function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

const typeWords: Record<string, string> = { number: 'a number', string: 'a string', object: 'an object' };

/**
 * The field and reason of the first zod issue of `input` against `schema`, e.g. `{ field: 'debt', reason: 'must be ≥
 * 0, got -5' }`.
 *
 * @example issueOf(updateSchemas.gas, { type: 'gas', gwei: -1 }, error.issues[0]);
 */
export function issueOf(
  schema: z.ZodObject,
  input: Record<string, unknown>,
  issue: z.core.$ZodIssue,
): { field: string; reason: string } {
  const field = issue.path.map(String).join('.');
  const got = (): string => describeInput(issue.path.length > 0 ? input[String(issue.path[0])] : input);
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        field: issue.keys[0],
        reason: `unknown field; allowed: ${Object.keys(schema.shape).join(', ')}`,
      };
    case 'invalid_type': {
      const value = input[field];
      const expected = typeWords[issue.expected] ?? issue.expected;
      const reason = value === undefined ? `required (${expected})` : `must be ${expected}, got ${got()}`;
      return { field, reason: typeof value === 'number' ? `must be a finite number, got ${value}` : reason };
    }
    case 'too_small':
      if (issue.origin === 'string')
        return { field, reason: `must have at least ${issue.minimum} character(s), got ${got()}` };
      return { field, reason: `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${got()}` };
    case 'too_big':
      if (issue.origin === 'string')
        return { field, reason: `must have at most ${issue.maximum} characters, got ${got()}` };
      return { field, reason: `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${got()}` };
    case 'invalid_value':
      return { field, reason: `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got()}` };
    default:
      return { field, reason: issue.message };
  }
}
