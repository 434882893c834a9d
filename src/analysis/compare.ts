/**
 * Side-by-side runs of margin-engine designs on the same exogenous shock and seed
 * (`cascade compare`). The design registry lives here, in {@link DESIGNS}: each design is a list
 * of `--set`-style overrides computed from the scenario, applied through {@link loadScenario} so
 * every design is validated exactly like user input. A new preset is one more entry.
 *
 * Why the exogenous path is the same for every design: each asset's fundamental price is drawn
 * from its own random stream, named by the asset (see src/kernel/random.ts), and nothing a
 * protocol or keeper does feeds back into it. {@link compareDesigns} checks this after the runs.
 */
import type { RunResult } from './result.js';
import { InvariantError, ScenarioError, UsageError } from '../kernel/errors.js';
import { runScenario } from '../kernel/run.js';
import { loadScenario } from '../scenario/load.js';
import type { protocolSchema, Scenario } from '../scenario/schema.js';
import type { z } from 'zod';

/** A liquidation rule as a scenario file may write it (parameters with defaults may be left out). */
type LiquidationRule = NonNullable<z.input<typeof protocolSchema>['liquidationRule']>;

/**
 * One margin-engine design of the comparison.
 *
 * @example
 * const design: Design = { description: 'Aave v3', overrides: (s) => ruleOverrides(s, { type: 'aave-v3' }) };
 */
export interface Design {
  /** One line on what the design is, shown in the HTML report. */
  description: string;
  /** `--set path=value` overrides that turn `scenario` into this design. */
  overrides: (scenario: Scenario) => string[];
}

/**
 * Bonus parameters the `volatility-bonus` design uses when the scenario has no volatility-bonus
 * rule of its own.
 *
 * @example
 * VOLATILITY_BONUS_DEFAULTS.maxBonus; // 0.15
 */
export const VOLATILITY_BONUS_DEFAULTS = { minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 } as const;

/**
 * Overrides that set `protocols.<i>.liquidationRule` of every protocol to `rule`, except on protocols
 * whose rule already has that type (they keep their own parameters). The value is written as JSON,
 * which is also YAML, so `--set` parses it as one mapping and replaces the whole rule (no stale
 * parameter of another rule type is left behind).
 *
 * @example
 * ruleOverrides(scenario, { type: 'morpho-blue' }); // ['protocols.0.liquidationRule={"type":"morpho-blue"}']
 */
export function ruleOverrides(scenario: Scenario, rule: LiquidationRule): string[] {
  return scenario.protocols.flatMap((protocol, i) =>
    protocol.liquidationRule.type === rule.type ? [] : [`protocols.${i}.liquidationRule=${JSON.stringify(rule)}`],
  );
}

/**
 * The design registry, in display order: name → design. Names are the liquidation rule types.
 *
 * @example
 * Object.keys(DESIGNS); // ['aave-v3', 'aave-v3.3', 'morpho-blue', 'euler-v2', 'volatility-bonus']
 */
export const DESIGNS: Readonly<Record<string, Design>> = Object.freeze({
  'aave-v3': {
    description: 'Aave v3: close factor 0.5 (1 below the full-close health), fixed bonus, protocol fee; bad debt to the insurance fund',
    overrides: (s: Scenario) => ruleOverrides(s, { type: 'aave-v3' }),
  },
  'aave-v3.3': {
    description: 'Aave v3.3: as Aave v3, with the 2,000 USD close-factor threshold and the 1,000 USD dust rule',
    overrides: (s: Scenario) => ruleOverrides(s, { type: 'aave-v3.3' }),
  },
  'morpho-blue': {
    description: 'Morpho Blue: whole debt repayable, incentive from the LLTV (at most 15%), no fee; bad debt taken from suppliers',
    overrides: (s: Scenario) => ruleOverrides(s, { type: 'morpho-blue' }),
  },
  'euler-v2': {
    description: 'Euler v2: whole debt repayable at a discount that grows as health falls (at most 15%), no fee; bad debt socialised',
    overrides: (s: Scenario) => ruleOverrides(s, { type: 'euler-v2' }),
  },
  'volatility-bonus': {
    description:
      `Aave v3 with a bonus scaled by the oracle's realised volatility, clamped to ` +
      `[${VOLATILITY_BONUS_DEFAULTS.minBonus}, ${VOLATILITY_BONUS_DEFAULTS.maxBonus}] unless the scenario sets its own`,
    overrides: (s: Scenario) => ruleOverrides(s, { type: 'volatility-bonus', ...VOLATILITY_BONUS_DEFAULTS }),
  },
});

