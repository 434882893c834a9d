import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

/** One step of a path into a scenario: a mapping key or a list index. */
export type PathSegment = string | number;

/** A 1-based line and column in a scenario file. */
export interface Position {
  line: number;
  col: number;
}

/** Renders a path the way `--set` and error messages spell it: `protocols.0.ltv`; the root is `(top level)`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.length === 0 ? '(top level)' : path.join('.');
}

/** Splits a dotted `--set` path (`protocols.0.ltv`) into segments; throws a plain `Error` on an empty segment. */
export function parsePath(dotted: string): string[] {
  const segments = dotted.split('.');
  if (segments.some((s) => s.trim() === '')) {
    throw new Error(
      `path "${dotted}" has an empty segment; write segments separated by single dots, e.g. protocols.0.ltv`,
    );
  }
  return segments.map((s) => s.trim());
}

type Container = Record<string, unknown> | unknown[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(container: unknown, segment: PathSegment): { found: boolean; value: unknown } {
  if (Array.isArray(container)) {
    const index = indexOf(segment);
    return index !== undefined && index < container.length
      ? { found: true, value: container[index] }
      : { found: false, value: undefined };
  }
  if (isRecord(container) && Object.hasOwn(container, String(segment))) {
    return { found: true, value: container[String(segment)] };
  }
  return { found: false, value: undefined };
}

function indexOf(segment: PathSegment): number | undefined {
  if (typeof segment === 'number') return Number.isInteger(segment) && segment >= 0 ? segment : undefined;
  return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : undefined;
}

/** The value at `path` in plain data, or `undefined` when any step is missing. */
export function getAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    const next = child(current, segment);
    if (!next.found) return undefined;
    current = next.value;
  }
  return current;
}

/** Whether every step of `path` exists in plain data (a key present with value `null` counts as present). */
export function hasAtPath(data: unknown, path: readonly PathSegment[]): boolean {
  let current = data;
  for (const segment of path) {
    const next = child(current, segment);
    if (!next.found) return false;
    current = next.value;
  }
  return true;
}

/** A short description of a value for error messages: `1.5`, `"cubic"`, `null`, `a list of 3 items`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 1 ? 'a list of 1 item' : `a list of ${value.length} items`;
  if (value instanceof Date) return `the date ${value.toISOString()}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/**
 * Sets `value` at `path` inside `root` (mutating it), creating missing mappings (or lists, when the next
 * segment is an index) on the way. A list index may address an existing item or the position just past
 * the end (append). Throws a plain `Error` with a readable reason when the path cannot be followed.
 */
export function setAtPath(root: Container, path: readonly string[], value: unknown): void {
  if (path.length === 0) throw new Error('empty path');
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i));
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') {
      throw new Error(`"${segment}" is not allowed in a path`);
    }
    if (Array.isArray(current)) {
      const index = indexOf(segment);
      const range =
        current.length === 0
          ? 'it is empty; use 0 to append'
          : `use 0 to ${current.length - 1}, or ${current.length} to append`;
      if (index === undefined) throw new Error(`${here} is a list and "${segment}" is not an index (${range})`);
      if (index > current.length)
        throw new Error(`${here} has ${current.length} item(s); index ${index} is out of range (${range})`);
      if (last) {
        current[index] = value;
        return;
      }
      if (current[index] === undefined || current[index] === null) current[index] = emptyContainer(path[i + 1]);
      current = current[index];
    } else if (isRecord(current)) {
      if (last) {
        current[segment] = value;
        return;
      }
      if (!Object.hasOwn(current, segment) || current[segment] === null || current[segment] === undefined) {
        current[segment] = emptyContainer(path[i + 1]);
      }
      current = current[segment];
    } else {
      throw new Error(`${here} is ${describeValue(current)}, not a mapping or list, so it has no "${segment}"`);
    }
  }
}

function emptyContainer(nextSegment: string): Container {
  return indexOf(nextSegment) !== undefined ? [] : {};
}

/** Where a path lands in a parsed YAML document. */
export interface NodeLocation {
  /** Position of the deepest node reached: the value at `path` when `found`, else the nearest existing ancestor. */
  position: Position;
  /** Position of the mapping key whose value is at `path`, when the last step is a mapping key that exists. */
  keyPosition?: Position;
  /** Whether the whole path exists in the document. */
  found: boolean;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Each mapping's pairs by key text (the first pair of a key), built once per mapping: lookups stay O(1) when many
 * problems are located in one large mapping (a scan per lookup was quadratic). */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      const text = keyText(pair.key);
      if (text !== undefined && !index.has(text)) index.set(text, pair);
    }
    pairsByKey.set(map, index);
  }
  return index.get(key);
}

/**
 * Finds the line and column of the node at `path` in a YAML (or JSON) document parsed with `lineCounter`.
 * Missing steps stop at the nearest existing ancestor. Aliases are followed.
 */
export function locateNode(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[]): NodeLocation {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const start = (node: Node | null | undefined): number | undefined => node?.range?.[0];

  let node: Node | null = doc.contents;
  let lastGood = start(node) ?? 0;
  let keyOffset: number | undefined;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    const segment = path[i];
    let next: Node | null | undefined;
    let nextKey: number | undefined;
    if (isMap(node)) {
      const pair = pairOf(node, String(segment));
      if (pair) {
        next = (pair.value as Node | null) ?? null;
        nextKey = start(pair.key as Node | null);
      }
    } else if (isSeq(node)) {
      const index = indexOf(segment);
      if (index !== undefined && index < node.items.length) next = node.items[index] as Node | null;
    }
    if (next === undefined) return { position: at(lastGood), found: false };
    keyOffset = nextKey;
    node = next;
    // `key:` with nothing after it holds an empty null scalar positioned after the colon: point at the key instead.
    const emptyValue = isScalar(node) && node.value === null && node.source === '';
    lastGood = (emptyValue ? undefined : start(node)) ?? keyOffset ?? lastGood;
  }
  return {
    position: at(lastGood),
    keyPosition: keyOffset === undefined ? undefined : at(keyOffset),
    found: true,
  };
}
