/**
 * `cascade mc`, `sweep` and `frontier` as real processes against a real DuckDB file: determinism across
 * worker counts, resume after Ctrl-C, report files, and a frontier whose answer is known in closed form.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot, runCli } from './helpers/cli.js';

afterAll(removeTempDirs);

const SMALL = ['--set', 'blocks=150', '--set', 'protocols.0.borrowers.count=300'];
const db = () => path.join(makeTempDir(), 'cascade.duckdb');
const csvOf = (dir: string) => readFileSync(path.join(dir, 'paths.csv'), 'utf8');

describe('cascade mc', () => {
  it('gives identical per-path results on 1 and 2 workers, and a rerun resumes without running or duplicating paths', () => {
    const one = path.join(makeTempDir(), 'one');
    const two = path.join(makeTempDir(), 'two');
    const a = runCli(['mc', '--paths', '12', '--workers', '1', '--db', db(), '--out', one, ...SMALL]);
    const store = db();
    const b = runCli(['mc', '--paths', '12', '--workers', '2', '--db', store, '--out', two, '--json', ...SMALL]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(csvOf(two)).toBe(csvOf(one));
    expect(csvOf(one).trimEnd().split('\n')).toHaveLength(13);
    const json = JSON.parse(b.stdout) as {
      batch: { id: string; paths: number; complete: boolean; scenario: string };
      randomness: { redrawn: { stream: string }[] };
      summary: { cells: { paths: number }[] };
    };
    // The default Monte Carlo world redraws the market as well as the borrowers, and says so.
    expect(json.batch.scenario).toBe('thin-pool-random-shock');
    expect(json.randomness.redrawn.map((r) => r.stream)).toEqual(['price:ETH', 'borrowers:lend']);
    expect(a.stdout).toContain('Each path redraws: ETH price: the size of the drop, log-normal with median 10%');
    expect(json.batch.paths).toBe(12);
    expect(json.batch.complete).toBe(true);
    expect(json.summary.cells[0].paths).toBe(12);
    // Again, same store: nothing new runs, the output is the same, the store still holds 12 paths.
    const again = runCli(['mc', '--paths', '12', '--workers', '2', '--db', store, '--json', ...SMALL], {
      CASCADE_PROGRESS: '1',
    });
    expect(again.stdout).toBe(b.stdout);
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringContaining(': 12/12 paths (100%)')]);
    const shown = JSON.parse(runCli(['show', json.batch.id, '--db', store, '--json']).stdout) as {
      batch: { pathsDone: number; status: string };
    };
    expect(shown.batch).toMatchObject({ pathsDone: 12, status: 'complete' });
    for (const file of ['summary.json', 'report.html']) expect(existsSync(path.join(one, file))).toBe(true);
  });

  it('stops cleanly on Ctrl-C keeping finished paths, and the same command completes the batch exactly once', async () => {
    const store = db();
    // Enough paths that the interrupt lands mid-batch: it is sent once 5–15% of them are done. The fixed shock keeps
    // paths cheap (the random-shock default costs several times more per path).
    const args = [
      'mc',
      'scenarios/thin-pool-shock.yaml',
      '--paths',
      '3000',
      '--workers',
      '1',
      '--db',
      store,
      '--json',
      ...SMALL,
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/ (1[5-9][0-9]|[2-3][0-9][0-9]|4[0-4][0-9])\/3000 paths/.test(stderr)) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(stderr).toMatch(/Stopped: (\d+) of 3000 paths stored/);
    const stored = Number(/Stopped: (\d+) of 3000/.exec(stderr)![1]);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(3000);
    const id = JSON.parse(runCli(['runs', '--db', store, '--json']).stdout)[0].id as string;
    const partial = JSON.parse(runCli(['show', id, '--db', store, '--json']).stdout) as {
      batch: { pathsDone: number; status: string };
    };
    expect(partial.batch).toMatchObject({ pathsDone: stored, status: 'interrupted' });

    const resumed = runCli(args);
    expect(resumed.status, resumed.stderr).toBe(0);
    const done = JSON.parse(runCli(['show', id, '--db', store, '--json']).stdout) as {
      batch: { pathsDone: number; status: string };
    };
    expect(done.batch).toMatchObject({ pathsDone: 3000, status: 'complete' });
    // The interrupted-then-resumed batch equals one run straight through.
    const straight = runCli([
      'mc',
      'scenarios/thin-pool-shock.yaml',
      '--paths',
      '3000',
      '--workers',
      '2',
      '--db',
      db(),
      '--json',
      ...SMALL,
    ]);
    expect(JSON.parse(resumed.stdout).summary).toEqual(JSON.parse(straight.stdout).summary);
  }, 360_000);

  it('rejects bad flags before running anything, naming the flag', () => {
    const store = db();
    for (const [args, message] of [
      [['--paths', '0'], '--paths: must be an integer from 1'],
      [['--workers', 'two'], '--workers: must be an integer from 1'],
      [['--png'], '--png: writes PNG charts into the --out directory'],
      [['--id', 'a b'], '--id: letters, digits'],
    ] as const) {
      const r = runCli(['mc', ...args, '--db', store]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(store)).toBe(false);
  });
});

describe('cascade sweep', () => {
  it('runs the grid product with flat records, heatmaps and PNG charts', () => {
    const out = path.join(makeTempDir(), 'sweep');
    const r = runCli([
      'sweep',
      '--grid',
      'protocols.0.liquidationBonus=0.05,0.1',
      '--grid',
      'protocols.0.closeFactor=0.5,1',
      '--paths',
      '3',
      '--workers',
      '2',
      '--db',
      db(),
      '--out',
      out,
      '--png',
      ...SMALL,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const rows = csvOf(out).trimEnd().split('\n');
    expect(rows[0].startsWith('cell,path,seed,protocols.0.liquidationBonus,protocols.0.closeFactor,')).toBe(true);
    expect(rows).toHaveLength(1 + 4 * 3);
    // First grid varies slowest.
    expect(rows.slice(1).map((row) => row.split(',').slice(3, 5).join(' '))).toEqual([
      '0.05 0.5',
      '0.05 0.5',
      '0.05 0.5',
      '0.05 1',
      '0.05 1',
      '0.05 1',
      '0.1 0.5',
      '0.1 0.5',
      '0.1 0.5',
      '0.1 1',
      '0.1 1',
      '0.1 1',
    ]);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import/i);
    // Three heatmaps; no path of this small book has bad debt, so the bad-debt CDFs (vertical strokes at 0) are left
    // out and the first chart's caption says so.
    expect(html.match(/<svg\b/g)!.length).toBe(3);
    expect(html).toContain('exactly 0: “Bad debt by cell: cumulative distributions”');
    const png = readFileSync(path.join(out, 'sweep-bad-debt-mean.png'));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });
  it('runs every cell on the same seeds and reports paired differences against a selectable baseline', () => {
    const store = db();
    const out = path.join(makeTempDir(), 'paired');
    const args = [
      'sweep',
      '--grid',
      'protocols.0.liquidationBonus=0.05,0.1,0.15',
      '--paths',
      '4',
      '--workers',
      '1',
      '--db',
      store,
      ...SMALL,
    ];
    const r = runCli([...args, '--json', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...lines] = csvOf(out)
      .trimEnd()
      .split('\n')
      .map((row) => row.split(','));
    const column = (name: string) => header.indexOf(name);
    const at = (cell: number, p: number) => lines.find((row) => row[0] === String(cell) && row[1] === String(p))!;
    for (let p = 0; p < 4; p++) {
      // Common random numbers: path p has one seed, one borrower book and one exogenous path in every cell.
      for (const name of ['seed', 'initialCollateralUsd', 'externalDrawdown']) {
        expect(new Set([0, 1, 2].map((cell) => at(cell, p)[column(name)])).size, `${name} of path ${p}`).toBe(1);
      }
    }
    const json = JSON.parse(r.stdout) as {
      pairedDifferences: {
        baselineCell: number;
        cells: {
          cell: number;
          differences: Record<string, { pairs: number; mean: number; ci95: { lower: number; upper: number } }>;
        }[];
      };
    };
    expect(json.pairedDifferences.baselineCell).toBe(0);
    expect(json.pairedDifferences.cells.map((c) => c.cell)).toEqual([1, 2]);
    // The mean paired difference, recomputed from paths.csv: mean over p of liquidated(cell, p) − liquidated(0, p).
    for (const comparison of json.pairedDifferences.cells) {
      const liquidated = (cell: number, p: number) => Number(at(cell, p)[column('liquidatedCollateralUsd')]);
      const expected = [0, 1, 2, 3].reduce((sum, p) => sum + liquidated(comparison.cell, p) - liquidated(0, p), 0) / 4;
      const d = comparison.differences.liquidatedCollateralUsd;
      expect(d.pairs).toBe(4);
      expect(d.mean).toBeCloseTo(expected, 6);
      expect(d.ci95.lower).toBeLessThanOrEqual(d.mean);
      expect(d.ci95.upper).toBeGreaterThanOrEqual(d.mean);
    }
    // One grid: the report adds the paired lines (bad debt and liquidated means, two paired charts); no bad debt on any
    // path of this small book, so no bad-debt CDF (it would be a vertical stroke at 0).
    const page = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(page.match(/<svg\b/g)!.length).toBe(4);
    expect(page).toContain('exactly 0: “Bad debt by cell: cumulative distributions”');
    // Same batch, another baseline: nothing reruns, the comparison is against cell 1.
    const again = runCli([...args, '--baseline', 'protocols.0.liquidationBonus=0.1']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('Paired differences vs the baseline, cell 1 (protocols.0.liquidationBonus=0.1)');
    expect(again.stdout).toMatch(/\n {2}0\.05 +4 /);
    const bad = runCli([...args, '--baseline', 'protocols.0.liquidationBonus=0.2']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain(
      '--baseline protocols.0.liquidationBonus=0.2: no cell has protocols.0.liquidationBonus=0.2',
    );
  }, 120_000);
});

describe('cascade frontier', () => {
  it('finds the closed-form boundary of a one-account scenario: liquidated iff the gap exceeds 1 − 1/1.5 = 33.33%', () => {
    // Health 1.5 at 2,000 USD: the liquidation price is 2,000/1.5 = 1,333.33, so a gap of s liquidates iff 2,000·(1 −
    // s) < 1,333.33.
    const fixture = path.join(repoRoot, 'test', 'fixtures', 'one-account.yaml');
    const boundary = 100 * (1 - 1 / 1.5);
    const out = path.join(makeTempDir(), 'frontier');
    const r = runCli([
      'frontier',
      fixture,
      '--param',
      'assets.0.price.dropPct',
      '--range',
      '1:60',
      '--direction',
      'largest',
      '--target',
      'liquidatedCollateral.mean <= 0',
      '--tolerance',
      '0.01',
      '--max-steps',
      '20',
      '--paths',
      '2',
      '--workers',
      '1',
      '--db',
      db(),
      '--json',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const { frontiers } = JSON.parse(r.stdout) as {
      frontiers: {
        evaluations: unknown[];
        result: { status: string; value: number; bracket: { meets: number; fails: number }; bracketWidth: number };
      }[];
    };
    const { result } = frontiers[0];
    // paths.csv holds every path of every value tried, each with the value it ran with.
    const rows = csvOf(out).trimEnd().split('\n');
    expect(rows[0].startsWith('cell,path,seed,assets.0.price.dropPct,')).toBe(true);
    expect(rows).toHaveLength(1 + 2 * frontiers[0].evaluations.length);
    expect(result.status).toBe('found');
    expect(result.bracket.meets).toBeLessThanOrEqual(boundary);
    expect(result.bracket.fails).toBeGreaterThan(boundary);
    expect(result.bracketWidth).toBeLessThanOrEqual(0.01);
    expect(result.value).toBeGreaterThan(boundary - 0.01);
  });
});
