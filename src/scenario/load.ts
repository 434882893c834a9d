import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError } from '../kernel/errors.js';
import { fromZodIssue, type ScenarioIssue } from './issues.js';
import { accountMemoryProblem } from './memory.js';
import { dataFileFields, isInsideFolder, outsideFilesAllowedByEnv, outsideMessage } from './data-paths.js';
import { describeValue, formatPath, hasAtPath, locateNode, parsePath, setAtPath, type PathSegment } from './paths.js';
import { formatBytes, MAX_SCENARIO_BYTES, MAX_YAML_ALIASES } from './limits.js';
import { combine, GROUP, syntaxProblem, type Located } from './located-problems.js';
import { readPriceCsvFile } from './price-csv.js';
import type { OmittedProblems } from './problems.js';
import { checkReferences } from './references.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { checkVenueData } from './venue-data.js';
import { duplicateKeys } from './yaml-keys.js';

/** File name endings a scenario may have. */
export const scenarioExtensions: readonly string[] = ['.yaml', '.yml', '.json'];

/** A scenario read from disk. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The path as given. */
  file: string;
  /** Absolute directory of the file; relative paths inside the scenario (csv files) resolve against it. */
  dir: string;
  /** The data files the scenario refers to (price CSVs), each read and checked in full: path as shown in messages, data
   * rows. */
  dataFiles: DataFile[];
}

/** A data file a scenario refers to, read and checked while the scenario was validated. */
export interface DataFile {
  /** Path as shown in messages: the scenario's directory as given, joined with the path in the scenario. */
  file: string;
  /** Data rows read. */
  rows: number;
}

/**
 * Reads, overrides (`--set path=value`), validates and cross-checks a scenario file (.yaml, .yml or .json),
 * and reads every data file it refers to (price CSVs) in full. Throws one {@link ScenarioProblems} listing
 * every problem found, one per line, as `file:line:column: path: message` (a data file's list is cut after
 * the first 20, with a count of the rest); a file that cannot be read at all is a plain {@link ScenarioError}.
 */
export function loadScenario(
  filePath: string,
  overrides: string[] = [],
  options: LoadOptions = { allowOutsideFiles: outsideFilesAllowedByEnv() },
): LoadedScenario {
  const extension = extname(filePath).toLowerCase();
  if (!scenarioExtensions.includes(extension)) {
    throw new ScenarioError(
      `${filePath}: a scenario file must end with ${scenarioExtensions.join(', ')} (got "${extension || 'no extension'}")`,
      filePath,
    );
  }
  let text: string;
  try {
    const stat = statSync(filePath);
    // A device or pipe has no size to check and may never end (/dev/zero): only regular files are read.
    if (!stat.isFile() && !stat.isDirectory())
      throw new ScenarioError(`${filePath}: not a regular file (a device, pipe or socket)`, filePath);
    if (stat.size > MAX_SCENARIO_BYTES) throw tooLarge(filePath, stat.size);
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'scenario file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a scenario file'
          : `cannot read scenario file (${code ?? String(error)})`;
    throw new ScenarioError(`${filePath}: ${reason} (looked for ${resolve(filePath)})`, filePath);
  }
  return loadScenarioText(text, filePath, overrides, options);
}

/**
 * {@link loadScenario} of text already read (`fileName` names it in messages, and its directory resolves the data
 * files): validates it and reads every data file in full. Outside files are refused unless `options` allow them.
 *
 * @example const { scenario } = loadScenarioText(yamlText, 'scenarios/mine.yaml');
 */
export function loadScenarioText(
  text: string,
  fileName: string,
  overrides: string[] = [],
  options: LoadOptions = { allowOutsideFiles: false },
): LoadedScenario {
  const dir = dirname(resolve(fileName));
  const dataFiles: DataFile[] = [];
  const scenario = validate(text, fileName, dir, overrides, dataFiles, options);
  return { scenario, file: fileName, dir, dataFiles };
}

/**
 * Parses and validates scenario text (YAML or JSON); `fileName` is used in messages and its directory
 * resolves relative csv paths. See {@link loadScenario}; unlike it, this checks that data files exist
 * but does not read them (batch workers parse a plan {@link loadScenario} has already checked).
 */
export function parseScenario(
  text: string,
  fileName: string,
  overrides: string[] = [],
  options: LoadOptions = { allowOutsideFiles: true },
): Scenario {
  return validate(text, fileName, dirname(resolve(fileName)), overrides, undefined, options);
}

