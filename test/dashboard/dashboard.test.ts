// The live dashboard in real headless Chromium against the real `cascade serve`: load the page, push a price update
// that makes an account unsafe and see the header, the health chart and the density heatmap change, then run the
// risk oracle from the page and open the recommendation's details. The book is built by hand, so every expected
// number below is derived in the comments from the accounts' collateral and debt.
/* eslint-disable @typescript-eslint/no-explicit-any -- ECharts options and API bodies read in the browser */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, getJson, postNdjson, startServer, tempDir, type ServerProcess } from '../service/serve-process.js';

const DIST = join(ROOT, 'dist', 'dashboard', 'index.html');
/** Where the test leaves a full-page screenshot of the dashboard (look at it to check readability). */
export const SCREENSHOT = join(tmpdir(), 'cascade-dashboard.png');

/** Newest modification time (ms) of the files under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds dist/dashboard when it is missing or older than its sources (the dashboard and the shared chart style). */
function ensureDashboardBuilt(): void {
  const sources = [
    join(ROOT, 'dashboard'),
    join(ROOT, 'src', 'report', 'chart-style.ts'),
    join(ROOT, 'src', 'kernel', 'format.ts'),
  ];
  if (existsSync(DIST) && statSync(DIST).mtimeMs >= Math.max(...sources.map(newest))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'dashboard/vite.config.ts'],
    // Vitest sets NODE_ENV=test, which would make Vite bundle the libraries' development builds.
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
}

// Liquidation threshold 0.825 (scenarios/thin-pool-shock.yaml), ETH at 2000, debt in USDC at 1.
// health = collateral · price · 0.825 / debt; liquidation price = debt / (0.825 · collateral).
//   a: 1 ETH, 1500 debt  → health 1.1,    liquidation price 1818.18
//   b: 2 ETH, 2000 debt  → health 1.65,   liquidation price 1212.12
//   c: 10 ETH, 5000 debt → health 3.3,    liquidation price  606.06
//   d: 3 ETH, 4000 debt  → health 1.2375, liquidation price 1616.16
const ACCOUNTS = [
  { account: 'a', collateral: 1, debt: 1500 },
  { account: 'b', collateral: 2, debt: 2000 },
  { account: 'c', collateral: 10, debt: 5000 },
  { account: 'd', collateral: 3, debt: 4000 },
];
// Health buckets [0,1) [1,1.05) [1.05,1.1) [1.1,1.25) [1.25,1.5) [1.5,2) [2,3) [3,∞):
// at 2000: a, d in [1.1,1.25); b in [1.5,2); c in [3,∞).
const HEALTH_AT_2000 = [0, 0, 0, 2, 0, 1, 0, 1];
// At 1700: a 1700·0.825/1500 = 0.935; d 3·1700·0.825/4000 = 1.052; b 2·1700·0.825/2000 = 1.4025;
// c 10·1700·0.825/5000 = 2.805.
const HEALTH_AT_1700 = [1, 0, 1, 0, 1, 0, 1, 0];
// The density map spans 50% below the price. At 2000 ([1000, 2000]): a, b, d → 1500 + 2000 + 4000 = 7500.
// At 1700 ([850, 1700]): b, d → 6000 (a is unsafe, above the price; c at 606 is below the range).
const DENSITY_AT_2000 = 7500;
const DENSITY_AT_1700 = 6000;

let server: ServerProcess;
let browser: Browser;
let page: Page;
let dir: string;
const pageErrors: string[] = [];

/** Series `index` of the chart drawn in `[data-chart=name]`, read from its ECharts instance. */
async function seriesData(name: string, index = 0): Promise<any[]> {
  return page.evaluate(
    ([chart, i]) => {
      const w = globalThis as any;
      const el = w.document.querySelector(`[data-chart="${chart}"]`);
      const option = el === null ? undefined : w.__dashboard.getInstanceByDom(el)?.getOption();
      return option?.series?.[i]?.data ?? [];
    },
    [name, index] as const,
  );
}

/** Debt per column of the density heatmap (cells are [column, row, debt]). */
async function densityColumns(): Promise<number[]> {
  const columns: number[] = [];
  for (const [column, , debt] of await seriesData('density')) columns[column] = (columns[column] ?? 0) + debt;
  return columns;
}

/** Waits until `read` returns a value `accept`s (polling), returning it. */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const text = (testId: string) => page.locator(`[data-testid="${testId}"]`).innerText();

