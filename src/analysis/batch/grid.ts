/**
 * Sweep grids: `--grid path=v1,v2,...` flags parsed into axes, and the cells of their cartesian
 * product.
 */
import { UsageError } from '../../kernel/errors.js';
import type { BatchCell, CellParameters, ParameterValue } from './types.js';

/** One `--grid` flag: a scenario path and the values it takes, in the order given. */
export interface GridAxis {
  /** Dotted scenario path as `--set` spells it, e.g. `protocols.0.liquidationBonus`. */
  path: string;
  values: ParameterValue[];
}

/** A mapping key: starts with a letter or underscore; letters, digits, `_` and `-` after. */
const NAME_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A list index without leading zeros. */
const INDEX_SEGMENT = /^(0|[1-9][0-9]*)$/;
/** A decimal number: optional sign, digits with an optional fraction (or a fraction alone), optional exponent. */
const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Throws a UsageError `<flag and argument>: <reason>`, e.g. `--grid a=1,1: value 1 is listed twice`. */
function fail(flagAndArgument: string, reason: string): never {
  throw new UsageError(`${flagAndArgument}: ${reason}`);
}

function checkPath(raw: string, dotted: string): void {
  const example = 'e.g. --grid protocols.0.liquidationBonus=0.05,0.1';
  if (dotted === '') fail(`--grid ${raw}`, `expected path=v1,v2,..., ${example}`);
  const segments = dotted.split('.');
  segments.forEach((segment, i) => {
    if (segment === '')
      fail(`--grid ${raw}`, `path "${dotted}" has an empty segment; separate segments with single dots, ${example}`);
    if (FORBIDDEN_SEGMENTS.has(segment)) fail(`--grid ${raw}`, `"${segment}" is not allowed in a path`);
    if (i === 0 && !NAME_SEGMENT.test(segment))
      fail(`--grid ${raw}`, `path "${dotted}" must start with a field name (letters, digits, _ or -), ${example}`);
    if (!NAME_SEGMENT.test(segment) && !INDEX_SEGMENT.test(segment)) {
      fail(
        `--grid ${raw}`,
        `path segment "${segment}" is neither a field name (letters, digits, _ or -) nor a list index (0, 1, 2, ...)`,
      );
    }
  });
}

/**
 * One grid value: a decimal number, `true`/`false`, or else a string; quotes ("…" or '…') force a
 * string, so `"0.5"` is the string 0.5. Surrounding spaces are dropped.
 */
function parseValue(flagAndArgument: string, text: string): ParameterValue {
  const item = text.trim();
  if (item === '') fail(flagAndArgument, 'empty value; list values separated by commas, e.g. 0.05,0.1');
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(item);
  if (quoted) return quoted[1] ?? quoted[2];
  if (item === 'true') return true;
  if (item === 'false') return false;
  if (NUMBER.test(item)) {
    const value = Number(item);
    if (!Number.isFinite(value)) fail(flagAndArgument, `value ${item} is not a finite number`);
    return value;
  }
  return item;
}

/**
 * Parses `--grid` arguments, each `path=v1,v2,...`. Values are numbers, booleans or strings (see
 * above); a value cannot contain a comma. Throws UsageError naming `--grid` and the argument when the
 * form, a path or a value is wrong, a value repeats within an axis, or a path repeats across axes.
 * Whether the path exists in the scenario and the values are allowed is checked when the batch runs.
 *
 * @example
 * parseGrid(['protocols.0.liquidationBonus=0.05,0.1', 'venues.1.impact=linear,sqrt']);
 * // [{ path: 'protocols.0.liquidationBonus', values: [0.05, 0.1] }, { path: 'venues.1.impact', values: ['linear', 'sqrt'] }]
 */
