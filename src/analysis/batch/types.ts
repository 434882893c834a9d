/**
 * The shared shapes of batch runs (Monte Carlo, sweeps, frontier searches): what one path
 * produces, how a batch is identified, and how paths are seeded. Every batch component (runner,
 * risk measures, results store, reports) speaks these types.
 */
import type { LiquidationRiskReport, RunMetrics } from '../result.js';

/** A parameter value set by a sweep or frontier cell (`--grid path=v1,v2`, `--param path`). */
export type ParameterValue = number | string | boolean;

/** The `--set`-style parameter assignments of one cell: scenario path → value, in the order given. */
export type CellParameters = Readonly<Record<string, ParameterValue>>;

/** One cell of a batch: an index and the parameters it sets (empty for a plain Monte Carlo). */
export interface BatchCell {
  /** 0-based index of the cell within its batch. */
  cell: number;
  parameters: CellParameters;
}

/** A per-path price series, downsampled to a fixed number of points for fan charts. */
export interface PathSeries {
  /** Series name as in RunResult.series, e.g. `oracle:eth-usd`, `fundamental:ETH`. */
  name: string;
  /** Seconds since block 0 of each point. */
  timesSeconds: number[];
  values: number[];
}

/** What one simulated path produced. */
export interface PathRecord {
  cell: number;
  /** 0-based path index within its cell. */
  path: number;
  /** The run's master seed, derived by {@link pathSeed}(batch master seed, path): the same in every cell. */
  seed: number;
  parameters: CellParameters;
  metrics: RunMetrics;
  /** Per-bucket liquidation counts, recovery and saturation of the path (absent for a path stored by an older
   * Cascade). */
  liquidationRisk?: LiquidationRiskReport;
  /** Optional downsampled price paths (for fan charts); absent unless the batch asked for them. */
  series?: PathSeries[];
}

/** What kind of batch produced a set of paths. */
export type BatchKind = 'mc' | 'sweep' | 'frontier';

/** Identity and plan of one batch: enough to resume it and to tell what it was. */
export interface BatchPlan {
  /** Stable id: given by the user (`--id`) or derived from the inputs; re-running with it resumes. */
  id: string;
  kind: BatchKind;
  /** Scenario name and the path of its file as given. */
  scenario: string;
  scenarioFile: string;
  /** The scenario text after `--set` overrides, canonical JSON (what was run). */
  scenarioJson: string;
  masterSeed: number;
  /** Paths per cell. */
  paths: number;
  cells: BatchCell[];
  /** ISO time the batch was first created (the only wall-clock value stored; never used in the model). */
  createdAt: string;
}
