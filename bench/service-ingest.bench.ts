// `npx tsx bench/service-ingest.bench.ts` (after `npm run build`): ingest speed of `cascade serve` on a
// 1,000,000-account book. The server runs as a child process from the build (dist/cli/main.js, as `npx cascade serve`
// runs it; from source, tsx's loader threads would add compilation a user's server does not do) on loopback with a
// fresh write-ahead log; a client in this process posts NDJSON batches of BATCH position changes, IN_FLIGHT requests at
// a time, for SECONDS: the sustained rate of acknowledged (durable, applied) updates. Meanwhile a probe changes one
// other account every 50 ms and polls GET /v1/accounts until the new liquidation price shows: p50/p99 of
// update-to-visible. Then the same while a 1,000-path stress test runs (POST /v1/stress, on the book merged to 10,000
// accounts: the first SECONDS from the request, then SECONDS once paths are finishing), then the stress test's own time
// (waited for up to CASCADE_BENCH_STRESS_WAIT seconds, default 900). Last, in process: price ticks of three sizes on a
// 1M-account LiveBook until the unsafe set and the density map reflect them. Speed is reported, never asserted.
// CASCADE_BENCH_ACCOUNTS and CASCADE_BENCH_SECONDS change the size and the duration; CASCADE_BENCH_ONLY=ticks runs only
// the in-process price ticks, CASCADE_BENCH_ONLY=ingest only the ingest (no stress test, no ticks),
// CASCADE_BENCH_ONLY=server the server parts (no ticks). CASCADE_BENCH_SCENARIO names the served scenario in scenarios/
// (default thin-pool-shock.yaml, whose scripted shock makes every stress path the same run; thin-pool-random-shock.yaml
// draws each path's drop). CASCADE_BENCH_NICE sets the oracle's `nice` (the CPU priority of the stress test's threads;
// CASCADE_BENCH_WORKERS its `workers` (path threads);
// default: the config's default, 10).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/scenario/load.js';
import { LiveBook } from '../src/service/book/live-book.js';

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? 1_000_000);
const SECONDS = Number(process.env.CASCADE_BENCH_SECONDS ?? 10);
const BATCH = 10_000;
const IN_FLIGHT = 4;
/** Untimed price ticks before each tick measurement. */
const WARM_TICKS = 50;
/** Longest wait for the 1,000-path stress test, seconds. */
const STRESS_WAIT = Number(process.env.CASCADE_BENCH_STRESS_WAIT ?? 900);
/** Accounts b0 … b(LOADED−1) take the load; the probe changes accounts above. */
const LOADED = Math.floor(ACCOUNTS * 0.9);

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenarioFile = path.join(root, 'scenarios', process.env.CASCADE_BENCH_SCENARIO ?? 'thin-pool-shock.yaml');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-serve-bench-'));
const configFile = path.join(dir, 'service.yaml');
// Checkpoints off during the measurement (a checkpoint of 1M accounts is measured on its own at shutdown), and the
// risk oracle's schedule and triggers off (its Monte Carlo runs would take the cores the ingest is measured on).
writeFileSync(
  configFile,
  `service:\n  scenario: ${scenarioFile}\n  checkpointEvery: 1000000000\n  oracle: { everySeconds: 0, triggers: {}${
    (process.env.CASCADE_BENCH_NICE === undefined ? '' : `, nice: ${Number(process.env.CASCADE_BENCH_NICE)}`) +
    (process.env.CASCADE_BENCH_WORKERS === undefined ? '' : `, workers: ${Number(process.env.CASCADE_BENCH_WORKERS)}`)
  } }\n`,
);

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const builtCli = path.join(root, 'dist', 'cli', 'main.js');
if (process.env.CASCADE_BENCH_ONLY !== 'ticks' && !existsSync(builtCli)) {
  console.error(`${builtCli} is missing: run npm run build first`);
  process.exit(1);
}

