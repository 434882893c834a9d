// `npm run bench` (after `npm run build`): Monte Carlo throughput of `cascade mc` as a user runs it, the compiled CLI
// in a child process writing to a fresh DuckDB file, on the default shock scaled to 10,000 borrowers over 7,200
// blocks (bench/scaled-scenario.ts). Each worker count runs a few path counts: the wall time of a whole command
// (start-up, worker start, paths, summary), and the steady rate between two counts, in which start-up and summary
// cancel. Then the target, 10,000 paths on 2 workers, is run whole (CASCADE_MC_TARGET_PATHS changes the count;
// 0 skips it). The 1- and 2-worker summaries of the same paths are compared: they must be identical. Speed is
// reported, never asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaledDefaultScenario } from './scaled-scenario.js';

const BORROWERS = 10_000;
const BLOCKS = 7200;
const TARGET_PATHS = Number(process.env.CASCADE_MC_TARGET_PATHS ?? 10_000);
const TARGET_SECONDS = 60;
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (\`npm run bench\` does)`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-mc-bench-'));
const scenarioFile = path.join(dir, 'scaled-default.json');
writeFileSync(scenarioFile, JSON.stringify(scaledDefaultScenario(BORROWERS, BLOCKS)));

interface Run {
  workers: number;
  paths: number;
  seconds: number;
  /** The `summary` of `cascade mc --json`: the risk estimates over the paths. */
  summary: string;
  dbBytes: number;
}

/** Runs `cascade mc` on the scaled scenario with a fresh store; returns its wall time and summary. */
function mc(workers: number, paths: number): Run {
  const db = path.join(dir, `w${workers}-p${paths}.duckdb`);
  const started = performance.now();
  const output = execFileSync(
    process.execPath,
    [cli, 'mc', scenarioFile, '--paths', String(paths), '--workers', String(workers), '--db', db, '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const summary = JSON.stringify((JSON.parse(output) as { summary: unknown }).summary);
  return { workers, paths, seconds, summary, dbBytes: statSync(db).size };
}

const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const loadAtStart = os.loadavg()[0];
// Two counts per worker count, both past the first paths a worker runs before its code is optimised.
const one = [mc(1, 200), mc(1, 1000)];
const two = [mc(2, 1000), mc(2, 3000)];
const target = TARGET_PATHS > 0 ? mc(2, TARGET_PATHS) : undefined;
rmSync(dir, { recursive: true, force: true });

/** Paths per second between two runs of the same worker count: start-up, worker start and summary cancel. */
const steady = (from: Run, to: Run) => (to.paths - from.paths) / (to.seconds - from.seconds);
const steadyOne = steady(one[0], one[1]);
const steadyTwo = steady(two[0], two[1]);
const accountBlocks = (pathsPerSecond: number) => `${format((pathsPerSecond * BORROWERS * BLOCKS) / 1e9, 2)}G`;
const rows = [['workers', 'paths', 'wall s', 'paths/s (whole command)', 'steady paths/s', 'steady account-blocks/s']];
const row = (run: Run, steadyRate?: number) =>
  rows.push([
    String(run.workers),
    format(run.paths),
    format(run.seconds, 2),
    format(run.paths / run.seconds, 1),
    steadyRate ? format(steadyRate, 1) : '',
    steadyRate ? accountBlocks(steadyRate) : '',
  ]);
row(one[0]);
row(one[1], steadyOne);
row(two[0]);
row(two[1], steadyTwo);
if (target) row(target);
const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
for (const r of rows) console.log(r.map((cell, col) => cell.padStart(widths[col])).join('  '));

console.log(
  `\ncascade mc (compiled) on ${format(BORROWERS)} borrowers × ${format(BLOCKS)} blocks per path; steady 2-worker scaling ` +
    `${format(steadyTwo / steadyOne, 2)}×; 1- and 2-worker summaries of the same 1,000 paths identical: ${one[1].summary === two[0].summary}.` +
    `\n1-min load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end, on ${os.availableParallelism()} cores.`,
);
if (target) {
  const verdict = target.seconds <= TARGET_SECONDS ? 'met' : 'not met';
  console.log(
    `Target: ${format(TARGET_PATHS)} paths within ${TARGET_SECONDS} s on 2 workers: ${format(target.seconds, 1)} s for the whole command (${verdict}); ` +
      `results store ${format(target.dbBytes / 1e6, 1)} MB (${format(((target.dbBytes / target.paths) * 10_000) / 1e6, 1)} MB per 10,000 paths).`,
  );
}
