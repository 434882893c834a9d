/**
 * Side-by-side runs of margin-engine designs on the same exogenous shock and seed
 * (`cascade compare`). The design registry is in designs.ts.
 *
 * Why the exogenous path is the same for every design: each asset's fundamental price is drawn
 * from its own random stream, named by the asset (see src/kernel/random.ts), and nothing a
 * protocol or keeper does feeds back into it. {@link compareDesigns} checks this after the runs.
 */
import type { RunResult } from '../result.js';
import { InvariantError, ScenarioError, UsageError } from '../../kernel/errors.js';
import { runScenario } from '../run.js';
import { loadScenario, type LoadedScenario } from '../../scenario/load.js';
import { checkDesignApplies, designChanges, DESIGNS, designOverrides, unknownDesign } from './designs.js';
import type { ParameterChange } from './design.js';
import { liquidationTerms, type LiquidationTerms } from './mechanism-overrides.js';

export { DESIGNS, checkDesignApplies, designChanges, designNames, designOverrides, parseDesigns } from './designs.js';
export { VOLATILITY_BONUS_DEFAULTS, ruleOverrides, type Design, type ParameterChange } from './design.js';

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
  /** What the design changed in the scenario, field by field (empty when comparing files; compareDesigns and
   * compareFiles always set it). */
  changes?: ParameterChange[];
  /** Liquidation terms in effect for each lending protocol of the design's scenario (compareDesigns and compareFiles
   * always set it). */
  terms?: LiquidationTerms[];
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
  /** Called after each block of each design's run with the blocks done so far over all designs and their total
   * (progress display only). */
  onBlock?: (done: number, total: number) => void;
}

/** Runs the loaded scenarios one after another, reporting blocks done over all of them to `onBlock`. */
function runAll(loaded: readonly LoadedScenario[], seed: number, onBlock: CompareOptions['onBlock']): RunResult[] {
  const total = loaded.reduce((n, l) => n + l.scenario.blocks, 0);
  let before = 0;
  return loaded.map((l) => {
    const result = runScenario(l.scenario, {
      seed,
      baseDir: l.dir,
      onBlock: onBlock && ((done) => onBlock(before + done, total)),
    });
    before += l.scenario.blocks;
    return result;
  });
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
    (columns) =>
      columns.length === first.length &&
      columns.every((c, i) => c.name === first[i].name && sameBytes(c.values, first[i].values)),
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
  // Every design must change something before any runs: a design that cannot apply is an error, not a silent copy.
  for (const design of designs) checkDesignApplies(design, base.scenario, file);
  const seed = options.seed ?? base.scenario.seed;
  // Every design is validated before any runs, so a bad override fails at once.
  const loaded = designs.map((design) =>
    inDesign(design, () => loadScenario(file, [...user, ...designOverrides(design, base.scenario)])),
  );
  const results = runAll(loaded, seed, options.onBlock);
  const runs = designs.map((design, i): DesignRun => ({
    design,
    description: DESIGNS[design].description,
    changes: designChanges(design, base.scenario),
    terms: liquidationTerms(loaded[i].scenario),
    result: results[i],
  }));
  const identical = fundamentalPathsIdentical(runs.map((r) => r.result));
  if (!identical)
    throw new InvariantError(
      `${base.scenario.name}: the exogenous price path differs between designs with the same seed`,
    );
  return {
    mode: 'designs',
    scenario: base.scenario.name,
    description: base.scenario.description,
    seed,
    designs: runs,
    exogenousPathIdentical: true,
  };
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
  const results = runAll(loaded, seed, options.onBlock);
  const runs = loaded.map((l, i): DesignRun => ({
    design: names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : l.file,
    description: l.scenario.description,
    changes: [],
    terms: liquidationTerms(l.scenario),
    result: results[i],
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
 * identical across designs, and for each design what it changed in the scenario, the liquidation terms in effect,
 * the fields its mechanism replaces, its calibration warnings, metrics and events.
 *
 * @example
 * JSON.stringify(comparisonObject(c), null, 2);
 */
export function comparisonObject(comparison: Comparison): object {
  return {
    scenario: comparison.scenario,
    seed: comparison.seed,
    exogenousPathIdentical: comparison.exogenousPathIdentical,
    designs: comparison.designs.map((d) => ({
      design: d.design,
      changes: d.changes ?? [],
      liquidationTerms: d.terms ?? [],
      overrides: d.result.overrides ?? [],
      warnings: d.result.warnings ?? [],
      metrics: d.result.metrics,
      events: d.result.events,
      ...(d.result.perps ? { perps: d.result.perps } : {}),
    })),
  };
}
