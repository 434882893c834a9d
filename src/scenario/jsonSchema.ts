import { z } from 'zod';
import { scenarioSchema } from './schema.js';
import { getAtPath, type PathSegment } from './paths.js';

/** A node of the JSON Schema generated from the zod scenario schema. */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Extension key holding the human wording of a string pattern (the message given to zod's `.regex`). */
export const PATTERN_DESCRIPTION = 'x-pattern-description';
/** Extension key holding the messages of a node's `.refine` rules, which JSON Schema cannot express. */
export const RULES = 'x-rules';

let cached: JsonSchema | undefined;

/**
 * The scenario schema as JSON Schema (input side: fields with defaults are optional), with the wording
 * of every regex check under {@link PATTERN_DESCRIPTION} and of every refinement under {@link RULES}.
 * Computed once.
 */
export function scenarioJsonSchema(): JsonSchema {
  cached ??= z.toJSONSchema(scenarioSchema, {
    io: 'input',
    reused: 'inline',
    override: ({ zodSchema, jsonSchema }) => {
      const [wording] = checkMessages(zodSchema, (c) => c.check === 'string_format' && c.format === 'regex');
      if (wording !== undefined) jsonSchema[PATTERN_DESCRIPTION] = wording;
      const rules = checkMessages(zodSchema, (c) => c.check === 'custom');
      if (rules.length > 0) jsonSchema[RULES] = rules;
    },
  }) as JsonSchema;
  return cached;
}

interface CheckDef {
  check?: string;
  format?: string;
  error?: unknown;
}

/** The custom messages of a schema's checks that match `which` (`.regex(re, 'message')`, `.refine(f, { message })`). */
function checkMessages(schema: z.core.$ZodType, which: (check: CheckDef) => boolean): string[] {
  const def = schema._zod.def as { checks?: z.core.$ZodCheck[] };
  const messages: string[] = [];
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def as CheckDef;
    if (!which(checkDef) || typeof checkDef.error !== 'function') continue;
    const message: unknown = (checkDef.error as () => unknown)();
    if (typeof message === 'string' && message !== '') messages.push(message);
    else if (
      typeof message === 'object' &&
      message !== null &&
      typeof (message as { message?: unknown }).message === 'string'
    ) {
      messages.push((message as { message: string }).message);
    }
  }
  return messages;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** The alternatives of a union node (`oneOf` or `anyOf`), if it is one. */
export function unionOptions(schema: JsonSchema): JsonSchema[] | undefined {
  const options = schema.oneOf ?? schema.anyOf;
  return options && options.length > 0 ? options : undefined;
}

/** For a union of mappings told apart by one constant field (e.g. `model`), that field and its values. */
export function discriminatorOf(schema: JsonSchema): { key: string; values: string[] } | undefined {
  const options = unionOptions(schema);
  if (!options) return undefined;
  const first = options[0].properties ?? {};
  for (const key of Object.keys(first)) {
    const values: string[] = [];
    for (const option of options) {
      const constant = asSchema(option.properties?.[key])?.const;
      if (constant === undefined) break;
      values.push(String(constant));
    }
    if (values.length === options.length) return { key, values };
  }
  return undefined;
}

/** Picks the union alternative whose discriminator matches `data` (without a discriminator: the first whose fields
 * cover `data`'s and `next`, the field a path goes on to); returns `schema` itself when it is no union or none matches.
 * */
export function resolveVariant(schema: JsonSchema, data: unknown, next?: PathSegment): JsonSchema {
  const options = unionOptions(schema);
  const discriminator = discriminatorOf(schema);
  const isRecord = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (options && !discriminator && (isRecord || (data === undefined && next !== undefined))) {
    // No discriminator (a generated book or one from a file): the first alternative that has every field of the data
    // (and the field the path goes on to, when there is one).
    const keys = [...(isRecord ? Object.keys(data) : []), ...(next === undefined ? [] : [String(next)])];
    return (
      options.find((option) => option.properties && keys.every((key) => key in (option.properties ?? {}))) ?? schema
    );
  }
  if (!options || !discriminator) return schema;
  const tag = getAtPath(data, [discriminator.key]);
  const index = discriminator.values.findIndex((v) => v === tag);
  return index >= 0 ? options[index] : schema;
}

/**
 * The JSON Schema node describing the value at `path` of `data` (following list items and choosing
 * union alternatives by their discriminator in `data`, also at the end of the path), or `undefined`
 * when the path leaves the schema.
 */
export function schemaAtPath(root: JsonSchema, data: unknown, path: readonly PathSegment[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (let i = 0; i < path.length; i++) {
    if (!schema) return undefined;
    schema = resolveVariant(schema, getAtPath(data, path.slice(0, i)), path[i]);
    const segment = path[i];
    if (schema.properties) schema = asSchema(schema.properties[String(segment)]);
    else if (schema.items !== undefined && !Array.isArray(schema.items)) schema = asSchema(schema.items);
    else return undefined;
  }
  return schema ? resolveVariant(schema, getAtPath(data, path)) : undefined;
}

function formatNumber(n: number): string {
  // 1e15 reads better than 1000000000000000; smaller numbers and long mantissas stay as written.
  const exponential = n.toExponential().replace('e+', 'e');
  return Math.abs(n) >= 1e9 && exponential.length <= 6 ? exponential : String(n);
}

/** The allowed range of a numeric node in words: `from 1 to 10000000`, `> 0 and < 1`, `≥ 0`; empty when unbounded. */
export function describeRange(schema: JsonSchema): string {
  const lower =
    typeof schema.exclusiveMinimum === 'number'
      ? { op: '>', value: schema.exclusiveMinimum, inclusive: false }
      : typeof schema.minimum === 'number'
        ? { op: '≥', value: schema.minimum, inclusive: true }
        : undefined;
  const upper =
    typeof schema.exclusiveMaximum === 'number'
      ? { op: '<', value: schema.exclusiveMaximum, inclusive: false }
      : typeof schema.maximum === 'number'
        ? { op: '≤', value: schema.maximum, inclusive: true }
        : undefined;
  if (lower && upper) {
    if (lower.inclusive && upper.inclusive) return `from ${formatNumber(lower.value)} to ${formatNumber(upper.value)}`;
    return `${lower.op} ${formatNumber(lower.value)} and ${upper.op} ${formatNumber(upper.value)}`;
  }
  if (lower) return `${lower.op} ${formatNumber(lower.value)}`;
  if (upper) return `${upper.op} ${formatNumber(upper.value)}`;
  return '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The constraints on a node apart from its type, in words (for the docs' "Allowed" column); empty when none. */
export function describeConstraints(schema: JsonSchema): string {
  if (schema.const !== undefined) return `exactly ${JSON.stringify(schema.const)}`;
  if (schema.enum) return `one of ${schema.enum.map(String).join(', ')}`;
  const discriminator = discriminatorOf(schema);
  if (discriminator) return `${discriminator.key}: one of ${discriminator.values.join(', ')}`;
  switch (schema.type) {
    case 'number':
    case 'integer':
      return describeRange(schema);
    case 'string': {
      const wording = schema[PATTERN_DESCRIPTION];
      if (typeof wording === 'string') return wording;
      if (schema.pattern) return `matching /${schema.pattern}/`;
      if (schema.minLength === 1 && schema.maxLength === undefined) return 'non-empty';
      const parts: string[] = [];
      if (schema.minLength !== undefined) parts.push(`at least ${plural(schema.minLength, 'character')}`);
      if (schema.maxLength !== undefined) parts.push(`at most ${plural(schema.maxLength, 'character')}`);
      return parts.join(', ');
    }
    case 'array': {
      const parts: string[] = [];
      if (schema.minItems !== undefined) parts.push(`at least ${plural(schema.minItems, 'item')}`);
      if (schema.maxItems !== undefined) parts.push(`at most ${plural(schema.maxItems, 'item')}`);
      return parts.join(', ');
    }
    default:
      return '';
  }
}

/** The type of a node in one or two words: `number`, `integer`, `string`, `mapping`, `list of mappings`. */
export function describeType(schema: JsonSchema): string {
  if (unionOptions(schema)) return 'mapping';
  if (schema.const !== undefined || schema.enum) {
    const values = schema.const !== undefined ? [schema.const] : (schema.enum ?? []);
    return values.every((v) => typeof v === 'string') ? 'string' : 'value';
  }
  switch (schema.type) {
    case 'object':
      return 'mapping';
    case 'array': {
      const items = asSchema(schema.items);
      if (!items) return 'list';
      const itemType = describeType(items);
      return itemType === 'mapping' ? 'list of mappings' : `list of ${itemType}s`;
    }
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    default:
      return typeof schema.type === 'string' ? schema.type : 'value';
  }
}

/** What a value must be, as a noun phrase for messages: `an integer from 1 to 10000000`, `one of linear, sqrt`. */
export function describeExpected(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of ${schema.enum.map(String).join(', ')}`;
  const discriminator = discriminatorOf(schema);
  if (discriminator) return `a mapping with ${discriminator.key}: one of ${discriminator.values.join(', ')}`;
  const constraints = describeConstraints(schema);
  switch (schema.type) {
    case 'number':
      return constraints ? `a number ${constraints}` : 'a number';
    case 'integer':
      return constraints ? `an integer ${constraints}` : 'an integer';
    case 'string':
      if (typeof schema[PATTERN_DESCRIPTION] === 'string') return constraints;
      if (schema.pattern) return `a string ${constraints}`;
      if (constraints === 'non-empty') return 'a non-empty string';
      return constraints ? `a string of ${constraints}` : 'a string';
    case 'array':
      return constraints ? `a list of ${constraints}` : 'a list';
    case 'object': {
      const required = schema.required ?? [];
      return required.length > 0 ? `a mapping with required fields ${required.join(', ')}` : 'a mapping';
    }
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}

/** The field names a mapping node allows. */
export function allowedFields(schema: JsonSchema | undefined): string[] {
  return schema?.properties ? Object.keys(schema.properties) : [];
}
