// The default results-store file, in a module of its own so that commands can name it in their help without
// loading DuckDB.

/**
 * The results store file used when `--db` is not given and CASCADE_DB is not set, relative to the
 * working directory.
 *
 * @example program.option('--db <file>', 'results store', defaultStoreFile());
 */
export const DEFAULT_STORE_FILE = 'cascade.duckdb';

/**
 * The results store of commands given no `--db`: `$CASCADE_DB` when set, else {@link DEFAULT_STORE_FILE}.
 *
 * @example defaultStoreFile(); // 'cascade.duckdb'
 */
export function defaultStoreFile(): string {
  return process.env.CASCADE_DB || DEFAULT_STORE_FILE;
}