/** How a scenario is loaded. */
export interface LoadOptions {
  /**
   * Read data files the scenario file names outside its folder (`--allow-outside-files`). Paths given with `--set`
   * are always allowed. Default for {@link loadScenario}: the environment's `CASCADE_ALLOW_OUTSIDE_FILES`; for
   * {@link parseScenario}: allowed (it parses text a loader already checked, e.g. a batch plan).
   */
  allowOutsideFiles?: boolean;
}

function tooLarge(fileName: string, bytes: number): ScenarioError {
  return new ScenarioError(
    `${fileName}: the scenario is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_SCENARIO_BYTES)} ` +
      '(put price series and books in data files: a price CSV, a book CSV or Parquet file)',
    fileName,
  );
}

/**
 * The plain data of a parsed document; an alias bomb (more than {@link MAX_YAML_ALIASES} alias expansions) is
 * refused with `what` named, instead of the yaml library's uncaught ReferenceError.
 */
function plainData(doc: Document, what: string, location: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ScenarioError(
      `${what}: too many YAML alias expansions (${error.message.replace(/ indicates.*$/, '')}; at most ` +
        `${MAX_YAML_ALIASES} are allowed, and a list of aliases to lists of aliases grows exponentially)`,
      location,
    );
  }
}

interface Override {
  /** The argument as given, `path=value`. */
  raw: string;
  path: string[];
  /** Position among the `--set` arguments. */
  order: number;
}

/** `dataFiles`: where to record the data files read; `undefined` to leave them unread. */
function validate(
  text: string,
  fileName: string,
  dir: string,
  overrideArgs: readonly string[],
  dataFiles: DataFile[] | undefined,
  options: LoadOptions,
): Scenario {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_BYTES) throw tooLarge(fileName, bytes);
  const lineCounter = new LineCounter();
  // Duplicate keys are found by duplicateKeys (linear), not by the library's quadratic uniqueKeys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const duplicates = doc.errors.length > 0 ? [] : duplicateKeys(doc);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    const lines = doc.errors.map((error): Located => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return syntaxProblem(fileName, line, col, message);
    });
    for (const duplicate of duplicates) {
      const { line, col } = lineCounter.linePos(duplicate.offset);
      const first = lineCounter.linePos(duplicate.firstOffset);
      const key = describeValue(duplicate.key); // quoted, long keys cut
      const message = `Map keys must be unique: ${key} was first given at line ${first.line}, column ${first.col}`;
      lines.push(syntaxProblem(fileName, line, col, message));
    }
    throw combine(lines, [], fileName);
  }

  const located: Located[] = [];
  /** The data as the file has it, before any --set (which mutates `data`). */
  const original: unknown = plainData(doc, fileName, fileName);
  let data: unknown = plainData(doc, fileName, fileName);

  // --set overrides, applied to the plain data; positions in the file stay valid for everything else.
  const overrides: Override[] = [];
  overrideArgs.forEach((raw, order) => {
    const fail = (reason: string) =>
      located.push({
        problem: {
          file: null,
          line: null,
          column: null,
          field: null,
          set: [raw],
          message: reason,
          text: `--set ${raw}: ${reason}`,
        },
        sort: [GROUP.set, order, 0, 0],
      });
    const eq = raw.indexOf('=');
    if (eq < 0) return fail('expected path=value, e.g. --set chain.gasPriceGwei=50');
    let path: string[];
    try {
      path = parsePath(raw.slice(0, eq));
    } catch (error) {
      return fail((error as Error).message);
    }
    const valueDoc = parseDocument(raw.slice(eq + 1), { prettyErrors: false });
    if (valueDoc.errors.length > 0)
      return fail(`value is not valid YAML: ${valueDoc.errors[0].message.split('\n')[0]}`);
    if (typeof data !== 'object' || data === null) data = {};
    try {
      setAtPath(data as Record<string, unknown>, path, plainData(valueDoc, `--set ${raw}`, '--set'));
    } catch (error) {
      return fail(`cannot set ${path.join('.')}: ${(error as Error).message}`);
    }
    overrides.push({ raw, path, order });
  });

  const result = scenarioSchema.safeParse(data);
  const issues: ScenarioIssue[] = result.success
    ? []
    : result.error.issues.flatMap((issue) => fromZodIssue(issue, data));
  // Data files the scenario file names outside its folder are refused and never read; paths given with --set are the
  // user's own.
  const outside = new Set<string>();
  if (!options.allowOutsideFiles)
    for (const field of dataFileFields(data)) {
      const absolute = resolve(dir, field.file);
      if (setterOf(field.path, overrides, original) || isInsideFolder(dir, absolute)) continue;
      outside.add(absolute);
      issues.push({ path: field.path, message: outsideMessage(field.file, dir) });
    }
  const fileExists = (absolute: string) => outside.has(absolute) || isFile(absolute);
  issues.push(...checkReferences(result.success ? result.data : data, { dir, fileExists }));
  const memory = result.success ? accountMemoryProblem(result.data) : undefined;
  if (memory) issues.push(memory);

  for (const issue of issues) located.push(place(issue, fileName, doc, lineCounter, overrides, original));
  const readable = (absolute: string) => !outside.has(absolute) && isFile(absolute);
  const omitted = dataFiles === undefined ? [] : checkDataFiles(data, fileName, dir, located, dataFiles, readable);
  if (located.length > 0) throw combine(located, omitted, fileName);
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
function setterOf(
  path: readonly PathSegment[],
  overrides: readonly Override[],
  original: unknown,
): Override | undefined {
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
    const problem = {
      file: null,
      line: null,
      column: null,
      field,
      set: blame.map((override) => override.raw),
      message: issue.message,
      text: `${args}: ${field}: ${issue.message}`,
    };
    return { problem, sort: [GROUP.set, blame[0].order, 1, 0] };
  }
  const node = locateNode(doc, lineCounter, issue.path);
  const { line, col } = issue.atKey && node.keyPosition ? node.keyPosition : node.position;
  // The issue concerns a mapping some --set changed inside: say so.
  const inside = overrides.filter((o) => isPrefix(issue.path, o.path)).map((o) => `--set ${o.raw}`);
  const after = inside.length > 0 ? ` (after ${inside.join(', ')})` : '';
  const message = `${issue.message}${after}`;
  return {
    problem: {
      file: fileName,
      line,
      column: col,
      field,
      message,
      text: `${fileName}:${line}:${col}: ${field}: ${message}`,
    },
    sort: [GROUP.file, line, col, 0],
  };
}

