import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { ScenarioError, UsageError } from '../../kernel/errors.js';
import { runScenario } from '../run.js';
import { loadScenario } from '../../scenario/load.js';
import type { LendingSpec, Scenario } from '../../scenario/schema.js';
import {
  DESIGNS,
  VOLATILITY_BONUS_DEFAULTS,
  checkDesignApplies,
  compareDesigns,
  designChanges,
  compareFiles,
  comparisonObject,
  designNames,
  designOverrides,
  fundamentalPathsIdentical,
  parseDesigns,
} from './compare.js';

const INSTANT_RULES = ['aave-v3', 'aave-v3.3', 'morpho-blue', 'euler-v2', 'volatility-bonus'];
/** Every liquidation rule type, in registry order: each is a design. */
const RULES = [...INSTANT_RULES, 'maker-clip', 'maker-flip', 'compound-v3', 'liquity-v1'];
/** The registry: the rule designs, then the generation presets. */
const ALL = [
  ...RULES,
  'v1',
  'v2',
  'v3',
  'risk-oracle',
  'risk-oracle-procyclical',
  'perp-isolated',
  'perp-cross',
  'perp-partial',
  'perp-full',
  'perp-backstop',
  'perp-adl',
  'perp-socialise',
];
/** Short enough to be quick, long enough that the shock (minute 10 = block 50) liquidates. */
const SMALL = ['blocks=150', 'protocols.0.borrowers.count=300'];
const file = defaultScenarioPath();
const base = loadScenario(file).scenario;

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as `name` into a fresh temporary folder; returns its path. */
function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-compare-'));
  tempDirs.push(dir);
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

/** `scenario` with a second protocol, a copy of the first with another id and rule. */
function twoProtocols(scenario: Scenario, secondRule: LendingSpec['liquidationRule']): Scenario {
  const copy = structuredClone(scenario);
  copy.protocols.push({
    ...structuredClone(copy.protocols[0] as LendingSpec),
    id: 'second',
    liquidationRule: secondRule,
  });
  return copy;
}

