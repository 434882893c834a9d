// An example run of the oracle for docs/risk-oracle.md (not a test):
// `npx tsx test/service-oracle/example-recommendation.mts OUT_DIR [accounts] [paths] [pool liquidity USD] [target USD]`
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadScenario } from '../../src/scenario/load.js';
import { LiveBook } from '../../src/service/book/live-book.js';
import { parseUpdates } from '../../src/service/book/messages.js';
import { createOracleServices } from '../../src/service/oracle/services.js';
import { replayRecommendationCommand } from '../../src/cli/replay-recommendation.js';

const out = process.argv[2] ?? '/tmp/oracle-example';
const accounts = Number(process.argv[3] ?? 500);
const paths = Number(process.argv[4] ?? 40);
const liquidityUsd = Number(process.argv[5] ?? 2_000_000);
const targetUsd = Number(process.argv[6] ?? 50_000);
mkdirSync(out, { recursive: true });
const loaded = loadScenario('scenarios/thin-pool-random-shock.yaml', [
  `protocols.0.borrowers.count=${accounts}`,
  'blocks=300',
]);
const book = LiveBook.fromScenario(loaded.scenario, { baseDir: loaded.dir });
book.apply(
  parseUpdates(
    [
      { type: 'price', asset: 'ETH', price: 1900 },
      { type: 'depth', venue: 'pool', liquidityUsd },
    ],
    book,
  ),
);
const db = path.join(out, 'live.duckdb');
const services = await createOracleServices({
  book,
  hub: {
    publish: (kind, data) => kind !== 'answer' && console.log(`event ${kind}: ${JSON.stringify(data).slice(0, 300)}`),
  },
  dbFile: db,
  baseDir: loaded.dir,
  oracle: { paths, maxSteps: 3, badDebtTargetUsd: targetUsd, everySeconds: 0 },
  schedule: false,
});
let t = performance.now();
const map = await services.cascadeMap('lend');
console.log(`map ${(performance.now() - t).toFixed(0)} ms`);
console.log(JSON.stringify({ ...map, shocks: map.shocks.filter((_, k) => k % 10 === 9) }, null, 2));
t = performance.now();
const stressId = services.stress.start({ paths, seed: 1 });
const stress = await services.stress.wait(stressId);
console.log(`stress ${(performance.now() - t).toFixed(0)} ms`);
console.log(JSON.stringify(stress, null, 2));
t = performance.now();
const id = services.recommendations.run('manual');
await services.recommendations.wait(id);
console.log(`recommendation ${(performance.now() - t).toFixed(0)} ms`);
const rec = await services.recommendations.get(id);
console.log(JSON.stringify({ ...rec, inputs: undefined }, null, 2));
await services.close();
t = performance.now();
const code = await replayRecommendationCommand(id, db, (text) => process.stdout.write(text));
console.log(`replay exit ${code}, ${(performance.now() - t).toFixed(0)} ms`);
