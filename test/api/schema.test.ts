/**
 * The shipped scenario JSON Schema: the committed file is what the zod schema generates today, `cascade schema`
 * prints and writes the same bytes, and every shipped scenario names it on its first line and uses only fields it
 * lists.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { SCENARIO_SCHEMA_FILE, scenarioSchemaText } from '../../src/scenario/schema-file.js';
import { loadScenarioWithBooks } from '../../src/scenario/book-files.js';

const committed = readFileSync(join(repoRoot, SCENARIO_SCHEMA_FILE), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'cascade-schema-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = '# yaml-language-server: $schema=../schema/scenario.schema.json';
const shipped = readdirSync(join(repoRoot, 'scenarios'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => join(repoRoot, 'scenarios', name));

describe('scenario JSON Schema file', () => {
  it('is the schema generated from the zod scenario schema (regenerate: cascade schema --out schema/scenario.schema.json)', () => {
    expect(committed).toBe(scenarioSchemaText());
  });

  it('is shipped in the package: listed in files and exports', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      files: string[];
      exports: Record<string, unknown>;
    };
    expect(pkg.files).toContain('schema');
    expect(pkg.exports['./schema/scenario.schema.json']).toBe(`./${SCENARIO_SCHEMA_FILE}`);
  });

  it('is what `cascade schema` prints, and what --out writes', () => {
    const printed = runCli(['schema']);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(committed);
    const out = join(scratch, 'scenario.schema.json');
    const written = runCli(['schema', '--out', out]);
    expect(written.status).toBe(0);
    expect(written.stdout).toBe(`Wrote the scenario JSON Schema to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(committed);
    expect(readdirSync(scratch)).toEqual(['scenario.schema.json']);
  });

  it('refuses --out naming a directory with a usage error and no stack trace', () => {
    const refused = runCli(['schema', '--out', scratch]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`cascade: --out ${scratch}: is a directory; give a file path\n`);
    expect(refused.stdout).toBe('');
  });
});

describe('shipped scenarios name the schema', () => {
  const schema = JSON.parse(committed) as { properties: Record<string, unknown> };

  it.each(shipped.map((file) => [file.slice(repoRoot.length + 1), file]))(
    '%s starts with the yaml-language-server line, loads, and uses only fields the schema lists',
    async (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe(HEADER);
      expect(existsSync(resolve(dirname(file), '../schema/scenario.schema.json'))).toBe(true);
      const loaded = await loadScenarioWithBooks(file);
      expect(loaded.scenario.name.length).toBeGreaterThan(0);
      for (const key of Object.keys(parse(text) as object)) expect(Object.keys(schema.properties)).toContain(key);
    },
    60_000,
  );
});
