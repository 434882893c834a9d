import type { z } from 'zod';
import {
  allowedFields,
  describeExpected,
  describeRange,
  discriminatorOf,
  scenarioJsonSchema,
  schemaAtPath,
} from './jsonSchema.js';
import { describeValue, getAtPath, hasAtPath, type PathSegment } from './paths.js';

/** One problem in a scenario: the field it concerns and what is wrong, e.g. `must be from 0 to 1 (got 1.5)`. */
export interface ScenarioIssue {
  path: PathSegment[];
  message: string;
  /** Point at the mapping key rather than its value (unknown fields). */
  atKey?: boolean;
  /**
   * Other paths whose values the rule reads besides the value at `path`, e.g. `protocols.0.ltv` for
   * `liquidationThreshold ≥ ltv`. A problem is blamed on a `--set` that changed `path` or any of these.
   */
  dependsOn?: PathSegment[][];
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((p) => (typeof p === 'symbol' ? String(p) : p));
}

function got(data: unknown, path: readonly PathSegment[]): string {
  return ` (got ${describeValue(getAtPath(data, path))})`;
}

function expectedAt(data: unknown, path: readonly PathSegment[], fallback: string): string {
  const schema = schemaAtPath(scenarioJsonSchema(), data, path);
  return schema ? describeExpected(schema) : fallback;
}

const zodTypeWords: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function isScalarLike(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && value !== undefined);
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}

function sizeMessage(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  data: unknown,
  path: PathSegment[],
): string {
  const small = issue.code === 'too_small';
  const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const value = getAtPath(data, path);
  switch (issue.origin) {
    case 'array':
    case 'set': {
      const count = Array.isArray(value) ? ` (got ${value.length})` : '';
      if (issue.exact) return `must have exactly ${plural(bound, 'item')}${count}`;
      return `must have ${small ? 'at least' : 'at most'} ${plural(bound, 'item')}${count}`;
    }
    case 'string': {
      if (small && Number(bound) === 1 && !issue.exact) return `must not be empty${got(data, path)}`;
      const length = issue.exact ? 'exactly' : small ? 'at least' : 'at most';
      return `must be ${length} ${plural(bound, 'character')} long${got(data, path)}`;
    }
    default: {
      const inclusive = issue.inclusive !== false;
      // A bound the schema gives a reason for (`.max(1e15, 'why')`) says it; zod's own wording starts "Too ".
      const reason = issue.message && !issue.message.startsWith('Too ') ? `: ${issue.message}` : '';
      if (issue.exact) return `must be exactly ${String(bound)}${got(data, path)}`;
      const range = fullRange(data, path, small, Number(bound), inclusive);
      if (range !== undefined) return `must be ${range}${got(data, path)}${reason}`;
      const op = small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      return `must be ${op} ${String(bound)}${got(data, path)}${reason}`;
    }
  }
}

/**
 * The whole allowed range of the number at `path` in the docs' wording (`from 0 to 1`, `> 0 and < 1`), when
 * the schema bounds it on both sides and agrees with the bound zod reported as broken; else `undefined`.
 */
function fullRange(
  data: unknown,
  path: PathSegment[],
  small: boolean,
  bound: number,
  inclusive: boolean,
): string | undefined {
  const schema = schemaAtPath(scenarioJsonSchema(), data, path);
  if (!schema) return undefined;
  const lower = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.minimum;
  const upper = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.maximum;
  if (typeof lower !== 'number' || typeof upper !== 'number') return undefined;
  const broken = small
    ? lower === bound && (typeof schema.exclusiveMinimum === 'number') === !inclusive
    : upper === bound && (typeof schema.exclusiveMaximum === 'number') === !inclusive;
  return broken ? describeRange(schema) : undefined;
}

/**
 * The fields a refinement of the mapping at `path` reads: those its message names (`min must not exceed
 * max` reads min and max), or, when it names none, every field of the mapping.
 */
function refinementInputs(data: unknown, path: PathSegment[], message: string): PathSegment[][] | undefined {
  const fields = allowedFields(schemaAtPath(scenarioJsonSchema(), data, path));
  if (fields.length === 0) return undefined;
  const words = new Set(message.split(/[^A-Za-z0-9_]+/));
  const named = fields.filter((field) => words.has(field));
  return (named.length > 0 ? named : fields).map((field) => [...path, field]);
}

