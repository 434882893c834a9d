// `npx tsx bench/scenario-validate.bench.ts`: validation time of a scenario grown by unknown top-level keys (each one
// problem), at about 1 MB and about 2 MB, in this process, best of ROUNDS after a warm-up. Linear validation makes the
// 2 MB / 1 MB ratio about 2 (a quadratic step would make it about 4). Speed is reported, never asserted.
import { readFileSync } from 'node:fs';
import { parseScenario } from '../src/scenario/load.js';
import { ScenarioProblems } from '../src/scenario/problems.js';

const ROUNDS = Number(process.env.CASCADE_BENCH_ROUNDS ?? 3);
const shipped = readFileSync(new URL('../scenarios/gbm-day.yaml', import.meta.url), 'utf8');

function grown(targetBytes: number): { text: string; keys: number } {
  const rows: string[] = [];
  let bytes = shipped.length;
  while (bytes < targetBytes) {
    const row = `k${rows.length}: ${rows.length}`;
    rows.push(row);
    bytes += row.length + 1;
  }
  return { text: `${shipped}${rows.join('\n')}\n`, keys: rows.length };
}

function bestMs(text: string): { ms: number; problems: number } {
  let best = Infinity;
  let problems = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    try {
      parseScenario(text, 'grown.yaml');
    } catch (error) {
      if (!(error instanceof ScenarioProblems)) throw error;
      problems = error.problems.length + error.omitted.reduce((n, o) => n + o.count, 0);
    }
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, problems };
}

bestMs(grown(100_000).text); // warm-up
const one = grown(1_000_000);
const two = grown(2_000_000);
const a = bestMs(one.text);
const b = bestMs(two.text);
console.log(
  `1 MB: ${one.keys.toLocaleString('en-US')} keys, ${a.problems.toLocaleString('en-US')} problems, ${a.ms.toFixed(0)} ms`,
);
console.log(
  `2 MB: ${two.keys.toLocaleString('en-US')} keys, ${b.problems.toLocaleString('en-US')} problems, ${b.ms.toFixed(0)} ms`,
);
console.log(`ratio 2 MB / 1 MB: ${(b.ms / a.ms).toFixed(2)} (linear: about 2; quadratic: about 4)`);