describe('design registry', () => {
  it('has one design per liquidation rule type, then the V1/V2/V3 presets, then the perp designs, in a fixed order', () => {
    expect(designNames()).toEqual(ALL);
    for (const name of designNames()) expect(DESIGNS[name].description.length).toBeGreaterThan(10);
  });

  it('sets protocols.<i>.liquidationRule to the whole rule, as JSON', () => {
    expect(designOverrides('morpho-blue', base)).toEqual(['protocols.0.liquidationRule={"type":"morpho-blue"}']);
    expect(designOverrides('aave-v3.3', base)).toEqual(['protocols.0.liquidationRule={"type":"aave-v3.3"}']);
    expect(designOverrides('euler-v2', base)).toEqual(['protocols.0.liquidationRule={"type":"euler-v2"}']);
    expect(designOverrides('volatility-bonus', base)).toEqual([
      'protocols.0.liquidationRule={"type":"volatility-bonus","minBonus":0.02,"maxBonus":0.15,"referenceVolatilityAnnual":0.8}',
    ]);
    // The shipped scenario already uses aave-v3 (the default), so that design changes nothing.
    expect((base.protocols[0] as LendingSpec).liquidationRule.type).toBe('aave-v3');
    expect(designOverrides('aave-v3', base)).toEqual([]);
  });

  it('covers every protocol, keeping the parameters of a protocol whose rule already has the type', () => {
    const scenario = twoProtocols(base, {
      type: 'volatility-bonus',
      minBonus: 0.01,
      maxBonus: 0.3,
      referenceVolatilityAnnual: 1.2,
      halfLifeBlocks: 50,
    });
    expect(designOverrides('morpho-blue', scenario)).toEqual([
      'protocols.0.liquidationRule={"type":"morpho-blue"}',
      'protocols.1.liquidationRule={"type":"morpho-blue"}',
    ]);
    const volatility = designOverrides('volatility-bonus', scenario);
    expect(volatility).toHaveLength(1);
    expect(volatility[0].startsWith('protocols.0.liquidationRule=')).toBe(true);
  });

  it('gives overrides that load as the design, validated like user input', () => {
    for (const name of RULES) {
      const loaded = loadScenario(file, designOverrides(name, base)).scenario;
      expect(loaded.protocols.map((p) => (p as LendingSpec).liquidationRule.type)).toEqual([name]);
    }
    const volatility = (
      loadScenario(file, designOverrides('volatility-bonus', base)).scenario.protocols[0] as LendingSpec
    ).liquidationRule;
    expect(volatility).toEqual({ type: 'volatility-bonus', ...VOLATILITY_BONUS_DEFAULTS, halfLifeBlocks: 300 });
  });

  it('keeps a volatility-bonus rule the user set, and replaces a rule of another type whole', () => {
    const own = [
      'protocols.0.liquidationRule={type: volatility-bonus, minBonus: 0.03, maxBonus: 0.2, referenceVolatilityAnnual: 1}',
    ];
    const scenario = loadScenario(file, own).scenario;
    expect(designOverrides('volatility-bonus', scenario)).toEqual([]);
    // From euler-v2 (with maxDiscount) to aave-v3: no stale maxDiscount is left to fail validation.
    const euler = loadScenario(file, ['protocols.0.liquidationRule={type: euler-v2, maxDiscount: 0.1}']).scenario;
    const overrides = [
      'protocols.0.liquidationRule={type: euler-v2, maxDiscount: 0.1}',
      ...designOverrides('aave-v3', euler),
    ];
    expect((loadScenario(file, overrides).scenario.protocols[0] as LendingSpec).liquidationRule).toEqual({
      type: 'aave-v3',
    });
  });

  it('rejects an unknown design with a UsageError naming --designs and the allowed names', () => {
    expect(() => designOverrides('aave-v4', base)).toThrow(UsageError);
    expect(() => designOverrides('aave-v4', base)).toThrow(
      `--designs: unknown design "aave-v4"; allowed: ${ALL.join(', ')}`,
    );
    // Not fooled by names every object has.
    expect(() => designOverrides('toString', base)).toThrow(UsageError);
    expect(() => compareDesigns(file, ['aave-v3', 'nope'])).toThrow('--designs: unknown design "nope"');
  });
});