/** Starts the server; resolves with its URL and the child. */
async function startServer() {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      // CASCADE_BENCH_PROFILE_DIR: write a CPU profile of the server there (on its graceful exit).
      ...(process.env.CASCADE_BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CASCADE_BENCH_PROFILE_DIR}`]
        : []),
      builtCli,
      'serve',
      configFile,
      '--set',
      `protocols.0.borrowers.count=${ACCOUNTS}`,
      '--db',
      path.join(dir, 'live.duckdb'),
      '--port',
      '0',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) done(match[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { url, child, startSeconds: (performance.now() - started) / 1000 };
}

/** Request bodies: BATCH changes each of accounts in [0, LOADED), collateral varied so each line is a real change. */
function bodies(count: number): string[] {
  const out: string[] = [];
  let account = 0;
  for (let r = 0; r < count; r++) {
    const lines: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      lines.push(
        `{"type":"position","op":"change","protocol":"lend","account":"b${account}","collateral":${1 + ((r * BATCH + i) % 97) / 10}}`,
      );
      account = (account + 7919) % LOADED;
    }
    out.push(lines.join('\n') + '\n');
  }
  return out;
}

/** CPU seconds (user + system) the server process has used so far, from /proc (Linux; NaN elsewhere). */
function serverCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks of 1/100 s; [1] is field 3.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds and nice value of each thread of the server, by thread id, from /proc (Linux; empty elsewhere). */
function threadCpu(pid: number | undefined): Map<string, { cpu: number; nice: number }> {
  const threads = new Map<string, { cpu: number; nice: number }>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime (fields 14, 15) in ticks of 1/100 s, nice (field 19); [1] is field 3.
      threads.set(tid, { cpu: (Number(fields[11]) + Number(fields[12])) / 100, nice: Number(fields[16]) });
    }
  } catch {
    // A thread that ended between the listing and its read: the rest are kept.
  }
  return threads;
}

/** CPU seconds over a window by kind of thread: the event loop's, other threads at nice 0 (V8's and libuv's helpers,
 * DuckDB's), and niced threads (the oracle's and the stress test's paths). Threads that ended in the window are
 * missing. */
function cpuByKind(pid: number | undefined, before: ReturnType<typeof threadCpu>) {
  const split = { eventLoop: 0, otherNice0: 0, niced: 0 };
  for (const [tid, now] of threadCpu(pid)) {
    const used = now.cpu - (before.get(tid)?.cpu ?? 0);
    if (tid === String(pid)) split.eventLoop += used;
    else if (now.nice === 0) split.otherNice0 += used;
    else split.niced += used;
  }
  return split;
}

/** Posts batches for `seconds` with IN_FLIGHT requests at a time; returns updates acknowledged per second. */
async function load(url: string, prepared: string[], seconds: number) {
  let acked = 0;
  let requests = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async (offset: number) => {
    for (let k = offset; performance.now() < end; k += IN_FLIGHT) {
      const response = await fetch(`${url}/v1/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: prepared[k % prepared.length],
      });
      const body = (await response.json()) as { accepted?: number };
      if (response.status !== 200) throw new Error(`status ${response.status}: ${JSON.stringify(body)}`);
      acked += body.accepted ?? 0;
      requests += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, k) => worker(k)));
  const elapsed = (performance.now() - started) / 1000;
  return { rate: acked / elapsed, acked, requests, elapsed };
}

/** Every 50 ms until `stop`: change one probe account's debt, poll until its liquidation price shows; latencies ms. */
/** Probes so far, over every measurement: each sets a debt no earlier probe set, so each is a real change. */
let probes = 0;

