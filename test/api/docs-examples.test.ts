/**
 * Runs every ```ts example of docs/api.md as a real child process (tsx) from the repository root, with `from
 * 'cascade'` pointing at the package entry's source, and checks that it prints exactly the ```text block after it.
 * The expected lines are derived in the page itself (the shipped scenario's name and protocol id, the overrides the
 * example sets, 0.6 / 0.005 levels, the documented determinism); none was copied from a run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { examplesOf } from './docs-examples.js';

const page = readFileSync(join(repoRoot, 'docs/api.md'), 'utf8');
const entry = pathToFileURL(join(repoRoot, 'src/api/index.ts')).href;
const scratch = mkdtempSync(join(tmpdir(), 'cascade-api-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/api.md examples', () => {
  const examples = examplesOf(page);

  it('the page has an example of every exported function', () => {
    const code = examples.map((e) => e.code).join('\n');
    for (const name of [
      'loadScenarioFile',
      'parseScenarioText',
      'scenarioFromObject',
      'scenarioJsonSchema',
      'runScenario',
      'runMonteCarlo',
      'designNames',
      'compareDesigns',
      'mapCascade',
      'openResultsStore',
      'storeRunResult',
    ])
      expect(code, name).toContain(`${name}(`);
  });

  it.each(examples.map((e, i) => [e.title, i] as const))(
    '%s',
    (_title, index) => {
      const example = examples[index];
      const file = join(scratch, `example-${index}.mts`);
      writeFileSync(file, example.code.replaceAll("from 'cascade'", `from '${entry}'`));
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, CASCADE_PROGRESS: '0' },
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(example.expected);
      expect(run.status).toBe(0);
    },
    180_000,
  );
});
