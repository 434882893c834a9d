/**
 * Loading a large CommonJS file through a V8 code cache kept in the user's cache folder.
 *
 * Compiling ECharts' 1 MB bundle, and the functions its first charts call, costs about 0.2 s of CPU on every
 * `cascade run --out`; with V8's cached code for the same file it costs about a quarter of that. The cache only
 * stores compiled code, never results: a run gives the same bytes with or without it. Any problem with the cache
 * (missing, rejected by V8, unreadable, a folder that cannot be written) falls back silently to compiling the source.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import vm from 'node:vm';

/** What happened to the cache in one load: used by the tests, and printed by nothing. */
export type CodeCacheStatus = 'hit' | 'missing' | 'rejected' | 'off';

/** A compiled and executed CommonJS file, and how its cache was used. */
export interface CachedLoad {
  /** The file's `module.exports`. */
  exports: unknown;
  /** The module object the file ran in (loaded, not entered in `require.cache`). */
  module: Module;
  status: CodeCacheStatus;
  /** Path of the cache file for this source (undefined when caching is off). */
  cacheFile: string | undefined;
  /**
   * Writes the cache from the code compiled so far (call it after the file has been used, so that the functions it
   * compiled lazily are included); does nothing after a hit or when caching is off. Never throws.
   */
  save(): void;
}

/**
 * The folder for Cascade's code caches: `$CASCADE_CACHE_DIR`, else `$XDG_CACHE_HOME/cascade`, else
 * `~/.cache/cascade`; undefined (no cache) when `$CASCADE_CODE_CACHE` is `0` or no home folder is known. A folder
 * private to the user, never the shared temporary folder: V8 trusts the code it reads back.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CASCADE_CODE_CACHE === '0') return undefined;
  if (env.CASCADE_CACHE_DIR) return env.CASCADE_CACHE_DIR;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'cascade');
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  return home ? path.join(home, '.cache', 'cascade') : undefined;
}

/**
 * Name of the cache file for `file`: `<name>-<where><what>.v8cache`, where `<where>` (8 hex digits) hashes the file's
 * path and `<what>` (24) its path, size and modification time, node's version, the platform and the V8 options, so a
 * cache is never offered to another source or engine (V8 checks this too, and rejects a mismatch). The returned
 * prefix (`<name>-<where>`) is shared by the caches of every earlier version of the same file.
 */
function cacheName(file: string): { name: string; prefix: string } | undefined {
  let info;
  try {
    info = statSync(file);
  } catch {
    return undefined;
  }
  const key = [
    file,
    info.size,
    info.mtimeMs,
    process.version,
    process.arch,
    process.versions.v8,
    process.execArgv.join(' '),
    process.env.NODE_OPTIONS ?? '',
  ].join('\n');
  const where = createHash('sha256').update(file).digest('hex').slice(0, 8);
  const what = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const prefix = `${path.basename(file).replace(/\.c?js$/, '')}-${where}`;
  return { name: `${prefix}${what}.v8cache`, prefix };
}

/**
 * Removes the caches of earlier versions of the same file (same name and path, another size, time, node or V8
 * options) from the folder of `keep`: each build of the CLI would otherwise leave one more file behind. Never throws.
 */
function removeStaleCaches(keep: string, prefix: string): void {
  try {
    for (const entry of readdirSync(path.dirname(keep))) {
      if (entry.startsWith(prefix) && entry.endsWith('.v8cache') && entry !== path.basename(keep)) {
        rmSync(path.join(path.dirname(keep), entry), { force: true });
      }
    }
  } catch {
    // A folder that cannot be listed keeps its files.
  }
}

function readCache(cacheFile: string | undefined): Buffer | undefined {
  if (cacheFile === undefined) return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Writes `data` to `target` through a temporary file and a rename, so a reader sees a whole cache or none. */
function writeAtomically(target: string, data: Buffer): void {
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, target);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** Compiles `source` (wrapped as node wraps a CommonJS module), using `cachedData` when V8 accepts it. */
function compile(file: string, source: string, cachedData: Buffer | undefined): { script: vm.Script; hit: boolean } {
  const wrapped = Module.wrap(source);
  if (cachedData !== undefined) {
    try {
      const script = new vm.Script(wrapped, { filename: file, cachedData });
      if (!script.cachedDataRejected) return { script, hit: true };
    } catch {
      // A cache V8 cannot even parse: compile from the source below.
    }
  }
  return { script: new vm.Script(wrapped, { filename: file }), hit: false };
}

/**
 * Compiles and runs the CommonJS file `file` as node's loader would (`module`, `exports`, `require`, `__filename`,
 * `__dirname`), with V8's code cache from `cacheDir`. The module is not entered in `require.cache`: see
 * {@link requireWithCodeCache} for that.
 */
export function loadWithCodeCache(file: string, cacheDir: string | undefined): CachedLoad {
  const name = cacheDir === undefined ? undefined : cacheName(file);
  const cacheFile = cacheDir === undefined || name === undefined ? undefined : path.join(cacheDir, name.name);
  const cached = readCache(cacheFile);
  const { script, hit } = compile(file, readFileSync(file, 'utf8'), cached);
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  const status: CodeCacheStatus = cacheFile === undefined ? 'off' : hit ? 'hit' : cached ? 'rejected' : 'missing';
  let saved = status === 'hit' || status === 'off';
  const save = () => {
    if (saved || cacheFile === undefined) return;
    saved = true;
    try {
      writeAtomically(cacheFile, script.createCachedData());
      if (name !== undefined) removeStaleCaches(cacheFile, name.prefix);
    } catch {
      // No cache this time; the next run compiles again.
    }
  };
  return { exports: module.exports, module, status, cacheFile, save };
}

/**
 * `require(specifier)` from `fromUrl`, through {@link loadWithCodeCache}: the module is entered in `require.cache`
 * (a later plain `require` gets the same instance), and its cache is written when the process exits, so that it
 * holds the code of everything the run used from it. Falls back to a plain `require` if anything goes wrong.
 */
export function requireWithCodeCache(fromUrl: string, specifier: string): unknown {
  const require = createRequire(fromUrl);
  const file = require.resolve(specifier);
  const known = require.cache[file];
  if (known) return known.exports;
  const cacheDir = codeCacheDir();
  if (cacheDir === undefined) return require(specifier);
  let load: CachedLoad;
  try {
    load = loadWithCodeCache(file, cacheDir);
  } catch {
    return require(specifier);
  }
  require.cache[file] = load.module;
  if (load.status !== 'hit') process.once('exit', load.save);
  return load.exports;
}