export function parseGrid(values: readonly string[]): GridAxis[] {
  const axes: GridAxis[] = [];
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq < 0) fail(`--grid ${raw}`, 'expected path=v1,v2,..., e.g. --grid protocols.0.liquidationBonus=0.05,0.1');
    const path = raw.slice(0, eq).trim();
    checkPath(raw, path);
    if (axes.some((axis) => axis.path === path))
      fail(`--grid ${raw}`, `path ${path} is already swept by an earlier --grid; give each path once`);
    const parsed = raw
      .slice(eq + 1)
      .split(',')
      .map((item) => parseValue(`--grid ${raw}`, item));
    const seen = new Set<string>();
    for (const value of parsed) {
      const key = `${typeof value}:${String(value)}`;
      if (seen.has(key)) fail(`--grid ${raw}`, `value ${JSON.stringify(value)} is listed twice`);
      seen.add(key);
    }
    axes.push({ path, values: parsed });
  }
  return axes;
}

/**
 * The cells of the cartesian product of `axes`, numbered from 0 in row-major order: the first axis
 * varies slowest, the last fastest, so cell index = Σₖ iₖ·Πⱼ₍>ₖ₎ nⱼ (iₖ the value index on axis k, nⱼ
 * the axis sizes). Each cell's parameters list the axes in the order given. No axes give one cell with
 * no parameters (a plain Monte Carlo).
 *
 * @example
 * gridCells([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }]).map((c) => c.parameters);
 * // [{a:1,b:'x'}, {a:1,b:'y'}, {a:1,b:'z'}, {a:2,b:'x'}, {a:2,b:'y'}, {a:2,b:'z'}]
 */
export function gridCells(axes: readonly GridAxis[]): BatchCell[] {
  let rows: CellParameters[] = [{}];
  // Row-major enumeration of the product: each new axis subdivides every existing row, so it varies fastest.
  for (const axis of axes) {
    if (axis.values.length === 0) throw new UsageError(`--grid ${axis.path}: no values`);
    rows = rows.flatMap((row) => axis.values.map((value) => ({ ...row, [axis.path]: value })));
  }
  return rows.map((parameters, cell) => ({ cell, parameters }));
}

/**
 * The cell a sweep's paired differences are measured against (`--baseline`): by default the first
 * cell; else a cell index (`2`), or `path=value` pairs separated by commas (`venues.1.liquidityUsd=4e6`)
 * that pick exactly one cell, values read as in `--grid`. Throws a UsageError naming `--baseline` when
 * the index is not a cell, a path is not swept, or the pairs match no cell or several.
 *
 * @example
 * baselineCell('protocols.0.liquidationBonus=0.1', gridCells([{ path: 'protocols.0.liquidationBonus', values: [0.05, 0.1] }])); // 1
 */
export function baselineCell(spec: string | undefined, cells: readonly BatchCell[]): number {
  if (cells.length === 0) throw new UsageError('--baseline: the sweep has no cells');
  if (spec === undefined) return cells[0].cell;
  const raw = spec.trim();
  const swept = Object.keys(cells[0].parameters);
  if (/^[0-9]+$/.test(raw)) {
    const index = Number(raw);
    if (!cells.some((c) => c.cell === index))
      throw new UsageError(`--baseline ${spec}: no cell ${index}; the sweep has cells 0 to ${cells.length - 1}`);
    return index;
  }
  const wanted = raw.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    const path = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (eq < 0 || path === '')
      throw new UsageError(
        `--baseline ${spec}: give a cell index or path=value pairs separated by commas, e.g. --baseline ${swept[0] ?? 'path'}=…`,
      );
    if (!swept.includes(path))
      throw new UsageError(`--baseline ${spec}: ${path} is not swept; the grid paths are ${swept.join(', ')}`);
    return { path, value: parseValue(`--baseline ${spec}`, pair.slice(eq + 1)) };
  });
  const matches = cells.filter((c) => wanted.every(({ path, value }) => c.parameters[path] === value));
  if (matches.length === 1) return matches[0].cell;
  if (matches.length === 0)
    throw new UsageError(
      `--baseline ${spec}: no cell has ${wanted.map((w) => `${w.path}=${JSON.stringify(w.value)}`).join(' and ')}`,
    );
  throw new UsageError(
    `--baseline ${spec}: ${matches.length} cells match; give a value for every grid path (${swept.join(', ')}) or a cell index`,
  );
}
