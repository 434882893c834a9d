/**
 * Runs single paths of a batch: the plan's scenario with a cell's parameters applied as `--set`
 * overrides, seeded by {@link pathSeed}. Used in-process (workers = 1) and inside each worker thread,
 * so both give the same record for the same (cell, path).
 */
import path from 'node:path';
import { CascadeError, ScenarioError } from '../../kernel/errors.js';
import { runForMetrics } from '../run.js';
import { parseScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';
import { pathSeries } from './path-series.js';
import { pathSeed } from './seeds.js';
import type { BatchCell, CellParameters, PathRecord } from './types.js';

/** Everything a path runner needs; plain data, so it can be a worker's `workerData`. */
export interface PathRunContext {
  /** BatchPlan.scenarioJson: the scenario as run, before the cell's parameters. */
  scenarioJson: string;
  /** BatchPlan.scenarioFile: named in error messages. */
  scenarioFile: string;
  /** Directory that relative paths in the scenario (CSV files) resolve against. */
  baseDir: string;
  masterSeed: number;
  cells: readonly BatchCell[];
  /** Points per kept price series; 0 keeps none. */
  seriesPoints: number;
}

/** One (cell, path) to run. */
export interface PathTask {
  cell: number;
  path: number;
}

/**
 * The `--set` arguments that apply a cell's parameters, in the cell's order. Values are written as
 * JSON, which is valid YAML, so the string "true" stays a string and 0.1 stays a number.
 *
 * @example
 * cellOverrides({ 'protocols.0.ltv': 0.7, 'oracles.0.id': 'x' }); // ['protocols.0.ltv=0.7', 'oracles.0.id="x"']
 */
export function cellOverrides(parameters: CellParameters): string[] {
  return Object.entries(parameters).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
}

/**
 * The key of a (cell, path) in `runBatch`'s `skip` set and in results stores: `"cell:path"`.
 *
 * @example
 * pathKey(2, 15); // '2:15'
 */
export function pathKey(cell: number, pathIndex: number): string {
  return `${cell}:${pathIndex}`;
}

/** Freezes `value` and everything inside it, so a run that tried to change a cached scenario would throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Describes a cell for messages.
 *
 * @example
 * describeCell({ cell: 3, parameters: { 'protocols.0.ltv': 0.8 } }); // 'cell 3 (protocols.0.ltv=0.8)'
 */
export function describeCell(cell: BatchCell): string {
  const overrides = cellOverrides(cell.parameters);
  return overrides.length === 0 ? `cell ${cell.cell}` : `cell ${cell.cell} (${overrides.join(', ')})`;
}

/**
 * Parses and validates the scenario of one cell: the plan's JSON with the cell's parameters as `--set`
 * overrides. Throws ScenarioError naming the cell and the offending parameter.
 *
 * @example
 * const scenario = cellScenario(context, { cell: 0, parameters: { blocks: 60 } });
 */
export function cellScenario(context: PathRunContext, cell: BatchCell): Scenario {
  // Positions in messages are within the plan's JSON, not the original file: say so in the name.
  const fileName = path.join(context.baseDir, `${path.basename(context.scenarioFile)} [batch plan JSON]`);
  try {
    return parseScenario(context.scenarioJson, fileName, cellOverrides(cell.parameters));
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new ScenarioError(`${describeCell(cell)}: ${error.message}`, error.location);
    throw error;
  }
}

/** Most cell scenarios a runner keeps parsed; a sweep visits its cells in order, so a few suffice. */
const CACHED_CELLS = 8;

/**
 * Runs paths, parsing each cell's scenario once and reusing it (frozen) for every seed of that cell.
 *
 * @example
 * const runner = new PathRunner(context);
 * const record = runner.run({ cell: 0, path: 3 }); // seed pathSeed(context.masterSeed, 3), the same in every cell
 */
export class PathRunner {
  private readonly cellsByIndex = new Map<number, BatchCell>();
  private readonly cache = new Map<number, Scenario>();

  constructor(private readonly context: PathRunContext) {
    for (const cell of context.cells) this.cellsByIndex.set(cell.cell, cell);
  }

  /** The batch's master seed. */
  get masterSeed(): number {
    return this.context.masterSeed;
  }

  /** The cell with index `cell`; throws when the plan has none. */
  cell(cell: number): BatchCell {
    const found = this.cellsByIndex.get(cell);
    if (!found) throw new CascadeError(`the batch plan has no cell ${cell}`);
    return found;
  }

  /** The validated scenario of `cell`, parsed on first use. */
  scenarioOf(cell: number): Scenario {
    const cached = this.cache.get(cell);
    if (cached) {
      this.cache.delete(cell); // re-insert: Map order is the recency order
      this.cache.set(cell, cached);
      return cached;
    }
    const scenario = deepFreeze(cellScenario(this.context, this.cell(cell)));
    this.cache.set(cell, scenario);
    if (this.cache.size > CACHED_CELLS) this.cache.delete(this.cache.keys().next().value as number);
    return scenario;
  }

  /** Runs one path and returns its record. */
  run(task: PathTask): PathRecord {
    const { context } = this;
    const scenario = this.scenarioOf(task.cell);
    const seed = pathSeed(context.masterSeed, task.path);
    const result = runForMetrics(scenario, { seed, baseDir: context.baseDir });
    const record: PathRecord = {
      cell: task.cell,
      path: task.path,
      seed,
      parameters: { ...this.cell(task.cell).parameters },
      metrics: result.metrics,
      liquidationRisk: result.liquidationRisk,
    };
    if (context.seriesPoints > 0) record.series = pathSeries(result, context.seriesPoints);
    return record;
  }
}

/** A path that threw, as plain data (errors lose their class crossing a worker boundary). */
export interface PathFailure {
  cell: number;
  path: number;
  seed: number;
  /** The error's class name, e.g. `InvariantError`. */
  name: string;
  message: string;
}

/** What running a chunk of paths gave: the records of the paths that finished and the failures of those that threw,
 * each in task order. */
export interface ChunkResult {
  records: PathRecord[];
  failures: PathFailure[];
}

/**
 * Runs `tasks` in order with `runner`. A path that throws is recorded as a failure (its seed and error) and the
 * chunk goes on: one crashing path must not cost the others.
 *
 * @example
 * const { records, failures } = runChunk(runner, [{ cell: 0, path: 0 }, { cell: 0, path: 1 }]);
 */
export function runChunk(runner: PathRunner, tasks: readonly PathTask[]): ChunkResult {
  const records: PathRecord[] = [];
  const failures: PathFailure[] = [];
  for (const task of tasks) {
    try {
      records.push(runner.run(task));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      failures.push({ cell: task.cell, path: task.path, seed: pathSeed(runner.masterSeed, task.path), name, message });
    }
  }
  return { records, failures };
}
