// `npx tsx bench/monte-carlo.bench.ts`: Monte Carlo throughput of the batch runner on the default shock
// scaled to 10,000 borrowers over 7,200 blocks (bench/scaled-scenario.ts), in-process (1 worker) and on
// 2 worker threads, each also with the per-block health-factor quantiles off (record.healthSample=0),
// which no metric reads. CASCADE_MC_PATHS sets the paths of the default cases (default 20; the lean
// cases run 5× as many). Wall time includes starting the worker threads; "steady" counts only the
// paths after 2 × workers are done (warm workers, approximately); "CPU s" is every thread of the process.
// The metrics of every case are compared with the in-process default case, path by path (healthSample
// changes no metric). Speed is reported, never asserted.
import os from 'node:os';
import { runBatch } from '../src/analysis/batch/run-batch.js';
import type { BatchPlan, CellParameters, PathRecord } from '../src/analysis/batch/types.js';
import { shippedScenariosDir } from '../src/cli/default-scenario.js';
import { scaledDefaultScenario } from './scaled-scenario.js';

const BORROWERS = 10_000;
const BLOCKS = 7200;
const PATHS = Number(process.env.CASCADE_MC_PATHS ?? 20);
/** The lean cases run about 4× faster per path, so they get 5× the paths to keep start-up a small share. */
const LEAN_PATHS = 5 * PATHS;
/** The target: 10,000 paths within 60 s. */
const TARGET_PATHS_PER_SECOND = 10_000 / 60;

const scenario = scaledDefaultScenario(BORROWERS, BLOCKS);
const planWith = (parameters: CellParameters, paths: number): BatchPlan => ({
  id: 'bench-mc',
  kind: 'mc',
  scenario: scenario.name,
  scenarioFile: 'thin-pool-shock.yaml',
  scenarioJson: JSON.stringify(scenario),
  masterSeed: 1,
  paths,
  cells: [{ cell: 0, parameters }],
  createdAt: '2025-01-01T00:00:00.000Z',
});

interface CaseResult {
  label: string;
  workers: number;
  seconds: number;
  /** CPU seconds of the whole process (every thread) during the case. */
  cpuSeconds: number;
  /** Paths per second after 2 × workers paths are done (about when every worker is warm; approximate). */
  steadyRate: number;
  records: PathRecord[];
}

async function runCase(label: string, workers: number, parameters: CellParameters, paths: number): Promise<CaseResult> {
  const records: PathRecord[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let steady: { at: number; done: number } | undefined;
  await runBatch(planWith(parameters, paths), {
    workers,
    baseDir: shippedScenariosDir(),
    onPaths: (r) => void records.push(...r),
    onProgress: (done) => {
      if (!steady && done >= 2 * workers) steady = { at: performance.now(), done };
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const ended = performance.now();
  records.sort((a, b) => a.path - b.path);
  const steadyRate = steady && steady.done < paths ? ((paths - steady.done) * 1000) / (ended - steady.at) : Number.NaN;
  return { label, workers, seconds: (ended - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, steadyRate, records };
}

/** The metrics of the first PATHS paths (every case runs at least those, with the same seeds). */
const metricsOf = (c: CaseResult) => JSON.stringify(c.records.slice(0, PATHS).map((r) => r.metrics));
const LEAN = { 'record.healthSample': 0 };
const loadAtStart = os.loadavg()[0];
const one = await runCase('in-process', 1, {}, PATHS);
const two = await runCase('2 threads', 2, {}, PATHS);
const leanOne = await runCase('in-process, healthSample=0', 1, LEAN, LEAN_PATHS);
const lean = await runCase('2 threads, healthSample=0', 2, LEAN, LEAN_PATHS);

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (c: CaseResult) => c.records.length / c.seconds;
const rows: string[][] = [['case', 'workers', 'paths', 'seconds', 'CPU s', 'paths/s', 'steady paths/s', 'account-blocks/s', 'vs in-process', 'CPU s/path', 'metrics = in-process']];
for (const c of [one, two, leanOne, lean]) {
  const base = c.label.includes('healthSample') ? leanOne : one;
  rows.push([
    c.label,
    String(c.workers),
    String(c.records.length),
    format(c.seconds, 2),
    format(c.cpuSeconds, 2),
    format(rate(c), 2),
    Number.isFinite(c.steadyRate) ? format(c.steadyRate, 2) : 'n/a',
    format((rate(c) * BORROWERS * BLOCKS) / 1e6, 1) + 'M',
    `${format(rate(c) / rate(base), 2)}×`,
    format(c.cpuSeconds / c.records.length, 3),
    String(metricsOf(c) === metricsOf(one)),
  ]);
}
const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
for (const row of rows) console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));

const best = Math.max(rate(two), rate(lean), ...[two.steadyRate, lean.steadyRate].filter(Number.isFinite));
console.log(
  `\n${format(BORROWERS)} borrowers × ${format(BLOCKS)} blocks per path; 2-worker scaling ${format(rate(two) / rate(one), 2)}× ` +
    `(steady ${format(two.steadyRate / one.steadyRate, 2)}×; with healthSample=0 ${format(rate(lean) / rate(leanOne), 2)}×, steady ${format(lean.steadyRate / leanOne.steadyRate, 2)}×) ` +
    `(wall time; CPU s/path shows the cost per path whatever else runs on the machine; 1-min load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end, on ${os.availableParallelism()} cores).` +
    `\nTarget: 10,000 paths in 60 s = ${format(TARGET_PATHS_PER_SECOND, 1)} paths/s. Best here: ${format(best, 2)} paths/s, ` +
    `${format(TARGET_PATHS_PER_SECOND / best, 0)}× short; 10,000 paths would take ${format(10_000 / best / 60, 1)} min.`,
);