/**
 * Reads every price CSV the scenario data names (each file once) and adds its problems to `located`,
 * after the scenario file's; records each file read in `dataFiles`. A file that does not exist is left
 * to the reference check, which reports it at the field. Returns the counts of problems left unlisted.
 */
function checkDataFiles(
  data: unknown,
  fileName: string,
  dir: string,
  located: Located[],
  dataFiles: DataFile[],
  isFile: (absolute: string) => boolean,
): OmittedProblems[] {
  const assets =
    typeof data === 'object' && data !== null && Array.isArray((data as { assets?: unknown }).assets)
      ? (data as { assets: unknown[] }).assets
      : [];
  const seen = new Set<string>();
  const omitted: OmittedProblems[] = [];
  for (const asset of assets) {
    const price = typeof asset === 'object' && asset !== null ? (asset as { price?: unknown }).price : undefined;
    if (typeof price !== 'object' || price === null) continue;
    const { model, file } = price as { model?: unknown; file?: unknown };
    if (model !== 'csv' || typeof file !== 'string' || file === '') continue;
    const absolute = resolve(dir, file);
    if (seen.has(absolute) || !isFile(absolute)) continue;
    seen.add(absolute);
    const shown = isAbsolute(file) ? file : join(dirname(fileName), file);
    const reading = readPriceCsvFile(absolute, shown);
    const order = seen.size;
    for (const problem of reading.problems)
      located.push({ problem, sort: [GROUP.data, order, problem.line ?? 0, problem.column ?? 0] });
    if (reading.problemCount > reading.problems.length)
      omitted.push({ file: shown, count: reading.problemCount - reading.problems.length });
    dataFiles.push({ file: shown, rows: reading.rows });
  }
  for (const reading of checkVenueData(data, fileName, dir, isFile)) {
    const order = seen.size + dataFiles.length;
    for (const problem of reading.problems)
      located.push({ problem, sort: [GROUP.data, order, problem.line ?? 0, problem.column ?? 0] });
    if (reading.problemCount > reading.problems.length)
      omitted.push({ file: reading.shown, count: reading.problemCount - reading.problems.length });
    dataFiles.push({ file: reading.shown, rows: reading.rows });
  }
  return omitted;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
