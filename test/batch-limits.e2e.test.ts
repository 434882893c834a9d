/**
 * Limits of batch commands as real child processes: a local batch whose worker threads' worlds would not fit in memory
 * together is refused before any thread starts, and `cascade worker --concurrency` is capped at the core count.
 */
import { availableParallelism, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

describe('cascade mc: memory of one world per worker thread', () => {
  // One world of COUNT borrowers takes COUNT × 160 bytes by the estimate (scenario/memory.ts); the limit is half the
  // machine's memory. WORKERS is the fewest threads whose worlds together pass it: one world fits, WORKERS do not.
  const COUNT = 40_000_000;
  const perWorld = COUNT * 160;
  const limit = totalmem() * 0.5;
  const fit = Math.floor(limit / perWorld);
  const workers = fit + 1;

  it.runIf(fit >= 1 && workers <= 256)('refused with the estimate × threads before any world is built', () => {
    const force = workers > availableParallelism() ? ['--force-workers'] : [];
    const result = runCli([
      'mc',
      '--paths',
      String(workers),
      '--workers',
      String(workers),
      ...force,
      '--set',
      `protocols.0.borrowers.count=${COUNT}`,
      '--set',
      'blocks=1',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `--workers ${workers}: each worker thread builds its own world of 40,000,000 generated accounts, ` +
        'about 6,400,000,000 bytes',
    );
    expect(result.stderr).toContain(
      `${workers} threads at once need about ${(perWorld * workers).toLocaleString('en-US')} bytes`,
    );
    expect(result.stderr).toContain(`run with --workers ${fit} or fewer`);
    expect(result.stderr).toContain('protocols.0.borrowers.count: 40,000,000');
    expect(result.stdout).toBe('');
  });
});

describe('cascade worker --concurrency', () => {
  it.runIf(availableParallelism() < 256)(
    'above the core count: exit 2 naming --force-workers, before connecting',
    () => {
      // Port 1 has no Redis: the flag must be refused before any connection is tried.
      const result = runCli(['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '256']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `--concurrency: 256 is more than this machine's ${availableParallelism()} core(s)`,
      );
      expect(result.stderr).toContain('--force-workers');
    },
  );
});
