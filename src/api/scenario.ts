// Loading and validating scenarios for library users: from a file, from YAML or JSON text, or from a plain object.
// Each reads the scenario's data files (price CSVs are checked, position books are read) exactly as `cascade run`
// does, and throws ScenarioProblems (file, line, column, field, message per problem) when anything is wrong.
import { ScenarioError } from '../kernel/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { JsonSchema } from '../scenario/jsonSchema.js';

/**
 * Options of {@link loadScenarioFile}, {@link parseScenarioText} and {@link scenarioFromObject}.
 *
 * @example const options: ScenarioOptions = { set: ['blocks=10', 'protocols.0.liquidationBonus=0.1'] };
 */
export interface ScenarioOptions {
  /** Overrides in `cascade run --set` form, `path=value`, applied before validation, in order. */
  set?: readonly string[];
  /**
   * Text and objects only: the name problems are reported under, whose directory also resolves the relative paths in
   * the scenario (price CSVs, position books). Default `scenario.yaml` (text) or `scenario.json` (object) in the
   * current directory.
   */
  fileName?: string;
  /**
   * Read data files the scenario names outside its own folder (the file's, or `fileName`'s, directory). Default
   * false: a scenario from an untrusted source cannot make the library read `/etc/passwd`. Paths given in `set` are
   * always allowed.
   */
  allowOutsideFiles?: boolean;
}

/**
 * Reads, overrides, validates and cross-checks a scenario file (.yaml, .yml or .json) and every data file it names.
 * Throws {@link ScenarioProblems} listing every problem (`problems[i].file`, `.line`, `.column`, `.field`,
 * `.message`), or a {@link ScenarioError} when the file cannot be read at all.
 *
 * @example
 * const { scenario } = await loadScenarioFile('scenarios/thin-pool-shock.yaml', { set: ['blocks=20'] });
 * scenario.blocks; // 20
 */
export async function loadScenarioFile(file: string, options: ScenarioOptions = {}): Promise<LoadedScenario> {
  const { loadScenarioWithBooks } = await import('../scenario/book-files.js');
  return loadScenarioWithBooks(file, [...(options.set ?? [])], {
    allowOutsideFiles: options.allowOutsideFiles ?? false,
  });
}

/**
 * Validates scenario text (YAML, or JSON, which is YAML) as {@link loadScenarioFile} validates a file; problems name
 * `options.fileName` and the line and column in `text`.
 *
 * @example
 * const { scenario } = await parseScenarioText(yamlText, { fileName: 'scenarios/my.yaml' });
 */
export async function parseScenarioText(text: string, options: ScenarioOptions = {}): Promise<LoadedScenario> {
  return fromText(text, options.fileName ?? 'scenario.yaml', options);
}

/**
 * Validates a scenario given as a plain object (for example one built in code, or read from JSON). It is written as
 * two-space-indented JSON first, so a problem's `line` and `column` point into that text; its `field` (the path, e.g.
 * `protocols.0.ltv`) is what locates it in the object.
 *
 * @example
 * const { scenario } = await scenarioFromObject({ ...JSON.parse(json), blocks: 10 });
 */
export async function scenarioFromObject(value: unknown, options: ScenarioOptions = {}): Promise<LoadedScenario> {
  const fileName = options.fileName ?? 'scenario.json';
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (error) {
    throw new ScenarioError(`${fileName}: the scenario object cannot be written as JSON (${String(error)})`, fileName);
  }
  if (text === undefined) throw new ScenarioError(`${fileName}: the scenario must be a mapping, got ${typeof value}`);
  return fromText(text, fileName, options);
}

async function fromText(text: string, fileName: string, options: ScenarioOptions): Promise<LoadedScenario> {
  const [{ loadScenarioText }, { loadBooks }] = await Promise.all([
    import('../scenario/load.js'),
    import('../scenario/book-files.js'),
  ]);
  const loaded = loadScenarioText(text, fileName, [...(options.set ?? [])], {
    allowOutsideFiles: options.allowOutsideFiles ?? false,
  });
  loaded.dataFiles.push(...(await loadBooks(loaded.scenario, loaded.dir, fileName)));
  return loaded;
}

/**
 * The JSON Schema of scenario files, as the package ships it in `schema/scenario.schema.json` (and `cascade schema`
 * prints): JSON Schema draft 2020-12, input side (fields with defaults are optional).
 *
 * @example
 * const schema = await scenarioJsonSchema();
 * Object.keys(schema.properties ?? {}).includes('protocols'); // true
 */
export async function scenarioJsonSchema(): Promise<JsonSchema> {
  const { scenarioSchemaDocument } = await import('../scenario/schema-file.js');
  return scenarioSchemaDocument();
}
