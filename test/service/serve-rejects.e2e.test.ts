// End to end: malformed, semantically wrong and oversized input is refused with the field named, and the book is
// unchanged; bad query parameters are 400s naming the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import WebSocket from 'ws';
import { getJson, postNdjson, startServer, tempDir, writeConfig, type ServerProcess } from './serve-process.js';

let server: ServerProcess;
let baseline: unknown;

beforeAll(async () => {
  const dir = tempDir();
  server = await startServer([writeConfig(dir), '--db', join(dir, 'live.duckdb')]);
  const ack = await postNdjson(server.url, [
    { type: 'position', op: 'open', protocol: 'lend', account: 'a', collateral: 1, debt: 1000 },
  ]);
  expect(ack.body).toEqual({ accepted: 1, sequence: 1 });
  baseline = (await getJson(server.url, '/v1/state')).body;
}, 60_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
});

async function expectUnchanged() {
  expect((await getJson(server.url, '/v1/state')).body).toEqual(baseline);
}

describe('cascade serve refuses bad input whole', () => {
  it('a negative debt on line 2: 400 naming line 2 and the field; line 1 is not applied', async () => {
    const response = await postNdjson(server.url, [
      { type: 'position', op: 'open', protocol: 'lend', account: 'new', collateral: 1, debt: 10 },
      { type: 'position', op: 'change', protocol: 'lend', account: 'a', debt: -5 },
    ]);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid update', line: 2, field: 'debt' });
    expect(response.body.reason).toMatch(/-5/);
    await expectUnchanged();
    expect((await getJson(server.url, '/v1/accounts/lend/new')).status).toBe(404);
  });

  it('a line that is not JSON, an unknown field, an unknown protocol, a change of a missing account', async () => {
    const notJson = await postNdjson(server.url, ['{"type":"gas","gwei":1}', '{"type": "gas", gwei']);
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: 'invalid update', line: 2 });
    const unknownField = await postNdjson(server.url, [{ type: 'gas', gwei: 1, colour: 'red' }]);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ line: 1, field: 'colour' });
    const unknownProtocol = await postNdjson(server.url, [
      { type: 'position', op: 'open', protocol: 'nope', account: 'x', collateral: 1, debt: 1 },
    ]);
    expect(unknownProtocol.status).toBe(400);
    expect(unknownProtocol.body).toMatchObject({ line: 1, field: 'protocol' });
    const missing = await postNdjson(server.url, [{ type: 'position', op: 'change', account: 'ghost', debt: 1 }]);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ line: 1, field: 'account' });
    const opened = await postNdjson(server.url, [
      { type: 'position', op: 'open', account: 'twice', collateral: 1, debt: 1 },
      { type: 'position', op: 'open', account: 'twice', collateral: 1, debt: 1 },
    ]);
    expect(opened.status).toBe(400);
    expect(opened.body).toMatchObject({ line: 2, field: 'account' });
    await expectUnchanged();
  });

  it('a JSON body: an array with a bad price at index 1 is refused', async () => {
    const response = await fetch(`${server.url}/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { type: 'gas', gwei: 3 },
        { type: 'price', asset: 'ETH', price: 0 },
      ]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid update', line: 2, field: 'price' });
    await expectUnchanged();
  });

  it('a body over 64 MiB is a 413 and a line over 64 KiB is a 413; nothing applied', async () => {
    const line = JSON.stringify({ type: 'gas', gwei: 7 });
    const big = (line + '\n').repeat(Math.ceil((64 * 1024 * 1024 + 10) / (line.length + 1)));
    const response = await fetch(`${server.url}/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/too large/);
    const longAccount = { type: 'position', op: 'open', account: 'x'.repeat(70_000), collateral: 1, debt: 1 };
    const long = await postNdjson(server.url, [{ type: 'gas', gwei: 7 }, longAccount]);
    expect(long.status).toBe(413);
    expect(long.body).toMatchObject({ line: 2 });
    await expectUnchanged();
  });

  it('a WebSocket frame over 16 MiB gets an error reply and changes nothing; the connection stays usable', async () => {
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/v1/ws');
    const replies: Record<string, unknown>[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((done) => ws.once('open', done));
    const update = JSON.stringify({ type: 'gas', gwei: 9 });
    const frame =
      '[' +
      Array.from({ length: Math.ceil((16 * 1024 * 1024 + 1) / (update.length + 1)) }, () => update).join(',') +
      ']';
    expect(frame.length).toBeGreaterThan(16 * 1024 * 1024);
    ws.send(frame);
    ws.send(JSON.stringify({ id: 'after', updates: [] }));
    while (replies.length < 2) await new Promise((done) => setTimeout(done, 20));
    expect(replies[0]).toMatchObject({ ack: null, error: 'too large' });
    expect(replies[1]).toEqual({ ack: 'after', accepted: 0, sequence: 1 });
    ws.close();
    await expectUnchanged();
  });

  it('bad query parameters are 400s naming the parameter', async () => {
    const limit = await getJson(server.url, '/v1/unsafe?protocol=lend&limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body).toMatchObject({ error: 'invalid parameter', field: 'limit' });
    const protocol = await getJson(server.url, '/v1/unsafe?protocol=zzz');
    expect(protocol.status).toBe(400);
    expect(protocol.body.field).toBe('protocol');
    expect(protocol.body.reason).toMatch(/lend/);
    const range = await getJson(server.url, '/v1/density?rangePct=100');
    expect(range.body).toMatchObject({ field: 'rangePct' });
    const unknownRoute = await getJson(server.url, '/v1/nothing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.error).toBe('not found');
  });
});
