// `npx tsx bench/service-book.bench.ts`: the live book in process (no HTTP), on a 1,000,000-account book built from
// thin-pool-shock. (a) parse + validate + apply rate of NDJSON position updates (and, apart, with the write-ahead log:
// append + fdatasync per batch to a temporary file); (b) price-tick latency until the unsafe set and the totals
// reflect it, p50/p99, against a naive full scan of every account in the same process, and the time of the
// liquidation-density map (from the histogram, and by a scan of every account). Speed is reported, never asserted.
// CASCADE_BENCH_ACCOUNTS changes the size.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { RandomStream } from '../src/kernel/random.js';
import { LiveBook } from '../src/service/book/live-book.js';
import { parseNdjson } from '../src/service/book/messages.js';
import { UpdateLog } from '../src/service/book/wal.js';
import { ingest } from '../src/service/book/ingest.js';
import type { ProtocolBook } from '../src/service/book/protocol-book.js';
import { densityBucketsByScan } from '../src/service/book/book-queries.js';

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? 1_000_000);
const BATCH = 10_000;
const BATCHES = 100;
const TICKS = 500;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x: number) => `${x.toFixed(3)} ms`;
const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en-US')}/s`;

function build(): LiveBook {
  const { scenario } = loadScenario('scenarios/thin-pool-shock.yaml', [`protocols.0.borrowers.count=${ACCOUNTS}`]);
  const started = performance.now();
  const book = LiveBook.fromScenario(scenario);
  console.log(`book of ${ACCOUNTS.toLocaleString('en-US')} accounts built in ${ms(performance.now() - started)}`);
  return book;
}

/** NDJSON batches of position updates: mostly changes of existing accounts, some opens and closes of new ones. */
function batches(rng: RandomStream): string[] {
  const texts: string[] = [];
  let fresh = 0;
  const openNew: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const lines: string[] = [];
    for (let k = 0; k < BATCH; k++) {
      const r = rng.uniform();
      const account = `b${Math.floor(rng.uniform() * ACCOUNTS)}`;
      if (r < 0.05) {
        const name = `n${fresh++}`;
        openNew.push(fresh - 1);
        lines.push(
          `{"type":"position","op":"open","account":"${name}","collateral":${(1 + 20 * rng.uniform()).toFixed(6)},"debt":${(1000 + 20000 * rng.uniform()).toFixed(2)}}`,
        );
      } else if (r < 0.07 && openNew.length > 0) {
        lines.push(`{"type":"position","op":"close","account":"n${openNew.shift()}"}`);
      } else if (r < 0.5) {
        lines.push(
          `{"type":"position","op":"change","account":"${account}","debt":${(1000 + 20000 * rng.uniform()).toFixed(2)}}`,
        );
      } else {
        lines.push(
          `{"type":"position","op":"change","account":"${account}","collateral":${(1 + 20 * rng.uniform()).toFixed(6)}}`,
        );
      }
    }
    texts.push(lines.join('\n'));
  }
  return texts;
}

function ingestRate(book: LiveBook, texts: string[]): void {
  let parseMs = 0;
  let applyMs = 0;
  const cpu0 = now().cpu;
  for (const text of texts) {
    const t0 = performance.now();
    const updates = parseNdjson(text, book);
    const t1 = performance.now();
    book.apply(updates);
    applyMs += performance.now() - t1;
    parseMs += t1 - t0;
  }
  const n = texts.length * BATCH;
  const cpuSeconds = (now().cpu - cpu0) / 1000;
  console.log(
    `(a) parse+validate+apply: ${rate(n, (parseMs + applyMs) / 1000)} ` +
      `(parse+validate ${rate(n, parseMs / 1000)}, apply ${rate(n, applyMs / 1000)}; ${n.toLocaleString('en-US')} updates in batches of ${BATCH})`,
  );
  console.log(
    `    CPU time of this process: ${cpuSeconds.toFixed(2)} s, ${((cpuSeconds * 1e6) / n).toFixed(2)} µs per update (${rate(n, cpuSeconds)} of CPU)`,
  );
}

async function ingestWithLogRate(book: LiveBook, texts: string[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-book-bench-'));
  const log = await UpdateLog.open(path.join(dir, 'live.duckdb'));
  // The log's sequence starts where the book is; a fresh log at 0 is fine since the bench never restores.
  const started = performance.now();
  for (const text of texts) await ingest(book, log, parseNdjson(text, book));
  const seconds = (performance.now() - started) / 1000;
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `    with the write-ahead log (append + fdatasync per batch, tmpfs/disk of ${os.tmpdir()}): ${rate(texts.length * BATCH, seconds)}`,
  );
}