describe('what a design changes is never silent', () => {
  const perpFile = path.join(path.dirname(file), 'perp-long-crash.yaml');
  const perpCrossFile = path.join(path.dirname(file), 'perp-cross-margin.yaml');

  it('lists every field a preset changes with the scenario value before and the design value after', () => {
    // v1 on the default: Aave v3 already (no rule change), the 1M fund to 0, the oracle from [cex, pool] to its first
    // source.
    expect(designChanges('v1', base)).toEqual([
      { field: 'protocols.0.insuranceFundUsd', from: 1_000_000, to: 0 },
      { field: 'oracles.0.sources', from: ['cex', 'pool'], to: ['cex'] },
    ]);
    // v2 keeps the median of both venues (unchanged, so not listed) and switches to Maker's Clipper.
    expect(designChanges('v2', base)).toEqual([
      { field: 'protocols.0.liquidationRule', from: { type: 'aave-v3' }, to: { type: 'maker-clip' } },
    ]);
  });

  it('v1 and v2 remove circuit breakers and tiers the scenario has, and only those', () => {
    const guarded = loadScenario(file, ['protocols.0.circuitBreakers={pauseOnOracleMovePct: 5}']).scenario;
    expect(designChanges('v2', guarded).map((c) => c.field)).toEqual([
      'protocols.0.liquidationRule',
      'protocols.0.circuitBreakers',
    ]);
    expect(designOverrides('v2', base).some((o) => o.includes('circuitBreakers') || o.includes('thresholdTiers'))).toBe(
      false,
    );
  });

  it('perp-backstop keeps a backstop the exchange already has (its capital would silently drop to 0) and adds one where there is none', () => {
    const own = loadScenario(perpCrossFile).scenario;
    expect(designOverrides('perp-backstop', own)).toEqual([]);
    expect(designOverrides('perp-backstop', loadScenario(perpFile).scenario)).toEqual([
      'protocols.0.liquidation.backstop={}',
    ]);
  });

  it('refuses a design the scenario has no protocol for, instead of running an untouched copy under its name', () => {
    expect(() => checkDesignApplies('perp-adl', base, file)).toThrow(UsageError);
    expect(() => checkDesignApplies('perp-adl', base, file)).toThrow(
      /design "perp-adl" changes perp exchanges .* has none \(its protocols are of type lending\)/,
    );
    const perp = loadScenario(perpFile).scenario;
    expect(() => checkDesignApplies('liquity-v1', perp, perpFile)).toThrow(
      /design "liquity-v1" changes lending protocols/,
    );
    expect(() => checkDesignApplies('perp-adl', perp, perpFile)).not.toThrow();
    // compareDesigns checks before it runs anything.
    expect(() => compareDesigns(file, ['aave-v3', 'perp-socialise'], { overrides: SMALL })).toThrow(UsageError);
  });

  it('liquity-v1 on the default: the design run carries the threshold it replaced and the terms that explain why nothing is liquidated', () => {
    const c = compareDesigns(file, ['liquity-v1'], { overrides: SMALL });
    const [run] = c.designs;
    expect(run.changes).toEqual([
      { field: 'protocols.0.liquidationRule', from: { type: 'aave-v3' }, to: { type: 'liquity-v1' } },
    ]);
    const threshold = run.result.overrides?.find((o) => o.field === 'protocols.0.liquidationThreshold');
    expect(threshold?.scenarioValue).toBe(0.825);
    expect(threshold?.effectiveValue).toBeCloseTo(1 / 1.1, 12);
    // The least healthy trove (ICR 1.02/0.825) needs an 11.03% fall; the 10% shock does not get there.
    expect(run.terms?.[0].firstLiquidationFall).toBeCloseTo(1 - (1.1 * 0.825) / 1.02, 12);
    expect(run.result.metrics.oracleDrawdown).toBeLessThan(run.terms?.[0].firstLiquidationFall ?? 0);
    expect(run.result.metrics.liquidations).toBe(0);
  });
});

describe('parseDesigns', () => {
  it('splits a comma-separated list and trims names', () => {
    expect(parseDesigns('aave-v3, morpho-blue ,euler-v2')).toEqual(['aave-v3', 'morpho-blue', 'euler-v2']);
    expect(parseDesigns(RULES.join(','))).toEqual(RULES);
  });

  it('rejects unknown, empty and repeated names, naming --designs', () => {
    for (const bad of ['aave', 'aave-v3,,morpho-blue', '', 'aave-v3,', 'aave-v3,aave-v3']) {
      expect(() => parseDesigns(bad), bad).toThrow(UsageError);
      expect(() => parseDesigns(bad), bad).toThrow(/^--designs: /);
    }
    expect(() => parseDesigns('aave')).toThrow(`allowed: ${ALL.join(', ')}`);
    expect(() => parseDesigns('aave-v3,aave-v3')).toThrow('"aave-v3" is listed twice');
  });
});

