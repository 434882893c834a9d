import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // Engines built directly in tests fall back on the attribution records src/attribution registers.
    // The JSON report lets .ci/run print its plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