describe('live dashboard in headless Chromium', () => {
  beforeAll(async () => {
    ensureDashboardBuilt();
    dir = tempDir('cascade-dashboard-');
    const config = join(ROOT, 'test', 'dashboard', 'service.yaml');
    server = await startServer([config, '--db', join(dir, 'live.duckdb')]);
    const opened = await postNdjson(
      server.url,
      ACCOUNTS.map((a) => ({ type: 'position', op: 'open', protocol: 'lend', ...a })),
    );
    expect(opened).toEqual({ status: 200, body: { accepted: 4, sequence: 4 } });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('loads, connects to the event stream and draws the live book', async () => {
    await page.locator('[data-testid="connection"]', { hasText: 'live' }).waitFor();
    await page.locator('[data-testid="sequence"]', { hasText: /^4$/ }).waitFor();
    expect(await text('accounts')).toBe('4');
    expect(await text('unsafe-accounts')).toBe('0');
    expect(await page.locator('[data-chart="health"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="density"] canvas').count()).toBeGreaterThan(0);
    await until(
      () => seriesData('health'),
      (d) => d.length === 8,
      'the health chart',
    );
    expect(await seriesData('health')).toEqual(HEALTH_AT_2000);
    const columns = await until(densityColumns, (c) => c.length >= 1, 'the density heatmap');
    expect(columns[columns.length - 1]).toBeCloseTo(DENSITY_AT_2000, 6);
  });

  it('redraws the header, health and density after a pushed price update', async () => {
    const before = (await densityColumns()).length;
    const pushed = await postNdjson(server.url, [{ type: 'price', asset: 'ETH', price: 1700 }]);
    expect(pushed).toEqual({ status: 200, body: { accepted: 1, sequence: 5 } });
    // Only account a is unsafe at 1700: 1 account, 1500 USD of debt.
    await page.locator('[data-testid="unsafe-accounts"]', { hasText: /^1$/ }).waitFor();
    expect(await text('unsafe-debt')).toBe('1,500.00');
    expect(await text('sequence')).toBe('5');
    expect(await text('price-ETH')).toBe('1,700');
    await until(
      () => seriesData('health'),
      (d) => d[0] === 1,
      'the health chart to show the unsafe account',
    );
    expect(await seriesData('health')).toEqual(HEALTH_AT_1700);
    const columns = await until(densityColumns, (c) => c.length > before, 'a new density column');
    expect(columns[columns.length - 1]).toBeCloseTo(DENSITY_AT_1700, 6);
    expect(await text('density-unsafe')).toBe('1,500.00');
  });

  it('lists the unsafe-debt alert pushed after the update', async () => {
    // Unsafe debt 1500 USD (account a) is over the configured 1000 USD.
    const alert = page.locator('[data-testid="alerts"] li.alert.unsafe-debt').first();
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain('(value 1,500, threshold 1,000)');
  });

  it('recomputes the cascade map at the live price', async () => {
    await page.locator('[data-panel="cascade"] button', { hasText: 'recompute' }).click();
    // At 1700 account a (liquidation price 1818.18) is already unsafe: liquidations start at the live price.
    await page.locator('[data-panel="cascade"] .note', { hasText: 'at price 1,700' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-panel="cascade"] .note').innerText()).toContain('First liquidation at 1,700;');
    const multiplier = await until(
      () => seriesData('cascade'),
      (d) => d.length > 0,
      'the cascade map',
    );
    // x = shock in %, ascending; y = multiplier ≥ 0.
    const shocks = multiplier.map((p: number[]) => p[0]);
    expect(shocks).toEqual([...shocks].sort((a, b) => a - b));
    expect(multiplier.every((p: number[]) => p[1] >= 0)).toBe(true);
  }, 150_000);

  it('starts a stress test with N paths and draws its bad-debt statistics', async () => {
    await page.locator('[data-testid="stress-paths"]').fill('10');
    await page.locator('[data-testid="stress-start"]').click();
    await page
      .locator('[data-testid="stress-status"]', { hasText: /^done 10\/10 paths$/ })
      .waitFor({ timeout: 200_000 });
    const bars = await until(
      () => seriesData('stress'),
      (d) => d.length === 4,
      'the stress chart',
    );
    const id = (await page.locator('[data-panel="stress"] .note code').innerText()).trim();
    const answer = (await getJson(server.url, `/v1/stress/${id}`)).body;
    const b = answer.result.badDebtUsd;
    expect(answer.paths).toBe(10);
    expect(bars).toEqual([b.mean, b.p95, b.p99, b.cvar99]);
    // Quantiles of one sample are ordered, and CVaR 99% (the mean beyond p99) is at least p99.
    expect(b.p95).toBeLessThanOrEqual(b.p99);
    expect(b.p99).toBeLessThanOrEqual(b.cvar99);
    // thin-pool-shock's shock is scripted and the live book is a file: nothing is random, so the 10 paths are one run,
    // and the page says so beside the statistics.
    expect(answer.distinctPaths).toBe(1);
    expect(b.mean).toBe(b.cvar99);
    expect(await text('stress-deterministic')).toContain('the 10 paths are one run');
  }, 240_000);

  it('runs the risk oracle from the page and opens the recommendation with its evidence', async () => {
    await page.locator('[data-testid="run-oracle"]').click();
    const row = page.locator('[data-testid="recommendations"] tbody tr[data-id]').first();
    await row.waitFor({ timeout: 300_000 });
    const id = await row.getAttribute('data-id');
    await row.click();
    await page.locator('[data-testid="details-id"]', { hasText: id! }).waitFor();
    const answer = (await getJson(server.url, `/v1/recommendations/${id}`)).body;
    const hash = await text('details-hash');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(answer.hash);
    const rows = page.locator('[data-testid="details-parameters"] tbody tr');
    expect(await rows.count()).toBe(answer.parameters.length);
    expect(await rows.first().innerText()).toContain(answer.parameters[0].name);
    // The frontier search's points are drawn (met and failed series together hold every evaluated point).
    const points = answer.evidence[0].frontier.points.length;
    const drawn = (await seriesData('evidence-lend', 0)).length + (await seriesData('evidence-lend', 1)).length;
    expect(drawn).toBe(points);
  }, 320_000);

  it('leaves a screenshot and raised no page error', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
    expect((await getJson(server.url, '/health')).body.sequence).toBe(5);
    expect(await page.locator('.top-row.error').count()).toBe(0);
  });
});