/**
 * For a union of mappings without a discriminator (a generated book or one read from a file), the issues of the one
 * alternative that comes closest to a mapping value (strictly fewest issues), so that a slip in one form is reported
 * in that form's words; undefined when the value is no mapping or no alternative stands out.
 */
function closestAlternative(
  issue: z.core.$ZodIssueInvalidUnion,
  data: unknown,
  path: PathSegment[],
): z.core.$ZodIssue[] | undefined {
  const value = getAtPath(data, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || issue.errors.length < 2) return undefined;
  const counts = issue.errors.map((errors) => errors.length);
  const fewest = Math.min(...counts);
  if (fewest === 0 || counts.filter((n) => n === fewest).length > 1) return undefined;
  return issue.errors[counts.indexOf(fewest)];
}

/**
 * Rewrites one zod issue as scenario issues in Cascade's wording, using `data` (the input that was
 * validated) to show the offending value and the JSON Schema to name what is allowed.
 */
export function fromZodIssue(issue: z.core.$ZodIssue, data: unknown): ScenarioIssue[] {
  const path = toPath(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedAt(data, path, zodTypeWords[issue.expected] ?? `a value of type ${issue.expected}`);
      if (!hasAtPath(data, path)) return [{ path, message: `required (${expected})` }];
      return [{ path, message: `must be ${expected}${got(data, path)}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: sizeMessage(issue, data, path) }];
    case 'invalid_value': {
      const allowed =
        issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`;
      if (!hasAtPath(data, path)) return [{ path, message: `required (${allowed})` }];
      return [{ path, message: `must be ${allowed}${got(data, path)}` }];
    }
    case 'unrecognized_keys': {
      const fields = allowedFields(schemaAtPath(scenarioJsonSchema(), data, path));
      const allowed = fields.length > 0 ? `; allowed fields: ${fields.join(', ')}` : '';
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field${allowed}`, atKey: true }));
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const key = issue.discriminator;
        const fieldPath = path[path.length - 1] === key ? path : [...path, key];
        const options = ('options' in issue && Array.isArray(issue.options) ? issue.options : []).map(String);
        const allowed = options.length > 0 ? `one of ${options.join(', ')}` : 'a known value';
        if (!hasAtPath(data, fieldPath)) return [{ path: fieldPath, message: `required (${allowed})` }];
        return [{ path: fieldPath, message: `must be ${allowed}${got(data, fieldPath)}` }];
      }
      const closest = closestAlternative(issue, data, path);
      if (closest)
        return closest.flatMap((inner) => fromZodIssue({ ...inner, path: [...issue.path, ...inner.path] }, data));
      const schema = schemaAtPath(scenarioJsonSchema(), data, path);
      const expected = schema ? describeExpected(schema) : 'one of the allowed forms';
      const discriminator = schema ? discriminatorOf(schema) : undefined;
      return [{ path, message: `must be ${expected}${discriminator ? '' : got(data, path)}` }];
    }
    case 'custom': {
      const value = getAtPath(data, path);
      const message =
        issue.message && issue.message !== 'Invalid input'
          ? issue.message
          : `must be ${expectedAt(data, path, 'valid')}`;
      if (isScalarLike(value)) return [{ path, message: `${message}${got(data, path)}` }];
      const dependsOn = refinementInputs(data, path, message);
      return [dependsOn ? { path, message, dependsOn } : { path, message }];
    }
    case 'invalid_format': {
      if (issue.format === 'regex') {
        const custom =
          issue.message && !issue.message.startsWith('Invalid')
            ? issue.message
            : `a string matching ${issue.pattern ?? 'the pattern'}`;
        return [{ path, message: `must be ${custom}${got(data, path)}` }];
      }
      return [{ path, message: `must be a valid ${issue.format}${got(data, path)}` }];
    }
    case 'not_multiple_of':
      return [{ path, message: `must be a multiple of ${issue.divisor}${got(data, path)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}
