// Measures the oracle on large books (not a test): `npx tsx test/service-oracle/measure-oracle.mts [accounts] [what]`
// what: scenario (live-state scenario only), map (+ cascade map), stress:N (+ N-path stress, blocks as served).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import type { LiveBookView, LiveProtocolSummary } from '../../src/service/oracle/live-state.js';
import { liveScenario } from '../../src/service/oracle/live-scenario.js';
import { AnswerHistory } from '../../src/store/service-history.js';
import { cascadeMapAt } from '../../src/service/oracle/cascade-map-at.js';
import { StressRunner } from '../../src/service/oracle/stress.js';
import { OraclePool } from '../../src/service/oracle/oracle-pool.js';

const accounts = Number(process.argv[2] ?? 100_000);
const what = process.argv[3] ?? 'map';
const sets = process.argv.slice(4);
const loaded = loadScenario('scenarios/thin-pool-shock.yaml', sets);
const scenario = loaded.scenario;
// A synthetic book: collateral log-normal around 10 ETH, health factors 1.02–2.5 at LT 0.825 and ETH 2000.
let state = 12345;
const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const collateral = new Float64Array(accounts);
const debt = new Float64Array(accounts);
const names: string[] = [];
for (let i = 0; i < accounts; i++) {
  collateral[i] = 10 * Math.exp(1.2 * (rand() + rand() + rand() - 1.5));
  const hf = 1.02 + 1.48 * rand();
  debt[i] = (collateral[i] * 2000 * 0.825) / hf;
  names.push(`0x${(i * 2654435761).toString(16).padStart(40, '0')}`);
}
const book: LiveBookView = {
  scenario,
  sequence: 1,
  protocolIds: () => ['lend'],
  price: (a) => (a === 'ETH' ? 2000 : 1),
  gasGwei: () => 20,
  depth: (v) => (v === 'cex' ? { depthUsdPer1Pct: 2e6 } : { liquidityUsd: 4e6 }),
  rows: () => ({ account: names, collateral, debt }),
  setThreshold: () => undefined,
  summary: () => {
    let d = 0;
    let c = 0;
    for (let i = 0; i < accounts; i++) {
      d += debt[i];
      c += collateral[i] * 2000;
    }
    const p: LiveProtocolSummary = {
      id: 'lend',
      collateral: 'ETH',
      debt: 'USDC',
      price: 2000,
      accounts,
      debtUsd: d,
      collateralUsd: c,
      unsafeAccounts: 0,
      unsafeDebtUsd: 0,
      liquidationThreshold: 0.825,
      liquidationBonus: 0.05,
    };
    return { sequence: 1, prices: { ETH: 2000, USDC: 1 }, gasGwei: 20, protocols: [p] };
  },
};
const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-measure-'));
const cpu0 = process.cpuUsage();
let t = performance.now();
const live = await liveScenario(book, { baseDir: loaded.dir, booksDir: path.join(root, 'books') });
const cpu = process.cpuUsage(cpu0);
console.log(
  `live-state scenario, ${accounts} accounts: ${(performance.now() - t).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; sha256 ${live.books[0].sha256.slice(0, 12)}`,
);
const history = await AnswerHistory.open(':memory:');
const runner = new OraclePool();
const context = {
  book,
  hub: { publish: () => undefined },
  history,
  baseDir: loaded.dir,
  booksDir: path.join(root, 'books'),
  runner,
};
// The event loop's longest pause while the oracle works (ingest would wait that long).
let maxGap = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last - 10);
  last = now;
}, 10);
const gap = () => {
  const g = maxGap;
  maxGap = 0;
  return `${g.toFixed(0)} ms`;
};
if (what === 'map' || what.startsWith('stress')) {
  t = performance.now();
  const map = await cascadeMapAt(context, 'lend');
  console.log(
    `cascade map on the oracle thread (thread start, book read, 50 shocks): ${(performance.now() - t).toFixed(0)} ms, longest event-loop pause ${gap()}; critical shock ${map.criticalShock}, first liquidation ${map.firstLiquidationPrice}`,
  );
  t = performance.now();
  await cascadeMapAt(context, 'lend');
  console.log(
    `cascade map again (book cached): ${(performance.now() - t).toFixed(0)} ms, longest event-loop pause ${gap()}`,
  );
}
if (what.startsWith('stress')) {
  const paths = Number(what.split(':')[1] ?? 1000);
  const stress = new StressRunner(context, { workers: 2 });
  gap();
  t = performance.now();
  const id = stress.start({ paths, seed: 1 });
  const progress = setInterval(() => {
    const now = stress.status(id);
    console.log(
      `  ${((performance.now() - t) / 1000).toFixed(0)} s: ${now?.done ?? 0}/${paths} paths, longest event-loop pause so far ${maxGap.toFixed(0)} ms`,
    );
  }, 60_000);
  const status = await stress.wait(id);
  clearInterval(progress);
  console.log(
    `stress ${paths} paths: ${(performance.now() - t).toFixed(0)} ms wall; status ${status?.status}; longest event-loop pause ${gap()}`,
  );
  console.log(JSON.stringify(status?.result ?? status?.error));
  await stress.close();
}
clearInterval(timer);
await runner.close();
await history.close();
rmSync(root, { recursive: true, force: true });
