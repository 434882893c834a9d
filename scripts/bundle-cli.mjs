// `npm run build`'s second step, after tsc: bundles the CLI (src/cli/main.ts) into dist/cli/main.js and one chunk
// per command (dist/cli/bundle/*.js), so that `cascade run` reads and compiles a few dozen files instead of about 270
// (docs/benchmarks.md, "2026-12-07/08: start-up, second step"). npm packages stay outside the bundle, and the rest of
// dist/ (the API, the worker threads' entries) is tsc's output as before.
//
// `cascade run` is bundled a second time, as one CommonJS file with its plain-JavaScript packages inside
// (dist/cli/run-bundle.cjs): main.js loads that file for a `run` command line, through V8's code cache
// (src/cli/run-bundle.ts; docs/benchmarks.md, "2026-12-08: start-up, third step").
//
// Every `import.meta.url` in a bundled module is rewritten to the URL that module has in tsc's dist/ (e.g. in
// src/analysis/batch/worker-entry.ts, `new URL('../analysis/batch/worker-entry.js', import.meta.url).href` from
// dist/cli/): the files found beside a module (worker entries, the shipped scenarios, the package root) are then the
// same as without the bundle.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
/** tsc's output folder: dist/, or the folder given as the only argument (test/bundle.e2e.test.ts builds elsewhere). */
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const outdir = join(dist, 'cli');
/** Where the chunks go (every module but main's own few). */
const chunkDir = join(outdir, 'bundle');
const entry = join(src, 'cli', 'main.ts');
/** The CommonJS bundle of `cascade run` (src/cli/run-bundle.ts). */
const runBundle = join(outdir, 'run-bundle.cjs');

/**
 * Replaces `import.meta.url` in the sources under src/ by the URL of the module's compiled file in dist/, written
 * relative to `base` (an expression for the URL of the output file the module lands in, whose folder is `fromDir`).
 * The entry (src/cli/main.ts) is left as it is: it is written where tsc writes it.
 */
function keepModuleUrls(fromDir, base) {
  return {
    name: 'keep-module-urls',
    setup(bundle) {
      bundle.onLoad({ filter: /\.ts$/ }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        if (!args.path.startsWith(src + '/') || args.path === entry || !contents.includes('import.meta.url')) {
          return undefined;
        }
        const compiled = relative(src, args.path).replace(/\.ts$/, '.js');
        const fromOutput = relative(fromDir, join(dist, compiled)).split('\\').join('/');
        const url = `new URL(${JSON.stringify(fromOutput)}, ${base}).href`;
        return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * npm packages compiled into the CommonJS bundle of `run`: the plain JavaScript that `run` loads, DuckDB's API (60
 * CommonJS files; its native library, in @duckdb/node-bindings, stays outside) included. The other dependencies stay
 * outside: ECharts has a code cache of its own, resvg loads a native library, and the rest is not used by `run`.
 */
const bundledInRun = new Set([
  'commander',
  'zod',
  'yaml',
  'csv-parse',
  'csv-stringify',
  'cli-progress',
  'pure-rand',
  '@duckdb/node-api',
]);
const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies);
const outsideRun = [...dependencies.filter((name) => !bundledInRun.has(name)), '@duckdb/node-bindings'].flatMap(
  (name) => [name, `${name}/*`],
);

// tsc's dist/cli/main.js is replaced; the chunks of an earlier bundle are removed first.
rmSync(chunkDir, { recursive: true, force: true });
rmSync(join(outdir, 'main.js.map'), { force: true });
rmSync(runBundle, { force: true });

await build({
  entryPoints: { main: entry },
  outdir,
  chunkNames: 'bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [keepModuleUrls(chunkDir, 'import.meta.url')],
  logLevel: 'warning',
}).catch(() => process.exit(1));

// `cascade run` again, as one CommonJS file that main.js compiles through V8's code cache (node 20 caches no code for
// ES modules). `__cascadeBundleUrl` is the file's own URL, for the rewritten `import.meta.url`s.
await build({
  entryPoints: [join(src, 'cli', 'run-main.ts')],
  outfile: runBundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: outsideRun,
  // `import()` of a package outside becomes `require()`: code compiled by `vm.Script` cannot import dynamically.
  supported: { 'dynamic-import': false },
  banner: { js: 'var __cascadeBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [keepModuleUrls(outdir, '__cascadeBundleUrl')],
  logLevel: 'warning',
}).catch(() => process.exit(1));
