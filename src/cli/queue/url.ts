/**
 * The `--queue` URL, checked without loading any Redis client (batch commands parse their flags before deciding to
 * use the queue).
 */
import { UsageError } from '../../kernel/errors.js';

/**
 * Checks a `--queue` value: `redis://[user:password@]HOST[:PORT][/DB]` (or `rediss://` for TLS). Returns it unchanged.
 *
 * @example parseQueueUrl('redis://127.0.0.1:6379'); // 'redis://127.0.0.1:6379'
 */
export function parseQueueUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const db = url?.pathname.replace(/^\//, '') ?? '';
  if (url === undefined || !['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '' || !/^\d*$/.test(db)) {
    throw new UsageError(
      `--queue: expected a Redis URL such as redis://127.0.0.1:6379 or rediss://HOST:PORT/0 (got "${value}")`,
    );
  }
  return value;
}

/** The URL without its password, for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}