/**
 * The design names, in registry order.
 *
 * @example
 * designNames().includes('euler-v2'); // true
 */
export function designNames(): string[] {
  return Object.keys(DESIGNS);
}

function unknownDesign(name: string): UsageError {
  return new UsageError(`--designs: unknown design "${name}"; allowed: ${designNames().join(', ')}`);
}

/**
 * The `--set`-style overrides that turn `scenario` into design `name`; throws a {@link UsageError}
 * naming `--designs` and the allowed names when there is no such design.
 *
 * @example
 * designOverrides('aave-v3.3', scenario); // ['protocols.0.liquidationRule={"type":"aave-v3.3"}']
 */
export function designOverrides(name: string, scenario: Scenario): string[] {
  if (!Object.hasOwn(DESIGNS, name)) throw unknownDesign(name);
  return DESIGNS[name].overrides(scenario);
}

/**
 * Parses the `--designs` value, a comma-separated list of distinct design names; throws a
 * {@link UsageError} naming `--designs` and the allowed names on an unknown, empty or repeated name.
 *
 * @example
 * parseDesigns('aave-v3, morpho-blue'); // ['aave-v3', 'morpho-blue']
 */
export function parseDesigns(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  const allowed = `allowed: ${designNames().join(', ')}`;
  if (names.some((name) => name === '')) {
    throw new UsageError(`--designs: expected a comma-separated list of design names, e.g. --designs aave-v3,morpho-blue (got "${value}"); ${allowed}`);
  }
  for (const name of names) if (!Object.hasOwn(DESIGNS, name)) throw unknownDesign(name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new UsageError(`--designs: "${repeated}" is listed twice; list each design once`);
  return names;
}

/**
 * One design's run.
 *
 * @example
 * const run: DesignRun = { design: 'aave-v3', description: 'Aave v3: …', result };
 */
export interface DesignRun {
  /** Design name: a registry name, or the scenario name when comparing files. */
  design: string;
  /** What the design is (the registry description, or the scenario's description). */
  description: string;
  result: RunResult;
}

/**
 * The runs of a comparison, all on the same seed.
 *
 * @example
 * const c = compareDesigns('scenarios/thin-pool-shock.yaml', ['aave-v3', 'morpho-blue']);
 * c.designs.map((d) => d.design); // ['aave-v3', 'morpho-blue']
 */
export interface Comparison {
  /** `designs`: registry designs on one scenario; `files`: one design per scenario file. */
  mode: 'designs' | 'files';
  /** Scenario name (when comparing files: their names joined with ` vs `). */
  scenario: string;
  /** The scenario's description ('' when comparing files). */
  description: string;
  seed: number;
  designs: DesignRun[];
  /** Whether every `fundamental:*` series is byte-identical across the designs. */
  exogenousPathIdentical: boolean;
}

/**
 * Options of {@link compareDesigns} and {@link compareFiles}.
 *
 * @example
 * const options: CompareOptions = { seed: 7, overrides: ['blocks=300'] };
 */
export interface CompareOptions {
  /** Master seed of every run (default: the scenario's, or the first file's). */
  seed?: number;
  /** User `--set path=value` overrides, applied before the design's own. */
  overrides?: string[];
}

function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((byte, i) => byte === y[i]);
}

/**
 * Whether every run has the same `fundamental:*` columns with byte-identical values (true for
 * fewer than two runs).
 *
 * @example
 * fundamentalPathsIdentical([a.result, b.result]); // true when a and b differ only in design
 */