/** Wall and CPU time now, ms. */
function now(): { wall: number; cpu: number } {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

/** Durations, wall and CPU, with their p50 and p99. */
class Samples {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];
  add(from: { wall: number; cpu: number }, to: { wall: number; cpu: number }): void {
    this.wall.push(to.wall - from.wall);
    this.cpu.push(to.cpu - from.cpu);
  }
  q(list: number[], p: number): number {
    return quantile(
      [...list].sort((a, b) => a - b),
      p,
    );
  }
  text(): string {
    const [w, c] = [this.wall, this.cpu];
    return `${ms(this.q(w, 0.5))} / ${ms(this.q(w, 0.99))} (CPU ${ms(this.q(c, 0.5))} / ${ms(this.q(c, 0.99))})`;
  }
  ratio(other: Samples): string {
    const r = (p: number) => (this.q(this.wall, p) / other.q(other.wall, p)).toFixed(0);
    return `p50 ${r(0.5)}×, p99 ${r(0.99)}× (wall)`;
  }
}

/** The unsafe set and its totals by scanning every account: the baseline a tick is compared with. */
function naiveTick(store: ProtocolBook, ratio: number, into: Int32Array) {
  const { collateral, debt, liquidation } = store;
  const lt = store.liquidationThreshold;
  let count = 0;
  let unsafeDebt = 0;
  let unsafeCollateral = 0;
  for (let slot = 0; slot < store.slots; slot++) {
    const d = debt[slot];
    if (liquidation[slot] < 0 || !(d > 0)) continue; // free slot, no debt
    const c = collateral[slot];
    if (d / (c * lt) > ratio) {
      into[count++] = slot;
      unsafeDebt += d;
      unsafeCollateral += c;
    }
  }
  return { count, unsafeDebt, unsafeCollateral };
}

function ticks(book: LiveBook, rng: RandomStream): void {
  const store = book.protocolBook('lend');
  const prices: number[] = [];
  let price = 2000;
  // A random walk of 0.2% steps, then a crash of 20 steps of −1% and a recovery of 20 steps of +1%.
  for (let k = 0; k < TICKS; k++) prices.push((price *= Math.exp(0.002 * rng.normal())));
  for (let k = 0; k < 20; k++) prices.push((price *= 0.99));
  for (let k = 0; k < 20; k++) prices.push((price *= 1.01));
  const incremental = new Samples();
  const naive = new Samples();
  const density = new Samples();
  const densityScan = new Samples();
  const both = new Samples();
  const scratch = new Int32Array(store.collateral.length);
  let maxCrossed = 0;
  let mismatches = 0;
  for (const p of prices) {
    const before = store.totals().unsafeAccounts;
    const t0 = now();
    book.apply([{ type: 'price', asset: 'ETH', price: p }]);
    const summary = book.summary().protocols[0];
    const t1 = now();
    book.density('lend');
    const t2 = now();
    const scan = naiveTick(store, p, scratch);
    const t3 = now();
    densityBucketsByScan(store, { price: p, debtPrice: 1, liquidationThreshold: store.liquidationThreshold }, 50, 50);
    densityScan.add(t3, now());
    incremental.add(t0, t1);
    density.add(t1, t2);
    both.add(t0, t2);
    naive.add(t2, t3);
    maxCrossed = Math.max(maxCrossed, Math.abs(summary.unsafeAccounts - before));
    if (scan.count !== summary.unsafeAccounts) mismatches++;
  }
  console.log(
    `(b) price tick (${prices.length} ticks; most accounts crossing in one tick: ${maxCrossed}; unsafe at the end: ${store.totals().unsafeAccounts})`,
  );
  console.log('    figures: wall p50 / p99 (CPU time of this process p50 / p99)');
  console.log(`    incremental, until unsafe set + totals reflect it: ${incremental.text()}`);
  console.log(`    naive full scan of every account:                  ${naive.text()}`);
  console.log(`    ratio naive / incremental:                         ${naive.ratio(incremental)}`);
  console.log(`    density map (50 buckets over 50%), histogram:      ${density.text()}`);
  console.log(`    density map by a scan of every account:            ${densityScan.text()}`);
  console.log(`    ratio scan / histogram:                            ${densityScan.ratio(density)}`);
  console.log(`    tick + density map:                                ${both.text()}`);
  console.log(`    unsafe count disagreements with the full scan: ${mismatches}`);
}

const rng = new RandomStream(18, 'bench:service-book');
const book = build();
const texts = batches(rng);
ingestRate(book, texts);
const second = build();
await ingestWithLogRate(second, texts);
ticks(book, rng);
const t0 = performance.now();
book.healthDistribution('lend');
console.log(`    health distribution: ${ms(performance.now() - t0)}`);
