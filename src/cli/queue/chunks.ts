/**
 * How a batch is cut into chunk jobs: path indices of each cell in fixed runs of `size`, the same cut whatever was
 * already stored, so a restarted coordinator names the same chunks and BullMQ recognises the ones still queued.
 */
import type { PathTask } from '../../analysis/batch/path-runner.js';
import type { BatchPlan } from '../../analysis/batch/types.js';

/** Most paths per chunk when `--chunk-size` is not given: on the shipped scenario about 2 s of one thread's work. */
export const DEFAULT_CHUNK_SIZE = 16;

/** Chunks a batch is cut into at least, when `--chunk-size` is not given and the batch has that many paths. */
export const MIN_CHUNKS = 64;

/**
 * Paths per chunk when `--chunk-size` is not given: ⌈paths ÷ {@link MIN_CHUNKS}⌉, at most {@link DEFAULT_CHUNK_SIZE},
 * so a small batch still spreads over many threads and its last chunks do not leave most of them idle. A function
 * of the batch alone, so a restarted coordinator cuts the same chunks.
 *
 * @example defaultChunkSize(200); // 4 (50 chunks)
 */
export function defaultChunkSize(paths: number): number {
  return Math.max(1, Math.min(DEFAULT_CHUNK_SIZE, Math.ceil(paths / MIN_CHUNKS)));
}

/** One chunk of a batch. */
export interface Chunk {
  /** BullMQ job id: `<batch id>~<chunk size>~<cell>~<k>` (ids may not hold ':'; batch ids never hold '~'). */
  id: string;
  cell: number;
  /** Paths k·size … min((k+1)·size, paths) − 1 of the cell. */
  first: number;
  last: number;
  tasks: PathTask[];
}

/**
 * The chunks of `plan`: for each cell in plan order, paths [k·size, (k+1)·size), the last one shorter.
 *
 * @example
 * chunkPlan({ id: 'mc-1', paths: 5, cells: [{ cell: 0, parameters: {} }] } as BatchPlan, 2).map((c) => c.id);
 * // ['mc-1~2~0~0', 'mc-1~2~0~1', 'mc-1~2~0~2']
 */
export function chunkPlan(plan: Pick<BatchPlan, 'id' | 'paths' | 'cells'>, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const { cell } of plan.cells) {
    for (let first = 0, k = 0; first < plan.paths; first += size, k++) {
      const last = Math.min(first + size, plan.paths) - 1;
      const tasks: PathTask[] = [];
      for (let path = first; path <= last; path++) tasks.push({ cell, path });
      chunks.push({ id: `${plan.id}~${size}~${cell}~${k}`, cell, first, last, tasks });
    }
  }
  return chunks;
}

/**
 * The run a chunk job id belongs to, or undefined when it is not one of ours.
 *
 * @example runOfJobId('mc-1~16~0~3'); // 'mc-1'
 */
export function runOfJobId(id: string | undefined): string | undefined {
  const parts = id?.split('~');
  return parts !== undefined && parts.length === 4 ? parts[0] : undefined;
}
