// `npx tsx bench/monte-carlo-path.bench.ts`: CPU per Monte Carlo path, in-process, without the CLI, workers or store:
// the engine's share of `cascade mc`. Runs the default shock scaled to 10,000 borrowers over 7,200 blocks
// (bench/scaled-scenario.ts) as a batch path does (runForMetrics, seeded by pathSeed of master seed 1), a few warm-up
// paths first, then CASCADE_MC_PATHS paths (default 40), and prints the CPU milliseconds per path. Speed is
// reported, never asserted.
import os from 'node:os';
import { runForMetrics } from '../src/analysis/run.js';
import { pathSeed } from '../src/analysis/batch/seeds.js';
import { scaledDefaultScenario } from './scaled-scenario.js';

const BORROWERS = 10_000;
const BLOCKS = 7200;
const WARM_UP = 5;
const PATHS = Number(process.env.CASCADE_MC_PATHS ?? 40);

const scenario = scaledDefaultScenario(BORROWERS, BLOCKS);
let liquidations = 0;
for (let p = 0; p < WARM_UP; p++) runForMetrics(scenario, { seed: pathSeed(1, p) });
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (let p = WARM_UP; p < WARM_UP + PATHS; p++)
  liquidations += runForMetrics(scenario, { seed: pathSeed(1, p) }).metrics.liquidations;
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - started;
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${PATHS} paths of ${BORROWERS.toLocaleString('en-US')} borrowers × ${BLOCKS.toLocaleString('en-US')} blocks ` +
    `(after ${WARM_UP} warm-up paths): ${(cpuMs / PATHS).toFixed(1)} ms CPU and ${(wallMs / PATHS).toFixed(1)} ms ` +
    `wall per path; ${(liquidations / PATHS).toFixed(0)} liquidations per path; 1-min load ${os.loadavg()[0].toFixed(1)}.`,
);
