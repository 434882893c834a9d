// `npm run bench`: the default shock at 10k, 100k and 1M borrowers over 7,200 blocks, with the
// trigger-price index and with the naive scan of every account every block, in one run. Then the crash case: the
// same shock on 1M borrowers with the market left at its shipped depth (22.5% of the book liquidated), and the
// half-book crash: a 40% fall on the scaled market that liquidates about half of the 1M accounts
// (bench/scaled-scenario.ts), each timed per liquidation. Each case runs in a fresh process (peak memory per case).
// Speed is reported, never asserted.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

interface CaseResult {
  borrowers: number;
  scan: 'index' | 'naive';
  blocks: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  liquidations: number;
  accountsLiquidated: number;
  metricsDigest: string;
}

const BLOCKS = 7200;
/** The crash case runs the shipped scenario's length: 3 hours, the shock in its first 40 minutes. */
const CRASH_BLOCKS = 900;
const sizes = (process.env.CASCADE_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const crashSizes = (process.env.CASCADE_CRASH_SIZES ?? '1000000').split(',').filter(Boolean).map(Number);
const halfBookSizes = (process.env.CASCADE_HALF_BOOK_SIZES ?? '1000000').split(',').filter(Boolean).map(Number);
const casePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'core-loop-case.ts');

function runCase(borrowers: number, scan: 'index' | 'naive', shape = 'scaled', blocks = BLOCKS): CaseResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', casePath, String(borrowers), scan, String(blocks), shape],
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
    'CPU s',
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
      format(c.cpuSeconds, 2),
      format(c.blocks / c.seconds),
      format((c.blocks * c.borrowers) / c.seconds),
      format(c.peakRssMb),
      format(c.liquidations),
      c.scan === 'index' ? `${format(naive.seconds / index.seconds, 1)}×` : '1.0×',
      c.scan === 'index' ? String(index.metricsDigest === naive.metricsDigest) : '',
    ]);
  }
}
const print = (table: string[][]) => {
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  for (const row of table) console.log(row.map((cell, col) => cell.padStart(widths[col])).join('  '));
};
print(rows);
console.log(
  `\n${BLOCKS} blocks of 12 s per case; market depth, liquidity and capital scale with the borrower count (bench/scaled-scenario.ts).`,
);

/** Runs a crash-shaped case at each size and prints its per-liquidation table under `title`. */
function crashTable(shape: 'crash' | 'half-book', sizesOfShape: number[], title: string, sizesVariable: string): void {
  if (sizesOfShape.length === 0) return;
  const crash = [
    [
      'borrowers',
      'seconds',
      'CPU s',
      'liquidations',
      'accounts liquidated',
      'share of book',
      'µs per liquidation',
      'CPU µs per liquidation',
    ],
  ];
  for (const borrowers of sizesOfShape) {
    const c = runCase(borrowers, 'index', shape, CRASH_BLOCKS);
    crash.push([
      format(c.borrowers),
      format(c.seconds, 2),
      format(c.cpuSeconds, 2),
      format(c.liquidations),
      format(c.accountsLiquidated),
      `${format((100 * c.accountsLiquidated) / c.borrowers, 1)}%`,
      format((1e6 * c.seconds) / c.liquidations, 1),
      format((1e6 * c.cpuSeconds) / c.liquidations, 1),
    ]);
  }
  console.log(`\n${title}`);
  print(crash);
  console.log(
    `${CRASH_BLOCKS} blocks; µs per liquidation is the whole run's wall (or CPU) time over its liquidations (profit ` +
      `search, sale, attribution, recording and the rest of the run). ${sizesVariable} changes the sizes (empty: none).`,
  );
}

crashTable(
  'crash',
  crashSizes,
  'Crash case: the default shock with the market at its shipped depth (bench/scaled-scenario.ts).',
  'CASCADE_CRASH_SIZES',
);
crashTable(
  'half-book',
  halfBookSizes,
  'Half-book crash: a 40% fall with depth scaled to the book, liquidating about half of it (bench/scaled-scenario.ts).',
  'CASCADE_HALF_BOOK_SIZES',
);
