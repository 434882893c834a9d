// `npx tsx scripts/attack-tables.ts`: profitability tables of the three adversaries on the shipped scenarios
// (scenarios/flash-loan-attack.yaml, pump-and-borrow.yaml, cascade-hunt.yaml), varied with --set overrides:
// the flash loan by oracle kind and push size (TWAP rows also hold the push for one window with own capital),
// pump-and-borrow by oracle and capital, the cascade hunter by book density and short size. Prints markdown.
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/analysis/run.js';
import { shippedScenariosDir } from '../src/cli/default-scenario.js';
import type { AdversaryReport } from '../src/agents/adversaries/adversary.js';

const dir = shippedScenariosDir();
interface Outcome {
  report: AdversaryReport;
  liquidations: number;
  badDebtUsd: number;
}
function attack(file: string, sets: string[]): Outcome {
  const { scenario } = loadScenario(`${dir}/${file}`, sets);
  const result = runScenario(scenario, { baseDir: dir });
  const report = result.adversaries?.[0];
  if (!report) throw new Error(`${file}: no adversary report`);
  return { report, liquidations: result.metrics.liquidations, badDebtUsd: result.metrics.badDebtUsd };
}
const usd = (x: number) => Math.round(x).toLocaleString('en-US');
const cell = (r: Outcome) =>
  `${usd(r.report.profitUsd)} (${usd(r.report.borrowerLossUsd + r.report.protocolLossUsd)}; ${usd(r.badDebtUsd)}; ${r.liquidations})`;
const legend =
  "Profit USD (victims' loss the adversary report books: borrowers' penalties + protocols' bad debt, USD; bad debt in the whole run, USD; liquidation calls in the run).";

const pushes = [250_000, 500_000, 1_000_000, 2_000_000];
console.log('## Flash loan against a lending market, by oracle (scenarios/flash-loan-attack.yaml)\n');
console.log(
  `${legend} The flash-loan transaction trades only on the pool (atomic); if the pool's proceeds cannot repay both loans it reverts and costs its gas. ` +
    'A TWAP row with a hold keeps the pool pushed for one window with own capital (capitalUsd = push).\n',
);
console.log(`| oracle | hold blocks | ${pushes.map((p) => `push ${usd(p)}`).join(' | ')} |`);
console.log(`|---|---|${pushes.map(() => '---').join('|')}|`);
const oracles: { label: string; sets: string[]; hold: number }[] = [
  { label: 'spot (pool)', sets: [], hold: 0 },
  ...[60, 600, 1800].flatMap((w) =>
    [0, w / 12].map((hold) => ({
      label: `twap ${w} s (pool)`,
      sets: ['oracles.0.kind=twap', `oracles.0.windowSeconds=${w}`],
      hold,
    })),
  ),
  { label: 'push (off-chain market)', sets: ['oracles.0.kind=push', 'oracles.0.sources.0=cex'], hold: 0 },
];
for (const o of oracles) {
  const cells = pushes.map((push) =>
    cell(
      attack('flash-loan-attack.yaml', [
        ...o.sets,
        `adversaries.0.pushUsd=${push}`,
        `adversaries.0.holdBlocks=${o.hold}`,
        `adversaries.0.capitalUsd=${o.hold > 0 ? push : 0}`,
      ]),
    ),
  );
  console.log(`| ${o.label} | ${o.hold} | ${cells.join(' | ')} |`);
}

const capitals = [250_000, 500_000, 1_000_000, 2_000_000];
console.log('\n## Pump and borrow an illiquid collateral (scenarios/pump-and-borrow.yaml)\n');
console.log(`${legend}\n`);
console.log(`| oracle | ${capitals.map((c) => `capital ${usd(c)}`).join(' | ')} |`);
console.log(`|---|${capitals.map(() => '---').join('|')}|`);
for (const o of [
  { label: 'spot (thin pool)', sets: [] as string[] },
  { label: 'push (deep off-chain market)', sets: ['oracles.0.kind=push', 'oracles.0.sources.0=tkn-cex'] },
]) {
  console.log(
    `| ${o.label} | ${capitals.map((c) => cell(attack('pump-and-borrow.yaml', [...o.sets, `adversaries.0.capitalUsd=${c}`]))).join(' | ')} |`,
  );
}

const shorts = [250_000, 500_000, 1_000_000, 2_000_000, 4_000_000];
console.log('\n## Cascade hunter, by density of liquidation prices below the market (scenarios/cascade-hunt.yaml)\n');
console.log(`${legend} Capital = margin of 50% on what is borrowed.\n`);
console.log(`| book | ${shorts.map((s) => `short ${usd(s)}`).join(' | ')} |`);
console.log(`|---|${shorts.map(() => '---').join('|')}|`);
for (const b of [
  { label: 'dense (health 1.02–1.06)', sets: [] as string[] },
  {
    label: 'sparse (health 1.5–3)',
    sets: ['protocols.0.borrowers.healthFactor.min=1.5', 'protocols.0.borrowers.healthFactor.max=3'],
  },
]) {
  console.log(
    `| ${b.label} | ${shorts.map((s) => cell(attack('cascade-hunt.yaml', [...b.sets, `adversaries.0.shortUsd=${s}`]))).join(' | ')} |`,
  );
}
