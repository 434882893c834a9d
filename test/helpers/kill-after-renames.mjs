// Preloaded into a CLI child process by a test (`NODE_OPTIONS=--import=<this file>`): after the n-th file renamed out
// of an `--out` staging folder (`.cascade-tmp-*`), n from KILL_AFTER_STAGED_RENAMES, the process kills itself with
// SIGKILL, so the test sees exactly what a crash between the renames of a set leaves. It wraps `fs.renameSync` and
// syncs the ESM named exports of `node:fs` (`syncBuiltinESMExports`), so the CLI's own `import { renameSync }` gets
// the wrapper; no code of the CLI knows about it.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { syncBuiltinESMExports } from 'node:module';

const killAfter = Number(process.env.KILL_AFTER_STAGED_RENAMES);
if (Number.isInteger(killAfter) && killAfter > 0) {
  const renameSync = fs.renameSync;
  let renamed = 0;
  fs.renameSync = (from, to) => {
    renameSync(from, to);
    if (!path.basename(path.dirname(String(from))).startsWith('.cascade-tmp-')) return;
    renamed += 1;
    if (renamed === killAfter) process.kill(process.pid, 'SIGKILL');
  };
  syncBuiltinESMExports();
}
