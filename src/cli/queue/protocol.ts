/**
 * The messages of a distributed batch: what a chunk job carries, what a worker pushes back, and what a run's
 * manifest records. A chunk names its path context by hash; the context itself is stored once per batch.
 */
import { createHash } from 'node:crypto';
import type { ChunkResult, PathRunContext, PathTask } from '../../analysis/batch/path-runner.js';
import type { BatchPlan } from '../../analysis/batch/types.js';

/** Data of one BullMQ job: a chunk of (cell, path) tasks of one batch. */
export interface ChunkJobData {
  /** Batch id. */
  run: string;
  /** SHA-256 of the PathRunContext JSON the tasks run under (stored at contextKey(hash)). */
  context: string;
  tasks: PathTask[];
}

/** What a worker pushes onto the run's results list when a chunk has run (v8-serialized: exact doubles, -0 kept). */
export interface ChunkMessage {
  /** BullMQ job id of the chunk. */
  job: string;
  /** `host:pid` of the worker process. */
  worker: string;
  result: ChunkResult;
}

/** What the submitting process records about a run on the queue, for `cascade collect` and `queue status`. */
export interface RunManifest {
  plan: BatchPlan;
  /** Hash of the path context the run's chunks use. */
  context: string;
  /** The context's directory: where the scenario's relative files resolve (on every worker's machine too). */
  baseDir: string;
  seriesPoints: number;
  chunkSize: number;
  /** The user's `--set` overrides, for re-run commands of failed chunks. */
  sets: string[];
}

/**
 * The context's canonical JSON and its SHA-256 (hex).
 *
 * @example contextHash(context).hash.length; // 64
 */
export function contextHash(context: PathRunContext): { json: string; hash: string } {
  const json = JSON.stringify(context);
  return { json, hash: createHash('sha256').update(json).digest('hex') };
}
