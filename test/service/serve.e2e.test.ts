// End to end: a real `cascade serve` child on an ephemeral port, driven over HTTP, WebSocket and SSE.
/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON bodies, checked field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import WebSocket from 'ws';
import { getJson, postNdjson, startServer, tempDir, writeConfig, type ServerProcess } from './serve-process.js';

// thin-pool-shock: protocol lend, ETH 2000 at block 0, liquidation threshold 0.825, debt USDC at 1.
// a: 1 ETH, 1000 USDC → health 2000·0.825/1000 = 1.65, liquidation price 1000/0.825 = 1212.12…
// b: 2 ETH, 3000 USDC → health 4000·0.825/3000 = 1.1, liquidation price 3000/1.65 = 1818.18…
const OPEN_A = { type: 'position', op: 'open', protocol: 'lend', account: 'a', collateral: 1, debt: 1000 };
const OPEN_B = { type: 'position', op: 'open', protocol: 'lend', account: 'b', collateral: 2, debt: 3000 };

let server: ServerProcess;

beforeAll(async () => {
  const dir = tempDir();
  server = await startServer([writeConfig(dir), '--db', join(dir, 'live.duckdb')]);
}, 60_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
});

/** Reads SSE events from /v1/events until `stop` returns true for one; returns them all. */
async function readEvents(url: string, stop: (kind: string, data: any) => boolean, onOpen: () => Promise<void>) {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const events: { kind: string; data: any }[] = [];
  let text = '';
  let opened = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const kind = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (kind === undefined || data === undefined) continue;
      events.push({ kind, data: JSON.parse(data) });
      if (!opened) {
        opened = true;
        await onOpen();
      }
      if (stop(kind, JSON.parse(data))) {
        controller.abort();
        return events;
      }
    }
  }
  return events;
}

describe('cascade serve', () => {
  it('ingests NDJSON and answers state, unsafe and account queries', async () => {
    const health = await getJson(server.url, '/health');
    expect(health.body).toMatchObject({ status: 'ok', sequence: 0 });
    const ack = await postNdjson(server.url, [OPEN_A, OPEN_B]);
    expect(ack).toEqual({ status: 200, body: { accepted: 2, sequence: 2 } });
    const tick = await postNdjson(server.url, [{ type: 'price', asset: 'ETH', price: 1800 }]);
    expect(tick.body).toEqual({ accepted: 1, sequence: 3 });

    const state = (await getJson(server.url, '/v1/state')).body;
    expect(state.sequence).toBe(3);
    expect(state.prices.ETH).toBe(1800);
    const lend = state.protocols.find((p: any) => p.id === 'lend');
    expect(lend.accounts).toBe(2);
    expect(lend.debtUsd).toBeCloseTo(4000, 9);
    expect(lend.unsafeAccounts).toBe(1); // only b: 1818.18 > 1800
    expect(lend.unsafeDebtUsd).toBeCloseTo(3000, 9);

    const unsafe = (await getJson(server.url, '/v1/unsafe?protocol=lend&limit=10')).body;
    expect(unsafe.accounts).toBe(1);
    expect(unsafe.top.map((t: any) => t.account)).toEqual(['b']);
    expect(unsafe.top[0].healthFactor).toBeCloseTo((2 * 1800 * 0.825) / 3000, 12); // 0.99

    const a = await getJson(server.url, '/v1/accounts/lend/a');
    expect(a.status).toBe(200);
    expect(a.body.unsafe).toBe(false);
    expect(a.body.healthFactor).toBeCloseTo((1800 * 0.825) / 1000, 12); // 1.485
    expect(a.body.liquidationPrice).toBeCloseTo(1000 / 0.825, 9);
    expect((await getJson(server.url, '/v1/accounts/lend/nobody')).status).toBe(404);

    const histogram = (await getJson(server.url, '/v1/health-distribution?protocol=lend')).body;
    const counts = histogram.buckets.map((b: any) => b.accounts);
    expect(counts.reduce((x: number, y: number) => x + y, 0)).toBe(2);
    expect(histogram.buckets[0]).toMatchObject({ healthLow: 0, healthHigh: 1, accounts: 1 }); // b at 0.99

    const density = (await getJson(server.url, '/v1/density?protocol=lend&buckets=10&rangePct=50')).body;
    expect(density.buckets).toHaveLength(10);
    // a's liquidation price 1212.12 lies in [900, 1800): its 1000 USD of debt is in one bucket; b is already unsafe.
    expect(density.buckets.reduce((s: number, b: any) => s + b.debtUsd, 0)).toBeCloseTo(1000, 9);
    expect(density.unsafeDebtUsd).toBeCloseTo(3000, 9);
  });

  it('acknowledges WebSocket frames by id and pushes state events', async () => {
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/v1/ws');
    const messages: any[] = [];
    const waitFor = (test: (m: any) => boolean) =>
      new Promise<any>((done) => {
        const check = () => {
          const found = messages.find(test);
          if (found) done(found);
          else setTimeout(check, 20);
        };
        check();
      });
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((done) => ws.once('open', done));
    const before = (await getJson(server.url, '/v1/state')).body.sequence;
    ws.send(JSON.stringify({ id: 'c1', updates: [{ type: 'position', op: 'change', account: 'a', debt: 1500 }] }));
    const ack = await waitFor((m) => m.ack === 'c1');
    expect(ack).toEqual({ ack: 'c1', accepted: 1, sequence: before + 1 });
    ws.send(JSON.stringify({ id: 'c2', updates: [{ type: 'position', op: 'change', account: 'a', debt: -5 }] }));
    const refused = await waitFor((m) => m.ack === 'c2');
    expect(refused).toMatchObject({ ack: 'c2', error: 'invalid update', line: 1, field: 'debt' });
    const pushed = await waitFor((m) => m.event === 'state' && m.data.sequence === before + 1);
    expect(pushed.data.protocols[0].debtUsd).toBeCloseTo(4500, 9); // a 1500 + b 3000
    ws.close();
  });

  it('streams Server-Sent Events: the state on connect, then a state event after an update', async () => {
    const before = (await getJson(server.url, '/v1/state')).body.sequence;
    const events = await readEvents(
      server.url,
      (kind, data) => kind === 'state' && data.sequence === before + 1,
      async () => {
        await postNdjson(server.url, [{ type: 'gas', gwei: 35 }]);
      },
    );
    expect(events[0]).toMatchObject({ kind: 'state', data: { sequence: before } });
    expect(events.at(-1)!.data.gasGwei).toBe(35);
  });

  it('serves Prometheus metrics that count accepted updates', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
      expect(match, `unparsable metrics line: ${line}`).not.toBeNull();
      samples.set(match![1], Number(match![2]));
    }
    const sequence = (await getJson(server.url, '/v1/state')).body.sequence;
    expect(samples.get('cascade_updates_accepted_total')).toBe(sequence);
    expect(samples.get('cascade_book_accounts{protocol="lend"}')).toBe(2);
    expect(samples.has('cascade_ingest_seconds_count')).toBe(true);
  });
});
