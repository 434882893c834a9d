// npm's `prepare` hook: builds dist/ (`npm run build`) unless it is already built from the current sources.
//
// `npm ci` runs prepare, and so does the first `npx cascade …` afterwards (npx installs the project into its own cache
// as a `file:` package, which runs prepare again in this folder): without this check a fresh machine built everything
// twice, and the Quick start's first run took about 40 s instead of 3. The stamp dist/.build-stamp carries the time
// the last build started; any source, config or lock file changed after it makes the next prepare build again.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const inputs = [
  'src',
  'dashboard',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'scripts/prepare.mjs',
  'scripts/bundle-cli.mjs',
];

/** Latest modification time (ms) of a file, or of any file under a folder. */
function latest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, latest(join(path, entry)));
  return newest;
}

const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
const changedAt = Math.max(
  ...inputs
    .map((input) => join(root, input))
    .filter(existsSync)
    .map(latest),
);
if (builtAt >= changedAt) {
  process.stdout.write('dist/ is up to date with the sources (dist/.build-stamp): build skipped\n');
} else {
  const started = new Date();
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, 'written by scripts/prepare.mjs: the time the last build started\n');
  utimesSync(stamp, started, started);
}
