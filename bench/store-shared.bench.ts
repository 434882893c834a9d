// `npx tsx bench/store-shared.bench.ts`: cost of a shared results store (closed between calls, so readers can open
// it while a batch writes) against a held one, measured back to back in this process on fresh DuckDB files: the
// same deliveries of synthetic paths (CASCADE_BENCH_DELIVERIES × CASCADE_BENCH_PATHS paths), each one writePaths
// call, as the batch runner makes them. A shared store yields only when another process waits, so it is measured
// twice: with nobody waiting, and with a process marked as waiting all along (a `sleep` child's wait marker), which
// makes it close and reopen the file at every delivery (the worst case). Reports ms per delivery for each and the
// ratios to held. Speed is reported, never asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/index.js';
import { syntheticPlan, syntheticRecord } from '../src/store/synthetic.test-helper.js';

const DELIVERIES = Number(process.env.CASCADE_BENCH_DELIVERIES ?? 20);
const PATHS = Number(process.env.CASCADE_BENCH_PATHS ?? 256);

/** Milliseconds per delivery of writing DELIVERIES × PATHS paths into a fresh store opened held or shared. */
async function perDelivery(dir: string, shared: boolean, waiterPid?: number): Promise<number> {
  const file = path.join(dir, 'store.duckdb');
  const store = await openStore(file, { shared });
  if (waiterPid !== undefined) writeFileSync(`${file}.wait-${waiterPid}`, '');
  const plan = syntheticPlan('bench', 1, DELIVERIES * PATHS);
  await store.beginBatch(plan);
  const started = performance.now();
  for (let d = 0; d < DELIVERIES; d++) {
    const records = Array.from({ length: PATHS }, (_, i) => syntheticRecord(0, d * PATHS + i));
    await store.writePaths('bench', records);
  }
  const elapsed = performance.now() - started;
  await store.completeBatch('bench');
  await store.close();
  return elapsed / DELIVERIES;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-store-'));
const waiter = spawn('sleep', ['600'], { stdio: 'ignore' });
try {
  // Warm-up (module loading, DuckDB extension start-up), then held and shared alternately, twice each.
  await perDelivery(mkdtempSync(path.join(dir, 'w-')), false);
  const held: number[] = [];
  const shared: number[] = [];
  const yielding: number[] = [];
  for (let round = 0; round < 2; round++) {
    held.push(await perDelivery(mkdtempSync(path.join(dir, 'h-')), false));
    shared.push(await perDelivery(mkdtempSync(path.join(dir, 's-')), true));
    yielding.push(await perDelivery(mkdtempSync(path.join(dir, 'y-')), true, waiter.pid));
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`${DELIVERIES} deliveries × ${PATHS} paths, best of 2 rounds`);
  console.log(`held:   ${best(held).toFixed(1)} ms per delivery`);
  console.log(`shared: ${best(shared).toFixed(1)} ms per delivery`);
  console.log(`shared, yielding at every delivery: ${best(yielding).toFixed(1)} ms per delivery`);
  console.log(`ratio shared/held: ${(best(shared) / best(held)).toFixed(2)}`);
  console.log(`ratio yielding/held: ${(best(yielding) / best(held)).toFixed(2)}`);
} finally {
  waiter.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
