// `npm run build`'s second step, after tsc: bundles the CLI (src/cli/main.ts) into dist/cli/main.js and one chunk
// per command (dist/cli/bundle/*.js), so that `cascade run` reads and compiles a few dozen files instead of about 270
// (docs/benchmarks.md, "2026-12-07/08: start-up, second step"). npm packages stay outside the bundle, and the rest of
// dist/ (the API, the worker threads' entries) is tsc's output as before.
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
/** Where the chunks go (every module but main's own few: the entry holds no `import.meta.url`). */
const chunkDir = join(outdir, 'bundle');

/** Replaces `import.meta.url` in the sources under src/ by the URL of the module's compiled file in dist/. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(bundle) {
    bundle.onLoad({ filter: /\.ts$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!args.path.startsWith(src + '/') || !contents.includes('import.meta.url')) return undefined;
      const compiled = relative(src, args.path).replace(/\.ts$/, '.js');
      const fromChunk = relative(chunkDir, join(dist, compiled)).split('\\').join('/');
      const url = `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

// tsc's dist/cli/main.js is replaced; the chunks of an earlier bundle are removed first.
rmSync(chunkDir, { recursive: true, force: true });
rmSync(join(outdir, 'main.js.map'), { force: true });

await build({
  entryPoints: { main: join(src, 'cli', 'main.ts') },
  outdir,
  chunkNames: 'bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [keepModuleUrls],
  logLevel: 'warning',
}).catch(() => process.exit(1));