async function probe(url: string, stop: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop()) {
    const k = probes++;
    const account = `b${LOADED + (k % (ACCOUNTS - LOADED))}`;
    const before = (await (await fetch(`${url}/v1/accounts/lend/${account}`)).json()) as { liquidationPrice: number };
    const debt = 100 + k;
    const sent = performance.now();
    const posted = await fetch(`${url}/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: JSON.stringify({ type: 'position', op: 'change', protocol: 'lend', account, debt }) + '\n',
    });
    if (posted.status !== 200) throw new Error(`probe refused: ${posted.status} ${await posted.text()}`);
    // Poll: the status is visible once the liquidation price differs from the one read before.
    for (;;) {
      const now = (await (await fetch(`${url}/v1/accounts/lend/${account}`)).json()) as { liquidationPrice: number };
      if (now.liquidationPrice !== before.liquidationPrice) break;
    }
    latencies.push(performance.now() - sent);
    await new Promise((done) => setTimeout(done, 50));
  }
  return latencies.sort((a, b) => a - b);
}

/** Load and probe together; also the server's CPU time over the load, per update acknowledged. */
async function measure(url: string, prepared: string[], seconds: number, pid: number | undefined) {
  let done = false;
  const cpu0 = serverCpuSeconds(pid);
  const threads0 = threadCpu(pid);
  const probing = probe(url, () => done);
  const result = await load(url, prepared, seconds);
  const cpuPerUpdate = ((serverCpuSeconds(pid) - cpu0) / result.acked) * 1e6;
  const threads = cpuByKind(pid, threads0);
  done = true;
  const latencies = await probing;
  return {
    ...result,
    cpuPerUpdate,
    threads,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    probes: latencies.length,
  };
}

function report(label: string, r: Awaited<ReturnType<typeof measure>>) {
  console.log(
    `${label}: ${Math.round(r.rate).toLocaleString('en-US')} updates/s (${r.acked.toLocaleString('en-US')} in ${r.requests} requests of ${BATCH}, ${r.elapsed.toFixed(1)} s); update→visible p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.probes} probes); server CPU ${r.cpuPerUpdate.toFixed(2)} µs per update (${Math.round(1e6 / r.cpuPerUpdate).toLocaleString('en-US')}/s of server CPU); server CPU s by thread: event loop ${r.threads.eventLoop.toFixed(2)}, other nice-0 threads ${r.threads.otherNice0.toFixed(2)}, niced threads ${r.threads.niced.toFixed(2)}; load average ${os.loadavg()[0].toFixed(1)}`,
  );
}

/**
 * In process: price ticks on a LiveBook of ACCOUNTS accounts, each followed by unsafe(100) and density(): `step` is
 * the largest move of one tick as a fraction (each tick moves by a deterministic pseudo-random fraction of it, up or
 * down, around 2000 within ±10%).
 */
function priceTicks(book: LiveBook, step: number) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const parts = { apply: [] as number[], unsafe: [] as number[], density: [] as number[] };
  let price = 2000;
  // The first WARM_TICKS are not timed: the tick code is then compiled (a long-running server's steady state).
  for (let k = -WARM_TICKS; k < 400; k++) {
    const move = step * (((((k + 1000) * 37) % 100) / 100) * 2 - 1);
    price = Math.min(2200, Math.max(1800, price * (1 + move)));
    const cpu = process.cpuUsage();
    const started = performance.now();
    book.apply([{ type: 'price', asset: 'ETH', price }]);
    const applied = performance.now();
    const unsafe = book.unsafe('lend', 100);
    const listed = performance.now();
    const density = book.density('lend');
    const mapped = performance.now();
    if (unsafe.price !== price || density.price !== price) throw new Error('tick not reflected');
    if (k < 0) continue;
    times.push(mapped - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    parts.apply.push(applied - started);
    parts.unsafe.push(listed - applied);
    parts.density.push(mapped - listed);
  }
  const median = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  const p99 = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.99,
    );
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    cpuP50: quantile(cpuTimes, 0.5),
    cpuP99: quantile(cpuTimes, 0.99),
    ticks: times.length,
    parts: `apply ${median(parts.apply).toFixed(2)} (p99 ${p99(parts.apply).toFixed(2)}), unsafe ${median(parts.unsafe).toFixed(2)} (p99 ${p99(parts.unsafe).toFixed(2)}), density ${median(parts.density).toFixed(2)} (p99 ${p99(parts.density).toFixed(2)}) ms`,
  };
}

function tickReport(): void {
  const { scenario } = loadScenario(scenarioFile, [`protocols.0.borrowers.count=${ACCOUNTS}`]);
  const book = LiveBook.fromScenario(scenario, { baseDir: path.dirname(scenarioFile) });
  for (const step of [0.001, 0.01, 0.08]) {
    const ticks = priceTicks(book, step);
    console.log(
      `price tick (moves up to ${step * 100}%) → unsafe set and density map, in process, ${ticks.ticks} ticks after ${WARM_TICKS} untimed: wall p50 ${ticks.p50.toFixed(2)} ms, p99 ${ticks.p99.toFixed(2)} ms; CPU p50 ${ticks.cpuP50.toFixed(2)} ms, p99 ${ticks.cpuP99.toFixed(2)} ms (wall medians and p99: ${ticks.parts}; load average ${os.loadavg()[0].toFixed(1)})`,
    );
  }
}

if (process.env.CASCADE_BENCH_ONLY === 'ticks') {
  tickReport();
  process.exit(0);
}

console.log(`cascade serve ingest bench: ${ACCOUNTS.toLocaleString('en-US')} accounts, ${os.cpus().length} cores`);
const { url, child, startSeconds } = await startServer();
console.log(`server up in ${startSeconds.toFixed(1)} s at ${url}`);
const prepared = bodies(40);
await load(url, prepared, 2); // warm-up
report('ingest', await measure(url, prepared, SECONDS, child.pid));

const ingestOnly = process.env.CASCADE_BENCH_ONLY === 'ingest';
const stressCpu0 = serverCpuSeconds(child.pid);
const stress = ingestOnly
  ? undefined
  : await fetch(`${url}/v1/stress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: 1000, seed: 1 }),
    });
