// Running scenarios for library users: one run, a Monte Carlo batch, a comparison of designs, the cascade map.
import { UsageError } from '../kernel/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { RunResult } from '../analysis/result.js';
import type { PathRecord } from '../analysis/batch/types.js';
import type { PathFailure } from '../analysis/batch/path-runner.js';
import type { RiskSummary } from '../analysis/risk/summary.js';
import type { CompareOptions, Comparison } from '../analysis/designs/compare.js';
import type { CascadeMap, CascadeMapOptions } from '../analysis/cascade-map/types.js';

/**
 * Options of {@link runScenario}.
 *
 * @example const options: RunScenarioOptions = { seed: 7, checkInvariants: true };
 */
export interface RunScenarioOptions {
  /** Master seed (default: the scenario's `seed`). */
  seed?: number;
  /** Check the conservation laws after every block (slower); a breach throws InvariantError. */
  checkInvariants?: boolean;
  /** Called after each block with the blocks done and the total (progress only; the model never reads it). */
  onBlock?: (done: number, total: number) => void;
}

/**
 * Runs a loaded scenario from block 0 to its last block: the result `cascade run` prints (metrics, events, reports)
 * and writes (per-block series, health histogram). Same scenario and seed ⇒ the same result.
 *
 * @example
 * const loaded = await loadScenarioFile('scenarios/thin-pool-shock.yaml');
 * const result = await runScenario(loaded, { seed: 7 });
 * result.metrics.badDebtUsd;
 */
export async function runScenario(loaded: LoadedScenario, options: RunScenarioOptions = {}): Promise<RunResult> {
  const { runScenario: run } = await import('../analysis/run.js');
  return run(loaded.scenario, { ...options, baseDir: loaded.dir });
}

/**
 * Options of {@link runMonteCarlo}.
 *
 * @example const options: MonteCarloOptions = { paths: 100, seed: 1, workers: 2 };
 */