describe('compareDesigns', () => {
  const comparison = compareDesigns(file, INSTANT_RULES, { overrides: SMALL, seed: 9 });

  it('runs every design in the order given, on the same seed', () => {
    expect(comparison.scenario).toBe('thin-pool-shock');
    expect(comparison.seed).toBe(9);
    expect(comparison.designs.map((d) => d.design)).toEqual(INSTANT_RULES);
    for (const d of comparison.designs) {
      expect(d.result.seed).toBe(9);
      expect(d.result.blocks).toBe(150);
      expect(d.description).toBe(DESIGNS[d.design].description);
    }
    expect(comparison.designs[0].result.metrics.liquidations).toBeGreaterThan(0);
  });

  it('gives every design a byte-identical exogenous (fundamental) price path', () => {
    expect(comparison.exogenousPathIdentical).toBe(true);
    const fundamentals = comparison.designs.map((d) =>
      d.result.series.filter((c) => c.name.startsWith('fundamental:')),
    );
    expect(fundamentals[0].map((c) => c.name)).toEqual(['fundamental:ETH']);
    const bytes = (values: Float64Array) =>
      Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('hex');
    for (const columns of fundamentals.slice(1)) {
      expect(columns.map((c) => c.name)).toEqual(fundamentals[0].map((c) => c.name));
      columns.forEach((c, i) => expect(bytes(c.values)).toBe(bytes(fundamentals[0][i].values)));
    }
    // ...while the designs do differ downstream of it.
    const penalties = new Set(comparison.designs.map((d) => d.result.metrics.borrowerPenaltiesUsd));
    expect(penalties.size).toBeGreaterThan(1);
  });

  it('uses the scenario seed by default and is deterministic', () => {
    const a = compareDesigns(file, ['aave-v3', 'morpho-blue'], { overrides: SMALL });
    const b = compareDesigns(file, ['aave-v3', 'morpho-blue'], { overrides: SMALL });
    expect(a.seed).toBe(base.seed);
    expect(JSON.stringify(comparisonObject(a))).toBe(JSON.stringify(comparisonObject(b)));
  });

  it('runs a design exactly as the equivalent --set run', () => {
    const direct = loadScenario(file, [...SMALL, 'protocols.0.liquidationRule.type=morpho-blue']);
    const viaCompare = comparison.designs.find((d) => d.design === 'morpho-blue');
    expect(viaCompare?.result.metrics).toEqual(runScenario(direct.scenario, { seed: 9, baseDir: direct.dir }).metrics);
  });

  it('reports a scenario error in a user override without naming a design', () => {
    expect(() => compareDesigns(file, ['aave-v3'], { overrides: ['blocks=-1'] })).toThrow(ScenarioError);
  });

  it('builds the --json object: scenario, seed, path flag and each design with its changes, terms, overrides, warnings, metrics and events', () => {
    const object = comparisonObject(comparison) as {
      designs: { design: string; metrics: object; events: unknown[] }[];
    };
    expect(Object.keys(object)).toEqual(['scenario', 'seed', 'exogenousPathIdentical', 'designs']);
    expect(comparison.mode).toBe('designs');
    expect(object.designs.map((d) => Object.keys(d))).toEqual(
      INSTANT_RULES.map(() => ['design', 'changes', 'liquidationTerms', 'overrides', 'warnings', 'metrics', 'events']),
    );
    expect(object.designs[2].metrics).toBe(comparison.designs[2].result.metrics);
  });
});

describe('compareFiles', () => {
  const text = readFileSync(file, 'utf8');
  const named = (name: string, extra = '') => text.replace('name: thin-pool-shock', `name: ${name}`) + extra;

  it('names each design by its scenario name and runs all on the first file seed', () => {
    const a = writeTemp('a.yaml', named('engine-a'));
    const b = writeTemp(
      'b.yaml',
      named('engine-b').replace('seed: 1', 'seed: 5').replace('liquidationBonus: 0.05', 'liquidationBonus: 0.08'),
    );
    const c = compareFiles([a, b], { overrides: SMALL });
    expect(c.designs.map((d) => d.design)).toEqual(['engine-a', 'engine-b']);
    expect(c.scenario).toBe('engine-a vs engine-b');
    expect(c.seed).toBe(1);
    expect(c.designs.map((d) => d.result.seed)).toEqual([1, 1]);
    expect(c.exogenousPathIdentical).toBe(true);
    expect(c.mode).toBe('files');
  });

  it('names designs by path when two files share a scenario name, and flags differing shocks', () => {
    const a = writeTemp('same.yaml', text);
    const b = writeTemp('same.yaml', text.replace('dropPct: 10', 'dropPct: 20'));
    const c = compareFiles([a, b], { overrides: SMALL });
    expect(c.designs.map((d) => d.design)).toEqual([a, b]);
    expect(c.exogenousPathIdentical).toBe(false);
    expect(fundamentalPathsIdentical(c.designs.map((d) => d.result))).toBe(false);
  });
});
