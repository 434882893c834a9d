import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // Code caches (src/report/code-cache.ts) written by the CLI runs of tests go to a temporary folder, not the
    // user's ~/.cache/cascade; tests of the cache itself set their own.
    env: { CASCADE_CACHE_DIR: path.join(os.tmpdir(), 'cascade-test-code-cache') },
    // Engines built directly in tests fall back on the attribution records src/attribution registers.
    // The JSON report lets .ci/run print its plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
