// One benchmark case in its own process, so its peak memory is its own: prints one JSON line.
// Arguments: borrowers, scan ('index' | 'naive'), blocks, and the shape: 'scaled' (default: depth scales with the
// book), 'crash' (depth at its shipped size) or 'half-book' (a fall that liquidates about half the book), see
// bench/scaled-scenario.ts; an optional fifth argument sets the half-book fall, %.
import { runScenario } from '../src/analysis/run.js';
import { crashScenario, halfBookCrashScenario, scaledDefaultScenario } from './scaled-scenario.js';

const [borrowers, scan, blocks, shape] = [
  Number(process.argv[2]),
  process.argv[3] as 'index' | 'naive',
  Number(process.argv[4]),
  (process.argv[5] ?? 'scaled') as 'scaled' | 'crash' | 'half-book',
];
const scenarioOf = {
  scaled: () => scaledDefaultScenario(borrowers, blocks),
  crash: () => crashScenario(borrowers, blocks),
  'half-book': () =>
    halfBookCrashScenario(borrowers, blocks, process.argv[6] === undefined ? undefined : Number(process.argv[6])),
};
const scenario = scenarioOf[shape]();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = runScenario(scenario, { scan });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  JSON.stringify({
    borrowers,
    scan,
    blocks,
    shape,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    liquidations: result.metrics.liquidations,
    accountsLiquidated: result.metrics.accountsLiquidated,
    amplification: result.metrics.amplification,
    metricsDigest: JSON.stringify(result.metrics),
  }) + '\n',
);
