/**
 * The V1/V2/V3 presets end to end on the shipped shock: `cascade compare --designs v1,v2,v3` as a real
 * process, checked against the same comparison in-process with the conservation laws on.
 */
import { describe, expect, it } from 'vitest';
import { compareDesigns, comparisonObject, designOverrides } from '../src/analysis/designs/compare.js';
import { defaultScenarioPath } from '../src/cli/default-scenario.js';
import { runScenario } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { runCli } from './helpers/cli.js';

/** Long enough for the shock (minutes 10–40) and its aftermath, on a smaller population. */
const SHORT = ['blocks=400', 'protocols.0.borrowers.count=2000'];
const PRESETS = ['v1', 'v2', 'v3'];

describe('design presets V1, V2, V3 on one shared shock', () => {
  const args = ['compare', '--designs', PRESETS.join(','), '--json', ...SHORT.flatMap((s) => ['--set', s])];
  const first = runCli(args);
  const second = runCli(args);

  it('all three complete, and the comparison output is byte-identical across runs', () => {
    for (const r of [first, second]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(second.stdout).toBe(first.stdout);
    const inProcess = compareDesigns(defaultScenarioPath(), PRESETS, { overrides: SHORT });
    expect(JSON.stringify(comparisonObject(inProcess), null, 2) + '\n').toBe(first.stdout);
  });

  it('share the exogenous path and differ in their outcomes', () => {
    const json = JSON.parse(first.stdout) as {
      exogenousPathIdentical: boolean;
      designs: { design: string; metrics: Record<string, number> }[];
    };
    expect(json.exogenousPathIdentical).toBe(true);
    expect(json.designs.map((d) => d.design)).toEqual(PRESETS);
    for (const d of json.designs) expect(d.metrics.liquidations).toBeGreaterThan(0);
    const penalties = new Set(json.designs.map((d) => d.metrics.borrowerPenaltiesUsd));
    expect(penalties.size).toBe(3);
    const oracleDrawdowns = new Set(json.designs.map((d) => d.metrics.oracleDrawdown));
    expect(oracleDrawdowns.size).toBeGreaterThan(1);
  });

  it('each preset keeps the conservation laws every block', () => {
    const file = defaultScenarioPath();
    const base = loadScenario(file, SHORT).scenario;
    for (const preset of PRESETS) {
      const scenario = loadScenario(file, [...SHORT, ...designOverrides(preset, base)]).scenario;
      expect(() => runScenario(scenario, { checkInvariants: true }), preset).not.toThrow();
    }
  });
});
