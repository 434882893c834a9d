// `cascade serve SCENARIO_OR_CONFIG`: a plain scenario, or a YAML file with a top-level `service:` mapping.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ScenarioError } from '../kernel/errors.js';
import { loadScenarioWithBooks } from '../scenario/book-files.js';
import { fromZodIssue } from '../scenario/issues.js';
import type { LoadedScenario } from '../scenario/load.js';
import { formatPath, locateNode } from '../scenario/paths.js';
import { ScenarioProblems, type Problem } from '../scenario/problems.js';
import { alertsConfig, oracleConfig } from './oracle/config-schema.js';

/** Default TCP port of `cascade serve`. */
export const DEFAULT_PORT = 8080;
/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default store file (the write-ahead log and checkpoint sit beside it). */
export const DEFAULT_DB = 'cascade-live.duckdb';

/** The `service:` mapping of a service config file (every field optional, defaults as documented). */
export const serviceSchema = z.strictObject({
  scenario: z.string().min(1),
  host: z.string().min(1).default(DEFAULT_HOST),
  port: z.int().min(0).max(65_535).default(DEFAULT_PORT),
  db: z.string().min(1).default(DEFAULT_DB),
  startEmpty: z.boolean().default(false),
  checkpointEvery: z.int().min(1).default(1_000_000),
  alerts: alertsConfig.prefault({}),
  oracle: oracleConfig.prefault({}),
});

/** A service config file: `service:` and nothing else. */
const configFileSchema = z.strictObject({ service: serviceSchema });

/** The service's settings after defaults; `db` is resolved against the config file's directory. */
export type ServiceSettings = Omit<z.output<typeof serviceSchema>, 'scenario'>;

/** What `cascade serve` needs: the scenario (books read) and the service settings. */
export interface ServiceConfig {
  /** The file given on the command line. */
  file: string;
  loaded: LoadedScenario;
  settings: ServiceSettings;
}

/** Command-line flags that override the config file's settings. */
export interface ServeOverrides {
  host?: string;
  port?: number;
  db?: string;
  /** `--set path=value` on the scenario. */
  set?: string[];
}

/**
 * Loads `cascade serve`'s argument: a config file (top-level `service:`) naming a scenario relative to itself, or a
 * scenario file served with the default settings. Flags override the file. Problems are thrown as one
 * {@link ScenarioProblems}, each line `file:line:column: field: message`.
 *
 * @example
 * const config = await loadServiceConfig('scenarios/thin-pool-shock.yaml', { port: 0 });
 * config.settings.host; // '127.0.0.1'
 */
export async function loadServiceConfig(file: string, overrides: ServeOverrides = {}): Promise<ServiceConfig> {
  const text = readText(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const data: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  const isConfig = typeof data === 'object' && data !== null && !Array.isArray(data) && 'service' in data;
  let settings: ServiceSettings;
  let scenarioFile = file;
  if (isConfig) {
    const parsed = configFileSchema.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .flatMap((issue) => fromZodIssue(issue, data))
        .map((issue): Problem => {
          const node = locateNode(doc, lineCounter, issue.path);
          const { line, col } = issue.atKey && node.keyPosition ? node.keyPosition : node.position;
          const field = formatPath(issue.path);
          const message =
            issue.message === 'unknown field' && issue.path.length <= 2
              ? `unknown field; ${allowedAt(issue.path)}`
              : issue.message;
          return { file, line, column: col, field, message, text: `${file}:${line}:${col}: ${field}: ${message}` };
        })
        .sort((a, b) => a.line! - b.line! || a.column! - b.column!);
      throw new ScenarioProblems(problems);
    }
    const { scenario, ...rest } = parsed.data.service;
    settings = { ...rest, db: resolve(dirname(file), rest.db) };
    scenarioFile = resolve(dirname(file), scenario);
  } else {
    settings = serviceSchema.parse({ scenario: file });
    delete (settings as { scenario?: string }).scenario;
  }
  if (overrides.host !== undefined) settings.host = overrides.host;
  if (overrides.port !== undefined) settings.port = overrides.port;
  if (overrides.db !== undefined) settings.db = overrides.db;
  const loaded = await loadScenarioWithBooks(scenarioFile, overrides.set ?? []);
  return { file, loaded, settings };
}

/** The fields allowed beside an unknown one at `path` (service.x or a top-level key). */
function allowedAt(path: readonly (string | number)[]): string {
  const fields = path.length <= 1 ? ['service'] : Object.keys(serviceSchema.shape);
  return `allowed fields: ${fields.join(', ')}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`;
    throw new ScenarioError(`${file}: ${reason} (looked for ${resolve(file)})`, file);
  }
}