if (stress === undefined) console.log('stress test: skipped (CASCADE_BENCH_ONLY=ingest)');
else if (stress.status === 202) {
  const { id } = (await stress.json()) as { id: string };
  const started = performance.now();
  const during = await measure(url, prepared, SECONDS, child.pid);
  type Status = { status: string; done?: number; distinctPaths?: number; sampling?: unknown; error?: string };
  const read = async () => (await (await fetch(`${url}/v1/stress/${id}`)).json()) as Status;
  const after = await read();
  report(
    `ingest during a 1,000-path stress test (stress ${after.status} at the end, ${after.done ?? 0} paths done)`,
    during,
  );
  // Then, once paths are finishing (the start above holds the book's merge and the threads' start), the steady state.
  let status = after;
  while (status.status === 'running' && (status.done ?? 0) === 0 && performance.now() - started < STRESS_WAIT * 1000) {
    await new Promise((done) => setTimeout(done, 500));
    status = await read();
  }
  if (status.status === 'running') {
    const steady = await measure(url, prepared, SECONDS, child.pid);
    status = await read();
    report(`ingest while the stress test's paths run (${status.done ?? 0} paths done at the end)`, steady);
  }
  // Then wait (up to STRESS_WAIT seconds) for the stress test to finish: its time from the request.
  while (status.status === 'running' && performance.now() - started < STRESS_WAIT * 1000) {
    await new Promise((done) => setTimeout(done, 500));
    status = await read();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const cpu = serverCpuSeconds(child.pid) - stressCpu0;
  console.log(
    `stress test of 1,000 paths: ${status.status} after ${seconds} s, ${status.done ?? 0} paths done (${String(status.distinctPaths ?? 'all')} simulated); server CPU from the request on (ingest included) ${cpu.toFixed(1)} s; sampling ${JSON.stringify(status.sampling ?? 'none')}${status.error ? `; error: ${status.error}` : ''}; load average ${os.loadavg()[0].toFixed(1)}`,
  );
} else console.log(`stress test: not measured (POST /v1/stress answered ${stress.status})`);

const stopping = performance.now();
child.kill('SIGTERM');
const code = await new Promise<number | null>((done) => child.on('exit', done));
console.log(
  `graceful shutdown with a checkpoint of the book: ${((performance.now() - stopping) / 1000).toFixed(1)} s, exit ${code}`,
);

if (!ingestOnly && process.env.CASCADE_BENCH_ONLY !== 'server') tickReport();
