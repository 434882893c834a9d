import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError } from '../kernel/errors.js';
import { fromZodIssue, type ScenarioIssue } from './issues.js';
import { formatPath, hasAtPath, locateNode, parsePath, setAtPath, type PathSegment } from './paths.js';
import { checkReferences } from './references.js';
import { scenarioSchema, type Scenario } from './schema.js';

/** File name endings a scenario may have. */
export const scenarioExtensions: readonly string[] = ['.yaml', '.yml', '.json'];

/** A scenario read from disk. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The path as given. */
  file: string;
  /** Absolute directory of the file; relative paths inside the scenario (csv files) resolve against it. */
  dir: string;
}

/**
 * Reads, overrides (`--set path=value`), validates and cross-checks a scenario file (.yaml, .yml or .json).
 * Throws one {@link ScenarioError} listing every problem found, one per line, as `file:line:column: path: message`.
 */
export function loadScenario(filePath: string, overrides: string[] = []): LoadedScenario {
  const extension = extname(filePath).toLowerCase();
  if (!scenarioExtensions.includes(extension)) {
    throw new ScenarioError(`${filePath}: a scenario file must end with ${scenarioExtensions.join(', ')} (got "${extension || 'no extension'}")`, filePath);
  }
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'scenario file not found' : code === 'EISDIR' ? 'is a directory, not a scenario file' : `cannot read scenario file (${code ?? String(error)})`;
    throw new ScenarioError(`${filePath}: ${reason} (looked for ${resolve(filePath)})`, filePath);
  }
  const dir = dirname(resolve(filePath));
  return { scenario: validate(text, filePath, dir, overrides), file: filePath, dir };
}

/**
 * Parses and validates scenario text (YAML or JSON); `fileName` is used in messages and its directory
 * resolves relative csv paths. See {@link loadScenario}.
 */
export function parseScenario(text: string, fileName: string, overrides: string[] = []): Scenario {
  return validate(text, fileName, dirname(resolve(fileName)), overrides);
}

interface Override {
  /** The argument as given, `path=value`. */
  raw: string;
  path: string[];
  /** Position among the `--set` arguments. */
  order: number;
}

interface Located {
  text: string;
  location: string;
  /** Sort key: line, column; overrides come after the file, in the order given. */
  sort: [number, number, number];
}

function validate(text: string, fileName: string, dir: string, overrideArgs: readonly string[]): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { text: `${fileName}:${line}:${col}: ${message}`, location: `${fileName}:${line}:${col}`, sort: [line, col, 0] as [number, number, number] };
    });
    throw combine(lines);
  }

  const located: Located[] = [];
  /** The data as the file has it, before any --set (which mutates `data`). */
  const original: unknown = doc.toJS();
  let data: unknown = doc.toJS();

  // --set overrides, applied to the plain data; positions in the file stay valid for everything else.
  const overrides: Override[] = [];
  overrideArgs.forEach((raw, order) => {
    const fail = (reason: string) =>
      located.push({ text: `--set ${raw}: ${reason}`, location: '--set', sort: [Number.MAX_SAFE_INTEGER, order, 0] });
    const eq = raw.indexOf('=');
    if (eq < 0) return fail('expected path=value, e.g. --set chain.gasPriceGwei=50');
    let path: string[];
    try {
      path = parsePath(raw.slice(0, eq));
    } catch (error) {
      return fail((error as Error).message);
    }
    const valueDoc = parseDocument(raw.slice(eq + 1), { prettyErrors: false });
    if (valueDoc.errors.length > 0) return fail(`value is not valid YAML: ${valueDoc.errors[0].message.split('\n')[0]}`);
    if (typeof data !== 'object' || data === null) data = {};
    try {
      setAtPath(data as Record<string, unknown>, path, valueDoc.toJS());
    } catch (error) {
      return fail(`cannot set ${path.join('.')}: ${(error as Error).message}`);
    }
    overrides.push({ raw, path, order });
  });

  const result = scenarioSchema.safeParse(data);
  const issues: ScenarioIssue[] = result.success ? [] : result.error.issues.flatMap((issue) => fromZodIssue(issue, data));
  issues.push(...checkReferences(result.success ? result.data : data, { dir }));

  for (const issue of issues) located.push(place(issue, fileName, doc, lineCounter, overrides, original));
  if (located.length > 0) throw combine(located);
  if (!result.success) throw new ScenarioError(`${fileName}: invalid scenario`, fileName); // unreachable: zod failures always yield issues
  return result.data;
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

/**
 * The `--set` that gave the value at `path`: the last one that set it or a mapping or list holding it;
 * failing that, when `path` runs through a node the file lacks, the first one that created that node.
 * `undefined` when the value comes from the file (or is missing from both).
 */
function setterOf(path: readonly PathSegment[], overrides: readonly Override[], original: unknown): Override | undefined {
  let setter: Override | undefined;
  for (const override of overrides) if (isPrefix(override.path, path)) setter = override;
  if (setter) return setter;
  for (let i = 1; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    if (!hasAtPath(original, prefix)) return overrides.find((override) => isPrefix(prefix, override.path));
  }
  return undefined;
}

function place(
  issue: ScenarioIssue,
  fileName: string,
  doc: Document,
  lineCounter: LineCounter,
  overrides: readonly Override[],
  original: unknown,
): Located {
  const field = formatPath(issue.path);
  // The issue concerns a value the rule read that came from the command line (the field itself or
  // another operand of a cross-field rule): blame the --set(s) that gave those values, in argument order.
  const blamed = new Set<Override>();
  for (const path of [issue.path, ...(issue.dependsOn ?? [])]) {
    const setter = setterOf(path, overrides, original);
    if (setter) blamed.add(setter);
  }
  if (blamed.size > 0) {
    const blame = [...blamed].sort((a, b) => a.order - b.order);
    const args = blame.map((override) => `--set ${override.raw}`).join(', ');
    return { text: `${args}: ${field}: ${issue.message}`, location: '--set', sort: [Number.MAX_SAFE_INTEGER, blame[0].order, 1] };
  }
  const node = locateNode(doc, lineCounter, issue.path);
  const { line, col } = issue.atKey && node.keyPosition ? node.keyPosition : node.position;
  // The issue concerns a mapping some --set changed inside: say so.
  const inside = overrides.filter((o) => isPrefix(issue.path, o.path)).map((o) => `--set ${o.raw}`);
  const after = inside.length > 0 ? ` (after ${inside.join(', ')})` : '';
  return { text: `${fileName}:${line}:${col}: ${field}: ${issue.message}${after}`, location: `${fileName}:${line}:${col}`, sort: [line, col, 0] };
}

function combine(lines: Located[]): ScenarioError {
  const sorted = lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.sort[0] - b.line.sort[0] || a.line.sort[1] - b.line.sort[1] || a.line.sort[2] - b.line.sort[2] || a.i - b.i)
    .map(({ line }) => line);
  const seen = new Set<string>();
  const unique = sorted.filter((line) => !seen.has(line.text) && seen.add(line.text));
  return new ScenarioError(unique.map((line) => line.text).join('\n'), unique[0]?.location);
}
