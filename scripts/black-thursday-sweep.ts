// `npx tsx scripts/black-thursday-sweep.ts [--ttl 600,1800,3600,10800] [--budget 50,100,200,300] [--seeds 1,2] [--json
// FILE]`:
// runs scenarios/black-thursday-2020.yaml over a grid of Flipper bid durations (ttl, seconds) and the gas
// budget of its best-funded keeper (keepers.0.maxFeeGwei, gwei), and prints one markdown row per cell: bad
// debt, the share of auctions won with a zero bid, auctions still open, the OSM's mean and peak answer age,
// and the mean delay of oracle transactions. Several seeds are averaged per cell.
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import { shippedScenariosDir } from '../src/cli/default-scenario.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const numbers = (text: string) => text.split(',').map(Number);
const ttls = numbers(arg('ttl', '600,1800,3600,10800'));
const budgets = numbers(arg('budget', '50,100,200,300'));
const seeds = numbers(arg('seeds', '1'));
const file = `${shippedScenariosDir()}/black-thursday-2020.yaml`;

interface Cell {
  ttlSeconds: number;
  keeperBudgetGwei: number;
  badDebtUsd: number;
  debtInAuctionsUsd: number;
  settled: number;
  zeroBidShare: number;
  open: number;
  oracleMeanAgeMinutes: number;
  oracleMaxAgeMinutes: number;
  oracleTxMeanDelayBlocks: number;
  topUpsDropped: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const cells: Cell[] = [];
for (const ttl of ttls) {
  for (const budget of budgets) {
    const runs = seeds.map((seed) => {
      const { scenario } = loadScenario(file, [
        `protocols.0.liquidationRule.ttlSeconds=${ttl}`,
        `keepers.0.maxFeeGwei=${budget}`,
        `seed=${seed}`,
      ]);
      return runScenario(scenario, { baseDir: shippedScenariosDir() });
    });
    const pick = (f: (r: (typeof runs)[number]) => number) => mean(runs.map(f));
    cells.push({
      ttlSeconds: ttl,
      keeperBudgetGwei: budget,
      badDebtUsd: pick((r) => r.metrics.badDebtUsd),
      debtInAuctionsUsd: pick((r) => r.metrics.inLiquidationDebtUsd),
      settled: pick((r) => r.auctions?.[0]?.settled ?? 0),
      zeroBidShare: pick((r) => r.auctions?.[0]?.zeroBidShare ?? 0),
      open: pick((r) => r.auctions?.[0]?.open ?? 0),
      oracleMeanAgeMinutes: pick((r) => (r.chain?.oracleAgeSeconds['eth-osm']?.mean ?? 0) / 60),
      oracleMaxAgeMinutes: pick((r) => (r.chain?.oracleAgeSeconds['eth-osm']?.max ?? 0) / 60),
      oracleTxMeanDelayBlocks: pick((r) => r.chain?.transactions.oracle?.meanDelayBlocks ?? 0),
      topUpsDropped: pick((r) => r.chain?.transactions['top-up']?.dropped ?? 0),
    });
    process.stderr.write(`ttl ${ttl} s, keeper-a budget ${budget} gwei: done\n`);
  }
}

const usd = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`Black Thursday preset, seeds ${seeds.join(', ')} (means per cell)\n`);
console.log(
  '| bid duration (ttl) | keeper-a gas budget | bad debt USD | debt still in auctions USD | auctions settled | zero-bid share | auctions open at end | OSM answer age mean / max (min) | oracle tx delay (blocks) | top-ups dropped |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const c of cells) {
  console.log(
    `| ${c.ttlSeconds / 60} min | ${c.keeperBudgetGwei} gwei | ${usd(c.badDebtUsd)} | ${usd(c.debtInAuctionsUsd)} | ${usd(c.settled)} | ${(100 * c.zeroBidShare).toFixed(1)}% | ${usd(c.open)} | ${c.oracleMeanAgeMinutes.toFixed(0)} / ${c.oracleMaxAgeMinutes.toFixed(0)} | ${c.oracleTxMeanDelayBlocks.toFixed(1)} | ${usd(c.topUpsDropped)} |`,
  );
}
const json = arg('json', '');
if (json) writeFileSync(json, JSON.stringify(cells, null, 2) + '\n');
