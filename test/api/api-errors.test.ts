/** The library's errors: typed, naming what is wrong, thrown rather than printed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadScenarioFile,
  parseScenarioText,
  runMonteCarlo,
  scenarioFromObject,
  ScenarioError,
  ScenarioProblems,
  UsageError,
} from '../../src/api/index.js';

describe('library errors', () => {
  it('a Monte Carlo of 0 or 1.5 paths is a UsageError naming paths', async () => {
    const loaded = await loadScenarioFile('scenarios/thin-pool-shock.yaml', { set: ['blocks=2'] });
    await expect(runMonteCarlo(loaded, { paths: 0 })).rejects.toThrow(
      new UsageError('paths must be an integer ≥ 1, got 0'),
    );
    await expect(runMonteCarlo(loaded, { paths: 1.5 })).rejects.toBeInstanceOf(UsageError);
  });

  it('an object that is not JSON, or no object at all, is a ScenarioError naming the file name given', async () => {
    await expect(scenarioFromObject({ blocks: 10n }, { fileName: 'mine.json' })).rejects.toThrow(
      /^mine\.json: the scenario object cannot be written as JSON/,
    );
    await expect(scenarioFromObject(undefined, { fileName: 'mine.json' })).rejects.toThrow(
      new ScenarioError('mine.json: the scenario must be a mapping, got undefined'),
    );
  });

  it('an invalid --set names the field, with no file', async () => {
    const error = await loadScenarioFile('scenarios/thin-pool-shock.yaml', { set: ['blocks=0'] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScenarioProblems);
    const [problem] = (error as ScenarioProblems).problems;
    expect(problem).toMatchObject({ file: null, field: 'blocks', set: ['blocks=0'] });
  });

  it('scenario text naming a data file outside its folder is refused unless allowOutsideFiles', async () => {
    const gbmLine = '    price: { model: gbm, initial: 2000, driftAnnual: 0, volatilityAnnual: 0.8 }';
    const shipped = readFileSync('scenarios/gbm-day.yaml', 'utf8');
    expect(shipped).toContain(gbmLine);
    const text = shipped.replace(gbmLine, '    price: { model: csv, file: /etc/passwd }');
    const refused = await parseScenarioText(text, { fileName: 'scenarios/untrusted.yaml' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScenarioProblems);
    const problem = (refused as ScenarioProblems).problems.find((p) => /outside/.test(p.message));
    expect(problem, String(refused)).toBeDefined();
    expect(String(refused)).not.toContain('root:');
    // Allowed, the file is read, and refused for its format instead (without echoing it).
    const read = await parseScenarioText(text, { fileName: 'scenarios/untrusted.yaml', allowOutsideFiles: true }).catch(
      (e: unknown) => e,
    );
    expect(read).toBeInstanceOf(ScenarioProblems);
    expect(String(read)).not.toMatch(/outside/);
    expect(String(read)).not.toContain('root:');
  });
});
