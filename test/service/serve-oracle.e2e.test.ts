// End to end: the oracle routes of a real server delegate to the oracle services and store answers in the history.
/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON bodies, checked field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getJson, postNdjson, startServer, tempDir, writeConfig, type ServerProcess } from './serve-process.js';

let server: ServerProcess;

/** The nice value (field 19 of /proc/PID/task/TID/stat) of each thread of `pid`, by thread id. */
function threadNiceValues(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    // Fields from the 3rd on follow the command name's closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    nice.set(Number(tid), Number(fields[19 - 3]));
  }
  return nice;
}

beforeAll(async () => {
  const dir = tempDir();
  // The scenario's own 10,000 borrowers, scaled down to 200 so a stress test is quick.
  server = await startServer([
    writeConfig(dir, 'startEmpty: false'),
    '--db',
    join(dir, 'live.duckdb'),
    '--set',
    'protocols.0.borrowers.count=200',
  ]);
}, 60_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});

describe('cascade serve oracle routes', () => {
  it('maps the cascade at the live state and keeps the answer in the history', async () => {
    await postNdjson(server.url, [{ type: 'price', asset: 'ETH', price: 1900 }]);
    const map = await getJson(server.url, '/v1/cascade-map?protocol=lend');
    expect(map.status).toBe(200);
    expect(map.body).toMatchObject({ protocol: 'lend', price: 1900 });
    expect(map.body.shocks.length).toBeGreaterThan(0);
    const history = await getJson(server.url, '/v1/history?kind=cascade-map&limit=5');
    expect(history.status).toBe(200);
    expect(history.body.map((h: any) => h.id)).toContain(map.body.id);
    const stored = await getJson(server.url, `/v1/history/${map.body.id}`);
    expect(stored.status).toBe(200);
    expect((await getJson(server.url, '/v1/history/nope')).status).toBe(404);
    const snapshot = await getJson(server.url, '/v1/unsafe?protocol=lend&limit=5&record=1');
    expect(snapshot.body.hash).toMatch(/^[0-9a-f]{64}$/);
    const unsafeHistory = await getJson(server.url, '/v1/history?kind=unsafe');
    expect(unsafeHistory.body.map((h: any) => h.id)).toEqual([snapshot.body.id]);
    expect((await getJson(server.url, '/v1/history?kind=nonsense')).body.field).toBe('kind');
  });

  it('runs a stress test on the worker pool and reports its result', async () => {
    const started = await fetch(`${server.url}/v1/stress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: 4, seed: 3 }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let status: any;
    do {
      await new Promise((done) => setTimeout(done, 250));
      status = (await getJson(server.url, `/v1/stress/${id}`)).body;
    } while (status.status === 'running');
    expect(status).toMatchObject({ id, status: 'done', paths: 4, done: 4 });
    expect(status.result.badDebtUsd.p99).toBeGreaterThanOrEqual(0);
    if (process.platform === 'linux') {
      // The oracle thread that ran it keeps the config's default nice value 10; the event loop's thread keeps 0.
      const nice = threadNiceValues(server.child.pid!);
      expect(nice.get(server.child.pid!)).toBe(0);
      expect([...nice.values()]).toContain(10);
    }
    const refused = await fetch(`${server.url}/v1/stress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: 0 }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { field: string }).field).toBe('paths');
  });
});

describe('cascade serve alerts', () => {
  it('an unsafe debt over the threshold raises an alert listed by GET /v1/alerts', async () => {
    // 1 ETH against 2000 USDC at 1900: liquidation price 2000/0.825 = 2424.2 > 1900, unsafe. The default alert
    // threshold is 1,000,000 USD of unsafe debt: 600 such accounts pass it.
    const opens = Array.from({ length: 600 }, (_, i) => ({
      type: 'position',
      op: 'open',
      account: `whale-${i}`,
      collateral: 1,
      debt: 2000,
    }));
    const ack = await postNdjson(server.url, opens); // 600 · 2000 = 1,200,000 USD of unsafe debt
    expect(ack.status).toBe(200);
    const alerts = await getJson(server.url, '/v1/alerts?limit=10');
    expect(alerts.status).toBe(200);
    const unsafe = alerts.body.find((a: any) => a.kind === 'unsafe-debt');
    expect(unsafe).toMatchObject({ protocol: 'lend', threshold: 1_000_000 });
    expect(unsafe.value).toBeGreaterThanOrEqual(1_200_000);
  });
});