export function fundamentalPathsIdentical(results: readonly RunResult[]): boolean {
  const fundamentals = (r: RunResult) => r.series.filter((c) => c.name.startsWith('fundamental:'));
  const [first, ...rest] = results.map(fundamentals);
  return rest.every(
    (columns) => columns.length === first.length && columns.every((c, i) => c.name === first[i].name && sameBytes(c.values, first[i].values)),
  );
}

/** Prefixes a scenario error raised by a design's overrides with the design, so the user sees which one. */
function inDesign<T>(design: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`design ${design}:\n${error.message}`, error.location);
    throw error;
  }
}

/**
 * Runs `designs` (registry names, see {@link DESIGNS}) on the scenario in `file`, each with the
 * same seed. Throws a {@link UsageError} on an unknown design, a {@link ScenarioError} when the
 * scenario or an override is invalid, and an {@link InvariantError} if the exogenous price paths
 * differ (they cannot: only the liquidation rule changes).
 *
 * @example
 * const c = compareDesigns('scenarios/thin-pool-shock.yaml', ['aave-v3', 'euler-v2'], { overrides: ['blocks=300'] });
 * c.exogenousPathIdentical; // true
 */
export function compareDesigns(file: string, designs: readonly string[], options: CompareOptions = {}): Comparison {
  for (const design of designs) if (!Object.hasOwn(DESIGNS, design)) throw unknownDesign(design);
  const user = options.overrides ?? [];
  const base = loadScenario(file, user);
  const seed = options.seed ?? base.scenario.seed;
  const runs = designs.map((design): DesignRun => {
    const loaded = inDesign(design, () => loadScenario(file, [...user, ...designOverrides(design, base.scenario)]));
    return { design, description: DESIGNS[design].description, result: runScenario(loaded.scenario, { seed, baseDir: loaded.dir }) };
  });
  const identical = fundamentalPathsIdentical(runs.map((r) => r.result));
  if (!identical) throw new InvariantError(`${base.scenario.name}: the exogenous price path differs between designs with the same seed`);
  return { mode: 'designs', scenario: base.scenario.name, description: base.scenario.description, seed, designs: runs, exogenousPathIdentical: true };
}

/**
 * Runs each scenario file as one design, named by its scenario `name` (by its path when two files
 * share a name), all on the same seed: `options.seed`, else the first file's. The files may
 * differ in their exogenous paths; {@link Comparison.exogenousPathIdentical} says whether they do.
 *
 * @example
 * const c = compareFiles(['a.yaml', 'b.yaml']);
 * c.designs.map((d) => d.design); // ['a', 'b']
 */
export function compareFiles(files: readonly string[], options: CompareOptions = {}): Comparison {
  const loaded = files.map((file) => loadScenario(file, options.overrides ?? []));
  if (loaded.length === 0) throw new UsageError('compare: give at least one scenario file');
  const seed = options.seed ?? loaded[0].scenario.seed;
  const names = loaded.map((l) => l.scenario.name);
  const runs = loaded.map((l, i): DesignRun => ({
    design: names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : l.file,
    description: l.scenario.description,
    result: runScenario(l.scenario, { seed, baseDir: l.dir }),
  }));
  return {
    mode: 'files',
    scenario: [...new Set(names)].join(' vs '),
    description: '',
    seed,
    designs: runs,
    exogenousPathIdentical: fundamentalPathsIdentical(runs.map((r) => r.result)),
  };
}

/**
 * The `--json` object (also `comparison.json`): scenario, seed, whether the exogenous path is
 * identical across designs, and each design's metrics and events.
 *
 * @example
 * JSON.stringify(comparisonObject(c), null, 2);
 */
export function comparisonObject(comparison: Comparison): object {
  return {
    scenario: comparison.scenario,
    seed: comparison.seed,
    exogenousPathIdentical: comparison.exogenousPathIdentical,
    designs: comparison.designs.map((d) => ({ design: d.design, metrics: d.result.metrics, events: d.result.events })),
  };
}
