import { createHash } from 'node:crypto';
import { findFrontier, type FrontierResult } from '../../analysis/batch/frontier.js';
import type { ParameterValue, PathRecord } from '../../analysis/batch/types.js';
import { evaluateRiskTarget, riskSummary, type RiskTarget, type TargetEvaluation } from '../../analysis/risk/index.js';
import { UsageError } from '../../kernel/errors.js';
import { executeStoredBatch } from './execute.js';
import type { QueueTarget } from './flags.js';
import { failureNote } from './failures.js';
import { planBatch } from './plan.js';
import { groupRandomness } from './randomness.js';
import type { PathRandomness } from '../../analysis/batch/randomness.js';

/** What one frontier search is asked for. */
export interface FrontierRequest {
  file: string;
  sets: readonly string[];
  seed?: number;
  paths: number;
  param: string;
  low: number;
  high: number;
  direction: 'largest' | 'smallest';
  tolerance: number;
  maxSteps: number;
  integer: boolean;
  target: RiskTarget;
  /** An outer parameter held at one value for this search (`--across`), if any. */
  across?: { path: string; value: ParameterValue };
  db: string;
  workers: number;
  /** With `--queue`: run each evaluation's paths on the queue's workers. */
  queue?: QueueTarget;
  /** Batch id prefix; each evaluated value is stored as `<prefix>-<value>`. */
  idPrefix?: string;
}

/** One frontier search's answer with every evaluation and the target verdict at each point. */
export interface FrontierOutcome {
  across?: { path: string; value: ParameterValue };
  result: FrontierResult;
  /** Each value tried: its batch, the paths that finished (`paths`, what the estimate is over) and those that threw
   * (`failed`). */
  evaluations: { value: number; batchId: string; paths: number; failed: number; evaluation: TargetEvaluation }[];
  /** For each evaluation with failed paths, the note that lists them with their re-run commands. */
  failureNotes: string[];
  /** Every path of every evaluation, in evaluation order (each carries the values it ran with). */
  records: PathRecord[];
  /** True when Ctrl-C stopped an evaluation: the search ended early and its result is partial. */
  aborted: boolean;
  /** What each path redraws, grouped over the values tried (a searched price volatility of 0, say, draws nothing). */
  randomness: (PathRandomness & { values: number[] })[];
}

class Interrupted extends Error {}

/**
 * Bisects `param` over [low, high] for the largest (or smallest) value whose Monte Carlo estimate
 * meets `target`. Every value runs `paths` paths as its own stored batch with the same seeds (cell 0
 * of every evaluation: common random numbers, so neighbouring values differ by the parameter, not by
 * the draws); re-running resumes from the store.
 *
 * @example const { result } = await searchFrontier({ ...request, param: 'protocols.0.ltv', low: 0.5, high: 0.9 });
 */
export async function searchFrontier(request: FrontierRequest): Promise<FrontierOutcome> {
  const prefix =
    request.idPrefix ??
    `frontier-${createHash('sha256')
      .update(
        JSON.stringify([
          request.file,
          request.sets,
          request.seed,
          request.paths,
          request.param,
          request.target.text,
          request.across,
        ]),
      )
      .digest('hex')
      .slice(0, 10)}`;
  const evaluations: FrontierOutcome['evaluations'] = [];
  const records: PathRecord[] = [];
  const randomness: FrontierOutcome['randomness'] = [];
  const failureNotes: string[] = [];
  let aborted = false;
  const evaluate = async (value: number) => {
    const { plan, dir } = planBatch({
      kind: 'frontier',
      file: request.file,
      sets: request.sets,
      seed: request.seed,
      paths: request.paths,
      cells: [
        {
          cell: 0,
          parameters: {
            ...(request.across ? { [request.across.path]: request.across.value } : {}),
            [request.param]: value,
          },
        },
      ],
      // Twelve significant digits keep ids readable (bisection midpoints carry float noise); the value itself is set
      // exactly.
      id: `${prefix}-${Number(value.toPrecision(12))}`,
    });
    const executed = await executeStoredBatch(plan, {
      db: request.db,
      workers: request.workers,
      seriesPoints: 0,
      baseDir: dir,
      label: `frontier ${request.param}=${value}`,
      sets: request.sets,
      queue: request.queue,
    });
    if (executed.aborted) {
      aborted = true;
      throw new Interrupted();
    }
    records.push(...executed.records);
    const [{ randomness: drawn }] = groupRandomness(plan, [{ key: value, parameters: plan.cells[0].parameters }]);
    const group = randomness.find((g) => g.summary === drawn.summary);
    if (group) group.values.push(value);
    else randomness.push({ values: [value], ...drawn });
    const cell = riskSummary(executed.records).cells[0];
    const evaluation = evaluateRiskTarget(request.target, cell);
    evaluations.push({
      value,
      batchId: plan.id,
      paths: executed.records.length,
      failed: executed.failures.length,
      evaluation,
    });
    if (executed.failures.length > 0) {
      const context = {
        scenarioFile: request.file,
        sets: request.sets,
        planned: request.paths,
        finished: executed.records.length,
        db: request.db,
        batchId: plan.id,
      };
      failureNotes.push(`${request.param}=${value}: ${failureNote(executed.failures, context)}`);
    }
    if (evaluation.value === null)
      throw new UsageError(
        `frontier: ${request.target.text} has no value at ${request.param}=${value} (e.g. amplification is undefined on every path)`,
      );
    const ci = evaluation.ci95 ?? { lower: evaluation.value, upper: evaluation.value };
    return { meets: evaluation.satisfied, estimate: evaluation.value, ci: [ci.lower, ci.upper] as [number, number] };
  };
  try {
    const result = await findFrontier({
      evaluate,
      low: request.low,
      high: request.high,
      direction: request.direction,
      tolerance: request.tolerance,
      maxSteps: request.maxSteps,
      target: request.target.threshold,
      integer: request.integer,
    });
    return { across: request.across, result, evaluations, failureNotes, records, aborted, randomness };
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    const partial: FrontierResult = {
      status: 'none-meet',
      value: null,
      bracket: null,
      bracketWidth: null,
      converged: false,
      steps: evaluations.length,
      points: evaluations.flatMap(({ value, evaluation: { value: estimate, ci95, satisfied } }) =>
        estimate === null
          ? []
          : [
              {
                value,
                meets: satisfied,
                estimate,
                ci: [ci95?.lower ?? estimate, ci95?.upper ?? estimate] as [number, number],
              },
            ],
      ),
      ciStraddlesTarget: null,
      statement: `stopped by Ctrl-C after ${evaluations.length} evaluations; run the same command again to resume`,
    };
    return { across: request.across, result: partial, evaluations, failureNotes, records, aborted, randomness };
  }
}
