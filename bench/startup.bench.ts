// `npx tsx bench/startup.bench.ts` (after `npm run build`): start-up of the compiled CLI as a user runs it, warm (the
// first runs are discarded): `cascade --help`, `cascade run --set blocks=1 --no-store` and the same run stored in a
// fresh DuckDB file, and the run writing its files (`--out`, which draws report.html's charts with ECharts), each run
// RUNS times as a child process, and `run --no-store` again with the code caches turned off (`CASCADE_CODE_CACHE=0`:
// what the first run after a build or an upgrade pays). Reported beside node's own start-up (`node -e 0`),
// measured in the same loop, as a ratio and an absolute figure: wall time (median, min) and the child's CPU time
// (user + system; on a busy machine wall time includes waiting for a core, CPU time does not). Also lists the
// modules each command loads (a loader hook counts the ES modules, a preloaded script the CommonJS files: `run`
// loads one, dist/cli/run-bundle.cjs). The code caches go to the bench's own temporary folder
// (`CASCADE_CACHE_DIR`), filled by the warm-up runs. Speed is reported, never asserted.
// CASCADE_CLI=path/to/main.js measures another build (e.g. an older one, for a before/after comparison).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS = Number(process.env.CASCADE_STARTUP_RUNS ?? 10);
const WARMUP = 2;
const cli =
  process.env.CASCADE_CLI ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'cascade-startup-bench-'));
const hook = path.join(dir, 'count-modules.mjs');
writeFileSync(
  hook,
  "import { register } from 'node:module';\n" +
    "register('data:text/javascript,' + encodeURIComponent(\"export async function load(u, c, n) { process.stderr.write('MODULE ' + u + '\\\\n'); return n(u, c); }\"));\n",
);
const cjsHook = path.join(dir, 'count-commonjs.cjs');
writeFileSync(
  cjsHook,
  "process.on('exit', () => { for (const file of Object.keys(require.cache)) process.stderr.write('COMMONJS ' + file + '\\n'); });\n",
);
const cacheDir = path.join(dir, 'code-cache');

/** Replaced by a fresh folder in each run of a case. */
const OUT = '<out>';

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

const cases: Case[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'cascade --help', args: [cli, '--help'] },
  { name: 'cascade run --set blocks=1 --no-store', args: [cli, 'run', '--set', 'blocks=1', '--no-store'] },
  {
    name: 'run --set blocks=1 --no-store, no cache',
    args: [cli, 'run', '--set', 'blocks=1', '--no-store'],
    env: { CASCADE_CODE_CACHE: '0' },
  },
  { name: 'cascade run --set blocks=1 (stored)', args: [cli, 'run', '--set', 'blocks=1'] },
  // Writes report.html, so it loads ECharts (through its code cache, filled by the warm-up runs).
  {
    name: 'cascade run --set blocks=1 --no-store --out',
    args: [cli, 'run', '--set', 'blocks=1', '--no-store', '--out', OUT],
  },
];

interface Sample {
  wallMs: number;
  cpuMs: number;
}

let stores = 0;

/** Wall time of one child, and its CPU time (user + system) as /usr/bin/time reports it (NaN without it). */
function timed(template: readonly string[], extraEnv: Record<string, string> = {}): Sample {
  stores += 1;
  const args = template.map((a) => (a === OUT ? path.join(dir, `out${stores}`) : a));
  const env = {
    ...process.env,
    CASCADE_PROGRESS: '0',
    CASCADE_DB: path.join(dir, `s${stores}.duckdb`),
    CASCADE_CACHE_DIR: cacheDir,
    ...extraEnv,
  };
  const withTime = existsSync('/usr/bin/time');
  const command = withTime ? '/usr/bin/time' : process.execPath;
  const argv = withTime ? ['-f', 'CPU %U %S', process.execPath, ...args] : [...args];
  const started = performance.now();
  const child = spawnSync(command, argv, { env, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const match = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr);
  return { wallMs, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : NaN };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function modulesLoaded(template: readonly string[]): { ours: number; commonJs: number; dependencies: string[] } {
  const args = template.map((a) => (a === OUT ? path.join(dir, 'modules-out') : a));
  const env = {
    ...process.env,
    CASCADE_PROGRESS: '0',
    CASCADE_DB: path.join(dir, 'modules.duckdb'),
    CASCADE_CACHE_DIR: cacheDir,
  };
  const child = spawnSync(process.execPath, ['--require', cjsHook, '--import', pathToFileURL(hook).href, ...args], {
    env,
    encoding: 'utf8',
  });
  const lines = child.stderr.split('\n');
  const urls = lines.filter((l) => l.startsWith('MODULE file:')).map((l) => fileURLToPath(l.slice(7)));
  const files = lines.filter((l) => l.startsWith('COMMONJS /')).map((l) => l.slice(9));
  const all = new Set([...urls, ...files]);
  const deps = new Set(
    [...all]
      .filter((u) => u.includes('/node_modules/'))
      .map((u) => /\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? u),
  );
  const ours = [...all].filter((u) => !u.includes('/node_modules/') && u !== cjsHook);
  return { ours: ours.length, commonJs: ours.filter((u) => u.endsWith('.cjs')).length, dependencies: [...deps].sort() };
}

try {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < WARMUP + RUNS; round++) {
    // Interleaved, so that a change in the machine's load falls on every case alike.
    for (const c of cases) {
      const sample = timed(c.args, c.env);
      if (round >= WARMUP) samples.get(c.name)?.push(sample);
    }
  }
  const baseline = samples.get(cases[0].name) ?? [];
  const baseWall = median(baseline.map((s) => s.wallMs));
  const baseCpu = median(baseline.map((s) => s.cpuMs));
  console.log(
    `CLI: ${cli}; ${RUNS} runs each after ${WARMUP} warm-up runs; load average ${os.loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `${'case'.padEnd(40)} ${'wall median'.padStart(12)} ${'wall min'.padStart(9)} ${'× node'.padStart(7)} ${'CPU median'.padStart(11)} ${'× node'.padStart(7)}`,
  );
  for (const c of cases) {
    const s = samples.get(c.name) ?? [];
    const wall = median(s.map((x) => x.wallMs));
    const cpu = median(s.map((x) => x.cpuMs));
    console.log(
      `${c.name.padEnd(40)} ${`${wall.toFixed(0)} ms`.padStart(12)} ${`${Math.min(...s.map((x) => x.wallMs)).toFixed(0)} ms`.padStart(9)} ${(wall / baseWall).toFixed(1).padStart(7)} ${`${cpu.toFixed(0)} ms`.padStart(11)} ${(cpu / baseCpu).toFixed(1).padStart(7)}`,
    );
  }
  for (const c of cases.slice(1).filter((c) => c.env === undefined)) {
    const { ours, commonJs, dependencies } = modulesLoaded(c.args);
    console.log(
      `${c.name}: ${ours} Cascade files (${commonJs} CommonJS); dependencies: ${dependencies.join(', ') || 'none'}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
