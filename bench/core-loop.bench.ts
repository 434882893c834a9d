// `npm run bench`: the default shock at 10k, 100k and 1M borrowers over 7,200 blocks, with the
// trigger-price index and with the naive scan of every account every block, in one run.
// Each case runs in a fresh process (peak memory per case). Speed is reported, never asserted.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

interface CaseResult {
  borrowers: number;
  scan: 'index' | 'naive';
  blocks: number;
  seconds: number;
  peakRssMb: number;
  liquidations: number;
  metricsDigest: string;
}

const BLOCKS = 7200;
const sizes = (process.env.CASCADE_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const casePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'core-loop-case.ts');

function runCase(borrowers: number, scan: 'index' | 'naive'): CaseResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', casePath, String(borrowers), scan, String(BLOCKS)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(output.trim().split('\n').pop() as string) as CaseResult;
}

const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: string[][] = [
  [
    'borrowers',
    'scan',
    'seconds',
    'blocks/s',
    'account-blocks/s',
    'peak RSS MB',
    'liquidations',
    'speed-up vs naive',
    'same metrics',
  ],
];
for (const borrowers of sizes) {
  const index = runCase(borrowers, 'index');
  const naive = runCase(borrowers, 'naive');
  for (const c of [index, naive]) {
    rows.push([
      format(c.borrowers),
      c.scan,
      format(c.seconds, 2),
      format(c.blocks / c.seconds),
      format((c.blocks * c.borrowers) / c.seconds),
      format(c.peakRssMb),
      format(c.liquidations),
      c.scan === 'index' ? `${format(naive.seconds / index.seconds, 1)}×` : '1.0×',
      c.scan === 'index' ? String(index.metricsDigest === naive.metricsDigest) : '',
    ]);
  }
}
const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
for (const row of rows) console.log(row.map((cell, col) => cell.padStart(widths[col])).join('  '));
console.log(
  `\n${BLOCKS} blocks of 12 s per case; market depth, liquidity and capital scale with the borrower count (bench/scaled-scenario.ts).`,
);
