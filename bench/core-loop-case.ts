// One benchmark case in its own process, so its peak memory is its own: prints one JSON line.
import { runScenario } from '../src/analysis/run.js';
import { scaledDefaultScenario } from './scaled-scenario.js';

const [borrowers, scan, blocks] = [
  Number(process.argv[2]),
  process.argv[3] as 'index' | 'naive',
  Number(process.argv[4]),
];
const scenario = scaledDefaultScenario(borrowers, blocks);
const started = performance.now();
const result = runScenario(scenario, { scan });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    borrowers,
    scan,
    blocks,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    liquidations: result.metrics.liquidations,
    amplification: result.metrics.amplification,
    metricsDigest: JSON.stringify(result.metrics),
  }) + '\n',
);
