/**
 * Cascade as a library: the package entry (`import … from 'cascade'`). Everything exported here is the public API,
 * versioned by semver (docs/api.md); every other module of the package is internal and may change in any release.
 *
 * Importing this module loads no simulator, store, report or worker code: each function imports what it needs when
 * it is first called, so `import('cascade')` is fast.
 *
 * @example
 * import { loadScenarioFile, runScenario } from 'cascade';
 * const result = await runScenario(await loadScenarioFile('scenarios/thin-pool-shock.yaml'));
 * console.log(result.metrics.badDebtUsd);
 */
export {
  loadScenarioFile,
  parseScenarioText,
  scenarioFromObject,
  scenarioJsonSchema,
  type ScenarioOptions,
} from './scenario.js';
export {
  runScenario,
  runMonteCarlo,
  designNames,
  compareDesigns,
  compareScenarioFiles,
  mapCascade,
  type RunScenarioOptions,
  type MonteCarloOptions,
  type MonteCarloResult,
  type MapCascadeOptions,
} from './run.js';
export { openResultsStore, storeRunResult, type OpenResultsStoreOptions } from './store.js';
export { CascadeError, ScenarioError, UsageError, InvariantError } from '../kernel/errors.js';
export { ScenarioProblems, type Problem, type OmittedProblems } from '../scenario/problems.js';
export type { LoadedScenario, DataFile } from '../scenario/load.js';
export type { Scenario } from '../scenario/schema.js';
export type { JsonSchema } from '../scenario/jsonSchema.js';
export type { RunResult, RunMetrics, RunEvent, RunWarning, LiquidationRiskReport } from '../analysis/result.js';
export type { PathRecord, PathSeries, BatchPlan, BatchCell, CellParameters } from '../analysis/batch/types.js';
export type { PathFailure } from '../analysis/batch/path-runner.js';
export type { RiskSummary, CellRiskSummary } from '../analysis/risk/summary.js';
export type { Comparison, CompareOptions, DesignRun } from '../analysis/designs/compare.js';
export type { CascadeMap, CascadeMapOptions } from '../analysis/cascade-map/types.js';
export type { ResultsStore } from '../store/store.js';
export type { StoredBatch, StoredBatchKind, BatchStatus, CellSummary, StoredFailure } from '../store/types.js';
