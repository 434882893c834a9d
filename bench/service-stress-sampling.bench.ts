// `npx tsx bench/service-stress-sampling.bench.ts`: what merging a large live book costs a stress test in accuracy,
// and what it saves in CPU. A live book of CASCADE_BENCH_ACCOUNTS accounts (default 100,000; thin-pool-shock's
// generated borrowers) is written as a book file once whole and once merged to 10,000 accounts (k = 10, as
// `POST /v1/stress` does with books over 10,000 accounts; sampled-book.ts). Both run the same paths in this process
// (runForMetrics, seeds pathSeed(1, p)):
// - the scripted shock at three sizes (deterministic: one path each);
// - a drawn shock (dropSigma 0.5 around 10%, CASCADE_BENCH_PATHS paths, default 40): mean, VaR 95/99 and CVaR 99 of
//   bad debt, mean liquidations, and the largest per-path difference in bad debt.
// Reports relative errors of the merged book and CPU per path of each. Speed and accuracy are reported, never
// asserted.
import os from 'node:os';
import path from 'node:path';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import { runForMetrics } from '../src/analysis/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { LiveBook } from '../src/service/book/live-book.js';
import { ensureBooksLoaded } from '../src/service/oracle/books-loaded.js';
import { liveScenario, type LiveScenario } from '../src/service/oracle/live-scenario.js';

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? 100_000);
const PATHS = Number(process.env.CASCADE_BENCH_PATHS ?? 40);
const MERGED = 10_000;
const file = path.resolve('scenarios/thin-pool-shock.yaml');
const booksDir = path.join(os.tmpdir(), 'cascade-bench-sampling-books');

/** The live scenario of the book with `sets` applied to the served scenario, whole and merged to MERGED accounts. */
async function pair(sets: string[]): Promise<{ full: LiveScenario; merged: LiveScenario }> {
  const { scenario } = loadScenario(file, [`protocols.0.borrowers.count=${ACCOUNTS}`, ...sets]);
  const book = LiveBook.fromScenario(scenario, { baseDir: path.dirname(file) });
  const options = { baseDir: path.dirname(file), booksDir };
  const full = await liveScenario(book, options);
  const merged = await liveScenario(book, { ...options, maxAccounts: MERGED });
  await ensureBooksLoaded(full);
  await ensureBooksLoaded(merged);
  return { full, merged };
}

/** Runs paths 0 … paths−1; their metrics and the CPU ms per path. */
function run(live: LiveScenario, paths: number) {
  const started = process.cpuUsage();
  const metrics = [];
  for (let p = 0; p < paths; p++)
    metrics.push(runForMetrics(live.scenario, { seed: pathSeed(1, p), baseDir: live.baseDir }).metrics);
  const used = process.cpuUsage(started);
  return { metrics, cpuMs: (used.user + used.system) / 1000 / paths };
}

const usd = (x: number) => `${(x / 1e6).toFixed(2)}M`;
const relative = (merged: number, full: number) =>
  full === 0 ? (merged === 0 ? '0%' : 'n/a (full 0)') : `${(((merged - full) / full) * 100).toFixed(1)}%`;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** The q-quantile, nearest rank. */
const quantile = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
/** Mean of the worst (1 − q) share of draws. */
const cvar = (xs: number[], q: number) => {
  const tail = sorted(xs).slice(Math.floor(q * xs.length));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

console.log(`stress sampling error: ${ACCOUNTS.toLocaleString('en-US')} accounts, whole vs merged to ${MERGED}`);
// Warm-up: compile the engine on a small run before anything is timed.
run((await pair([])).merged, 2);
for (const drop of [5, 10, 20]) {
  const { full, merged } = await pair([`assets.0.price.dropPct=${drop}`]);
  const a = run(full, 1);
  const b = run(merged, 1);
  const [fa, fb] = [a.metrics[0], b.metrics[0]];
  console.log(
    `scripted ${drop}% shock: bad debt ${usd(fa.badDebtUsd)} whole, ${usd(fb.badDebtUsd)} merged (${relative(fb.badDebtUsd, fa.badDebtUsd)}); liquidations ${fa.liquidations} / ${fb.liquidations}; oracle fall ${(fa.oracleDrawdown * 100).toFixed(2)}% / ${(fb.oracleDrawdown * 100).toFixed(2)}%; CPU per path ${a.cpuMs.toFixed(0)} / ${b.cpuMs.toFixed(0)} ms; load ${os.loadavg()[0].toFixed(1)}`,
  );
}
const { full, merged } = await pair(['assets.0.price.dropSigma=0.5']);
const a = run(full, PATHS);
const b = run(merged, PATHS);
const bad = (r: typeof a) => r.metrics.map((m) => m.badDebtUsd);
const rows: [string, (xs: number[]) => number][] = [
  ['mean', mean],
  ['VaR 95', (xs) => quantile(xs, 0.95)],
  ['VaR 99', (xs) => quantile(xs, 0.99)],
  ['CVaR 99', (xs) => cvar(xs, 0.99)],
];
console.log(
  `drawn shock (dropSigma 0.5 around 10%), ${PATHS} paths: ` +
    rows
      .map(([name, f]) => `${name} ${usd(f(bad(a)))} / ${usd(f(bad(b)))} (${relative(f(bad(b)), f(bad(a)))})`)
      .join('; ') +
    `; mean liquidations ${mean(a.metrics.map((m) => m.liquidations)).toFixed(0)} / ${mean(b.metrics.map((m) => m.liquidations)).toFixed(0)}; largest per-path |Δ bad debt| ${usd(Math.max(...bad(a).map((x, i) => Math.abs(x - bad(b)[i]))))}; CPU per path ${a.cpuMs.toFixed(0)} / ${b.cpuMs.toFixed(0)} ms; load ${os.loadavg()[0].toFixed(1)}`,
);
