// `cascade serve`'s argument: a plain scenario or a config with `service:`; problems name file, line and field.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceConfig } from '../../src/service/config.js';
import { ScenarioProblems } from '../../src/scenario/problems.js';
import { ROOT, tempDir } from './serve-process.js';

const SCENARIO = join(ROOT, 'scenarios', 'thin-pool-shock.yaml');

describe('loadServiceConfig', () => {
  it('serves a plain scenario with the documented defaults', async () => {
    const config = await loadServiceConfig(SCENARIO);
    expect(config.settings).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      db: 'cascade-live.duckdb',
      startEmpty: false,
      checkpointEvery: 1_000_000,
    });
    expect(config.loaded.scenario.name).toBe('thin-pool-shock');
  });

  it('reads service: with the scenario and db relative to the config file; flags override', async () => {
    const dir = tempDir();
    const file = join(dir, 'service.yaml');
    writeFileSync(
      file,
      `service:\n  scenario: ${SCENARIO}\n  port: 9000\n  db: data/live.duckdb\n  startEmpty: true\n`,
    );
    const config = await loadServiceConfig(file, { port: 0 });
    expect(config.settings.port).toBe(0);
    expect(config.settings.db).toBe(join(dir, 'data', 'live.duckdb'));
    expect(config.settings.startEmpty).toBe(true);
  });

  it('names file, line, column and field of a bad setting', async () => {
    const dir = tempDir();
    const file = join(dir, 'service.yaml');
    writeFileSync(file, `service:\n  scenario: ${SCENARIO}\n  port: 70000\n  colour: blue\n`);
    const error = await loadServiceConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioProblems);
    const problems = (error as ScenarioProblems).problems;
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'service.port'],
      [4, 'service.colour'],
    ]);
    expect(problems[0].text).toBe(`${file}:3:9: service.port: must be ≤ 65535 (got 70000)`);
    expect(problems[1].message).toMatch(/unknown field/);
  });

  it('a missing scenario in a config is reported at service', async () => {
    const dir = tempDir();
    const file = join(dir, 'service.yaml');
    writeFileSync(file, 'service:\n  port: 1\n');
    const error = (await loadServiceConfig(file).catch((e: unknown) => e)) as ScenarioProblems;
    expect(error.problems[0].field).toBe('service.scenario');
    expect(error.problems[0].message).toMatch(/^required/);
  });
});
