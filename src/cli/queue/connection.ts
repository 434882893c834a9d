/**
 * Where distributed batches meet: the Redis server named by `--queue`, the one BullMQ queue of chunks every
 * `cascade worker` listens to, and the keys Cascade keeps beside it (run manifests, path contexts, results lists).
 */
import { Redis } from 'ioredis';
import { CascadeError } from '../../kernel/errors.js';
import { displayUrl } from './url.js';

/** The BullMQ queue every batch puts its chunks on and every worker takes them from. */
export const QUEUE_NAME = 'cascade-chunks';

/** BullMQ's key prefix (its default), so `redis-cli --scan --pattern 'bull:cascade-chunks:*'` finds the queue. */
export const QUEUE_PREFIX = 'bull';

/** Connection options of a BullMQ Worker: it blocks on Redis, so its commands must never fail by retry count. */
export function workerConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/**
 * Retries of a client that must fail fast when Redis goes away (a few reconnections over about 3 s, then each command
 * fails after 3 retries) instead of waiting for ever, as ioredis does by default.
 */
const FAIL_FAST = {
  connectTimeout: 5000,
  maxRetriesPerRequest: 3,
  retryStrategy: (times: number) => (times > 5 ? null : 200 * times),
};

/** Connection options of a BullMQ Queue (the coordinator's, `queue status`'s): never blocking, so it fails fast. */
export function queueConnection(url: string): typeof FAIL_FAST & { url: string } {
  return { url, ...FAIL_FAST };
}

/**
 * Opens a plain Redis client for Cascade's own keys and checks the server answers: a CascadeError naming the URL
 * when it does not within a few seconds (instead of retrying for ever).
 *
 * @example const redis = await connectRedis('redis://127.0.0.1:6379'); await redis.quit();
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, ...FAIL_FAST });
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause = error)); // the socket's error (ECONNREFUSED …), named below
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const message = (cause ?? (error instanceof Error ? error : new Error(String(error)))).message;
    throw new CascadeError(`cannot reach Redis at ${displayUrl(url)} (--queue): ${message}`);
  }
  return redis;
}

/** Key of a run's manifest (JSON {@link RunManifest}): what `cascade collect` and `queue status` read. */
export const manifestKey = (run: string) => `cascade:run:${run}`;

/** Key of the list workers push finished chunks of a run onto (v8-serialized {@link ChunkMessage}s). */
export const resultsKey = (run: string) => `cascade:run:${run}:results`;

/** Key naming the one process that collects a run's results into its store. */
export const collectorKey = (run: string) => `cascade:run:${run}:collector`;

/** Key of a path context (JSON PathRunContext) by its SHA-256: content-addressed, so never overwritten by another. */
export const contextKey = (hash: string) => `cascade:context:${hash}`;

/** Seconds the manifest, contexts and retained jobs of a run outlive its last activity. */
export const RUN_TTL_SECONDS = 7 * 24 * 3600;
