// Where the server finds its shipped files (docs/openapi.yaml, dist/dashboard) from src/ or dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest directory above this module holding a package.json (the repository or the installed package).
 *
 * @example join(packageRoot(), 'docs', 'openapi.yaml');
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
