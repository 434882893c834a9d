import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CodeCacheStatus, codeCacheDir } from './code-cache.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-code-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let fixtures = 0;

/** A fresh CommonJS module (and the module it requires) in its own folder; returns its path. */
function fixture(extra = ''): string {
  fixtures += 1;
  const dir = path.join(root, `lib${fixtures}`);
  const file = path.join(dir, 'lib.js');
  writeFileSync(path.join(root, `dep${fixtures}.js`), 'module.exports = { value: 21 };\n');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(
    file,
    `'use strict';\nconst dep = require('../dep${fixtures}.js');\n` +
      'exports.twice = (x) => x * 2;\nexports.answer = () => dep.value * 2;\n' +
      `exports.where = __dirname;\nexports.self = module.id;\n${extra}`,
  );
  return file;
}

interface Load {
  status: CodeCacheStatus;
  cacheFile: string | undefined;
  twice: number;
  answer: number;
  where: string;
  self: string;
  more?: string;
}

const moduleUrl = new URL('./code-cache.ts', import.meta.url).href;

/**
 * Loads `file` in a fresh node process (one process holds compiled code in memory, which V8 would use before any
 * cache file), calls `save()` unless told not to, and returns what the module computed and the cache status.
 */
function loadWithCodeCache(file: string, cacheDir: string | undefined, save = true): Load {
  const script =
    `import { loadWithCodeCache } from ${JSON.stringify(moduleUrl)};\n` +
    `const load = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir) ?? 'undefined'});\n` +
    `${save ? 'load.save();' : ''}\nconst lib = load.exports;\n` +
    'console.log(JSON.stringify({ status: load.status, cacheFile: load.cacheFile, twice: lib.twice(3), ' +
    'answer: lib.answer(), where: lib.where, self: lib.self, more: lib.more }));\n';
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`child exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as Load;
}

/** The behaviour every load must give, cache or not: 2 × 3 = 6, the required 21 doubled, node's own names. */
function expectWorking(file: string, load: Load): void {
  expect(load.twice).toBe(6);
  expect(load.answer).toBe(42);
  expect(load.where).toBe(path.dirname(file));
  expect(load.self).toBe(file);
}

describe('loadWithCodeCache', () => {
  it('compiles without a cache, writes one on save, and is served by it the next time', () => {
    const file = fixture();
    const cacheDir = path.join(root, 'cache-a');
    const unsaved = loadWithCodeCache(file, cacheDir, false);
    expect(unsaved.status).toBe('missing');
    expect(unsaved.cacheFile?.startsWith(cacheDir + path.sep)).toBe(true);
    expect(existsSync(unsaved.cacheFile ?? '')).toBe(false);
    const first = loadWithCodeCache(file, cacheDir);
    expect(first.status).toBe('missing');
    expectWorking(file, first);
    expect(existsSync(first.cacheFile ?? '')).toBe(true);

    const second = loadWithCodeCache(file, cacheDir);
    expect(second.status).toBe('hit');
    expect(second.cacheFile).toBe(first.cacheFile);
    expectWorking(file, second);
  });

  it('ignores a corrupt cache file, gives the same module, and replaces the file on save', () => {
    const file = fixture();
    const cacheDir = path.join(root, 'cache-b');
    const first = loadWithCodeCache(file, cacheDir);
    const cacheFile = first.cacheFile ?? '';
    writeFileSync(cacheFile, Buffer.from('not a V8 code cache at all'));
    const corrupt = loadWithCodeCache(file, cacheDir);
    expect(corrupt.status).toBe('rejected');
    expectWorking(file, corrupt);
    expect(readFileSync(cacheFile).toString()).not.toBe('not a V8 code cache at all');
    expect(loadWithCodeCache(file, cacheDir).status).toBe('hit');
  });

  it("ignores another source's cache put under this file's name", () => {
    const file = fixture();
    const other = fixture('exports.more = "a longer source than the first one";\n');
    const cacheDir = path.join(root, 'cache-c');
    const mine = loadWithCodeCache(file, cacheDir);
    const theirs = loadWithCodeCache(other, cacheDir);
    writeFileSync(mine.cacheFile ?? '', readFileSync(theirs.cacheFile ?? ''));
    const load = loadWithCodeCache(file, cacheDir);
    expect(load.status).toBe('rejected');
    expectWorking(file, load);
    expect(load.more).toBeUndefined();
  });

  it("uses a new cache file once the source changes, and removes the old one but not another file's", () => {
    const file = fixture();
    // Another lib.js, in another folder: its cache has the same leading name and must stay.
    const other = fixture();
    const cacheDir = path.join(root, 'cache-d');
    const first = loadWithCodeCache(file, cacheDir);
    const others = loadWithCodeCache(other, cacheDir);
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const unsaved = loadWithCodeCache(file, cacheDir, false);
    expect(unsaved.status).toBe('missing');
    expect(existsSync(first.cacheFile ?? '')).toBe(true);
    const changed = loadWithCodeCache(file, cacheDir);
    expect(changed.status).toBe('missing');
    expect(changed.cacheFile).not.toBe(first.cacheFile);
    expectWorking(file, changed);
    expect(readdirSync(cacheDir).sort()).toEqual(
      [path.basename(changed.cacheFile ?? ''), path.basename(others.cacheFile ?? '')].sort(),
    );
    expect(loadWithCodeCache(other, cacheDir).status).toBe('hit');
  });

  it('falls back silently when the cache folder cannot be created', () => {
    const file = fixture();
    // A folder inside a regular file: mkdir fails (ENOTDIR) even for root, who ignores permission bits.
    const blocker = path.join(root, 'a-file');
    writeFileSync(blocker, 'in the way\n');
    const cacheDir = path.join(blocker, 'cache');
    const load = loadWithCodeCache(file, cacheDir);
    expect(load.status).toBe('missing');
    expectWorking(file, load);
    expect(existsSync(cacheDir)).toBe(false);
    expect(loadWithCodeCache(file, cacheDir).status).toBe('missing');
  });

  it('compiles without a cache when caching is off', () => {
    const file = fixture();
    const load = loadWithCodeCache(file, undefined);
    expect(load.status).toBe('off');
    expect(load.cacheFile).toBeUndefined();
    expectWorking(file, load);
  });
});

describe('codeCacheDir', () => {
  it('is $CASCADE_CACHE_DIR, else $XDG_CACHE_HOME/cascade, else ~/.cache/cascade; none when turned off', () => {
    expect(codeCacheDir({ CASCADE_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/c' })).toBe('/x/y');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'cascade'));
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.cache', 'cascade'));
    expect(codeCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'cascade'));
    expect(codeCacheDir({ CASCADE_CODE_CACHE: '0', CASCADE_CACHE_DIR: '/x/y' })).toBeUndefined();
  });
});
