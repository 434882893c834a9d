/**
 * How a chunk that failed on the workers reaches the user: which cell and path indices it held, the error, and for
 * each path its seed and the `cascade run` command that re-runs it alone.
 */
import type { PathTask } from '../../analysis/batch/path-runner.js';
import { pathSeed } from '../../analysis/batch/seeds.js';
import type { BatchPlan } from '../../analysis/batch/types.js';
import { rerunCommand } from '../batch/failures.js';
import type { Chunk } from './chunks.js';

/** A chunk BullMQ gave up on: every attempt threw, or its worker stalled (died) too often. */
export interface FailedChunk {
  chunk: Chunk;
  /** Its paths not stored. */
  pending: PathTask[];
  /** BullMQ's failedReason: the worker's error message, or that the job stalled more than allowed. */
  reason: string;
  attempts: number;
}

/** Paths listed with a re-run command per failed chunk; the rest are counted. */
export const LISTED_PATHS_PER_CHUNK = 3;

/**
 * The error text for chunks that failed on the workers: per chunk its cell, path range, attempts and error, then for
 * up to {@link LISTED_PATHS_PER_CHUNK} of its paths the seed and a command that runs the path alone.
 *
 * @example
 * failedChunkNote([{ chunk, pending: chunk.tasks, reason: 'boom', attempts: 3 }], plan, []);
 * // '1 chunk of batch mc-1 failed on the workers … cell 0, paths 0–15 …'
 */
export function failedChunkNote(failed: readonly FailedChunk[], plan: BatchPlan, sets: readonly string[]): string {
  const paths = failed.reduce((sum, f) => sum + f.pending.length, 0);
  const lines = [
    `${failed.length} chunk${failed.length === 1 ? '' : 's'} of batch ${plan.id} failed on the workers; ` +
      `their ${paths} path${paths === 1 ? ' is' : 's are'} not stored and the batch stays incomplete ` +
      '(the same command, or cascade collect, queues them again). Re-run one path alone to see the error:',
  ];
  for (const { chunk, pending, reason, attempts } of failed) {
    lines.push(
      `  chunk ${chunk.id}: cell ${chunk.cell}, paths ${chunk.first}–${chunk.last}, ${attempts} attempt(s): ${reason.split('\n')[0]}`,
    );
    const parameters = plan.cells.find((c) => c.cell === chunk.cell)?.parameters ?? {};
    for (const task of pending.slice(0, LISTED_PATHS_PER_CHUNK)) {
      const seed = pathSeed(plan.masterSeed, task.path);
      const failure = { cell: task.cell, path: task.path, seed, parameters, name: 'Error', message: reason };
      lines.push(
        `    path ${task.path}, seed ${seed}: ${rerunCommand(failure, { scenarioFile: plan.scenarioFile, sets })}`,
      );
    }
    if (pending.length > LISTED_PATHS_PER_CHUNK)
      lines.push(`    … and ${pending.length - LISTED_PATHS_PER_CHUNK} more paths`);
  }
  return lines.join('\n');
}