export interface MonteCarloOptions {
  /** Paths to run, an integer ≥ 1. */
  paths: number;
  /** Master seed of the batch (default: the scenario's); path p runs with a seed derived from it and p. */
  seed?: number;
  /** Worker threads (default 1: every path in this thread). The results do not depend on it. */
  workers?: number;
  /** Points kept of each price series per path, for fan charts (default 0: none; else ≥ 2). */
  seriesPoints?: number;
  /** Aborting stops starting paths; the paths under way finish and are returned, with `aborted: true`. */
  signal?: AbortSignal;
  /** Called as paths finish, with the paths done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * What {@link runMonteCarlo} returns.
 *
 * @example
 * const { records, summary } = await runMonteCarlo(loaded, { paths: 20 });
 * summary.cells[0].badDebtUsd.mean.value;
 */
export interface MonteCarloResult {
  /** Scenario name. */
  scenario: string;
  /** The batch's master seed. */
  masterSeed: number;
  /** One record per finished path, sorted by path index (the same for any worker count). */
  records: PathRecord[];
  /** Paths that threw, each with its seed, so it can be re-run alone with `runScenario(loaded, { seed })`. */
  failures: PathFailure[];
  /** Bad-debt and liquidation risk with confidence intervals, as `cascade mc --json` prints it. */
  summary: RiskSummary;
  /** Whether `signal` stopped the batch before every path ran. */
  aborted: boolean;
}

/**
 * Runs a Monte Carlo batch of a loaded scenario: `paths` seeded paths, on worker threads when `workers` ≥ 2, and
 * their risk summary. Throws UsageError when `paths`, `workers` or `seriesPoints` is out of range. Nothing is stored
 * (the CLI's `cascade mc` stores paths in a results store; the library leaves that to the caller). Per-block health
 * sampling is off in every path, as in `cascade mc`.
 *
 * @example
 * const loaded = await loadScenarioFile('scenarios/gbm-day.yaml', { set: ['blocks=50'] });
 * const mc = await runMonteCarlo(loaded, { paths: 100, seed: 1, workers: 2 });
 * mc.records.length; // 100
 */
export async function runMonteCarlo(loaded: LoadedScenario, options: MonteCarloOptions): Promise<MonteCarloResult> {
  if (!Number.isSafeInteger(options.paths) || options.paths < 1)
    throw new UsageError(`paths must be an integer ≥ 1, got ${options.paths}`);
  const [{ runBatch, BATCH_SCENARIO_SETS }, { parseScenario }, { riskSummary }] = await Promise.all([
    import('../analysis/batch/run-batch.js'),
    import('../scenario/load.js'),
    import('../analysis/risk/summary.js'),
  ]);
  // The batch runs the scenario as `cascade mc` does: with the batch settings applied on top of the loaded scenario.
  const scenario = parseScenario(JSON.stringify(loaded.scenario), loaded.file, [...BATCH_SCENARIO_SETS]);
  const masterSeed = options.seed ?? scenario.seed;
  const records: PathRecord[] = [];
  const failures: PathFailure[] = [];
  const outcome = await runBatch(
    {
      id: 'library',
      kind: 'mc',
      scenario: scenario.name,
      scenarioFile: loaded.file,
      scenarioJson: JSON.stringify(scenario),
      masterSeed,
      paths: options.paths,
      cells: [{ cell: 0, parameters: {} }],
      createdAt: new Date(0).toISOString(),
    },
    {
      workers: options.workers ?? 1,
      baseDir: loaded.dir,
      seriesPoints: options.seriesPoints,
      signal: options.signal,
      onProgress: options.onProgress,
      onPaths: (done, failed) => {
        records.push(...done);
        failures.push(...failed);
      },
    },
  );
  records.sort((a, b) => a.path - b.path);
  failures.sort((a, b) => a.path - b.path);
  return {
    scenario: scenario.name,
    masterSeed,
    records,
    failures,
    summary: riskSummary(records),
    aborted: outcome.aborted,
  };
}

/**
 * The names of the margin-engine designs {@link compareDesigns} knows (`aave-v3`, `morpho-blue`, …).
 *
 * @example (await designNames()).includes('aave-v3'); // true
 */
export async function designNames(): Promise<string[]> {
  const { designNames: names } = await import('../analysis/designs/designs.js');
  return names();
}

/**
 * Runs the scenario in `file` once per design (registry names, see {@link designNames}), all on the same seed, as
 * `cascade compare FILE --designs …` does. Throws UsageError for an unknown design or one that changes nothing in the
 * scenario, {@link ScenarioProblems} for an invalid scenario or override.
 *
 * @example
 * const c = await compareDesigns('scenarios/thin-pool-shock.yaml', ['aave-v3', 'morpho-blue'], { overrides: ['blocks=60'] });
 * c.designs.map((d) => d.result.metrics.badDebtUsd);
 */
export async function compareDesigns(
  file: string,
  designs: readonly string[],
  options: CompareOptions = {},
): Promise<Comparison> {
  const { compareDesigns: compare } = await import('../analysis/designs/compare.js');
  return compare(file, designs, options);
}

/**
 * Runs each scenario file as one design (named by its scenario `name`), all on the same seed (`options.seed`, else the
 * first file's), as `cascade compare A.yaml B.yaml` does.
 *
 * @example
 * const c = await compareScenarioFiles(['a.yaml', 'b.yaml']);
 * c.exogenousPathIdentical; // whether both saw the same external prices
 */
export async function compareScenarioFiles(
  files: readonly string[],
  options: CompareOptions = {},
): Promise<Comparison> {
  const { compareFiles } = await import('../analysis/designs/compare.js');
  return compareFiles(files, options);
}

/**
 * Options of {@link mapCascade}: the map's settings and where the world comes from.
 *
 * @example
 * const options: MapCascadeOptions = { shocks: [0.05, 0.1], priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 };
 */
export interface MapCascadeOptions extends CascadeMapOptions {
  /** Master seed of the borrower population (default: the scenario's). */
  seed?: number;
  /** Collateral to shock (default: the first lending protocol's). */
  asset?: string;
}

/**
 * The cascade map of a loaded scenario, as `cascade map --json` prints it: for each initial shock, the liquidation
 * volume it releases by price level and the oracle's largest fall, with a band, without a full simulation. The
 * CLI's defaults are `priceStep: 0.005`, `maxDrop: 0.6`, `criticalSlope: 3` and 100 shocks evenly up to 0.5.
 *
 * @example
 * const map = await mapCascade(loaded, { shocks: [0.05, 0.1, 0.2], priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 });
 * map.shocks.map((s) => s.shock); // [0.05, 0.1, 0.2]
 */
export async function mapCascade(loaded: LoadedScenario, options: MapCascadeOptions): Promise<CascadeMap> {
  const { cascadeMap } = await import('../analysis/cascade-map/build.js');
  const { seed, asset, ...settings } = options;
  return cascadeMap(loaded.scenario, settings, { seed, asset, baseDir: loaded.dir });
}
