/**
 * How the read commands (`cascade runs`, `show`, `export`) reach the store: the default file, a
 * read-only open that never creates a file, and the message for an unknown batch id.
 */
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../kernel/errors.js';
import { openStore } from './open-store.js';
import type { ResultsStore } from './store.js';
import type { StoredBatch } from './types.js';

export { DEFAULT_STORE_FILE, defaultStoreFile } from './default-file.js';

/**
 * Opens `--db FILE` read-only; a missing file is a UsageError (and is not created).
 *
 * @example const store = await openStoreForReading(options.db ?? DEFAULT_STORE_FILE);
 */
export async function openStoreForReading(file: string): Promise<ResultsStore> {
  if (!existsSync(file)) {
    throw new UsageError(
      `--db ${file}: no such file; batches are stored there by the batch commands (give --db FILE to read another results store)`,
    );
  }
  if (statSync(file).isDirectory()) throw new UsageError(`--db ${file}: is a directory; give the results store file`);
  return openStore(file, { readOnly: true });
}

/**
 * Batch `id` of `store`, or a UsageError that says how to list the stored ids.
 *
 * @example const batch = await requireStoredBatch(store, 'mc-1');
 */
export async function requireStoredBatch(store: ResultsStore, id: string): Promise<StoredBatch> {
  const batch = await store.batch(id);
  if (batch === undefined)
    throw new UsageError(
      `no batch "${id}" in ${store.file}; run \`cascade runs --db ${store.file}\` to list the stored batch ids`,
    );
  return batch;
}
