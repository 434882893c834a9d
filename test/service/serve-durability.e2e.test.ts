// End to end: kill -9 while a client streams batches loses no acknowledged update; SIGTERM shuts down with exit 0
// and a restart restores the same book.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { getJson, postNdjson, startServer, tempDir, writeConfig } from './serve-process.js';

const BATCH = 500;

/** Batch k opens accounts k-0 … k-499 (1 ETH, 1000 USDC each), one update per account. */
function batch(k: number): unknown[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    type: 'position',
    op: 'open',
    account: `${k}-${i}`,
    collateral: 1,
    debt: 1000,
  }));
}

describe('cascade serve durability', () => {
  it('after kill -9 mid-stream, a restart has every acknowledged update', async () => {
    const dir = tempDir();
    const args = [writeConfig(dir), '--db', join(dir, 'live.duckdb')];
    const first = await startServer(args);
    let lastAck = 0;
    const acked: number[] = [];
    let stop = false;
    // Two clients stream batches concurrently until the server dies.
    const client = async (offset: number) => {
      for (let k = offset; !stop; k += 2) {
        try {
          const { status, body } = await postNdjson(first.url, batch(k));
          if (status !== 200) throw new Error(`status ${status}`);
          lastAck = Math.max(lastAck, body.sequence);
          acked.push(k);
        } catch {
          return;
        }
      }
    };
    const clients = [client(0), client(1)];
    while (acked.length < 8) await new Promise((done) => setTimeout(done, 10));
    first.child.kill('SIGKILL');
    stop = true;
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(clients);

    const second = await startServer(args);
    try {
      const state = (await getJson(second.url, '/v1/state')).body;
      expect(state.sequence).toBeGreaterThanOrEqual(lastAck);
      // Every update is an open of a distinct account: the restored book has exactly one account per update.
      expect(state.protocols[0].accounts).toBe(state.sequence);
      for (const k of acked) {
        for (const i of [0, BATCH - 1]) {
          const account = await getJson(second.url, `/v1/accounts/lend/${k}-${i}`);
          expect(account.status, `account ${k}-${i} of acknowledged batch ${k}`).toBe(200);
        }
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);

  it('SIGTERM exits 0 after a checkpoint; a restart restores the same summary', async () => {
    const dir = tempDir();
    const args = [writeConfig(dir), '--db', join(dir, 'live.duckdb')];
    const first = await startServer(args);
    await postNdjson(first.url, batch(0));
    await postNdjson(first.url, [
      { type: 'price', asset: 'ETH', price: 1500 },
      { type: 'position', op: 'change', account: '0-7', debt: 1300 },
      { type: 'position', op: 'close', account: '0-8' },
      { type: 'gas', gwei: 42 },
    ]);
    const before = (await getJson(first.url, '/v1/state')).body;
    expect(before.sequence).toBe(BATCH + 4);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startServer(args);
    try {
      expect((await getJson(second.url, '/v1/state')).body).toEqual(before);
      // 0-7: 1 ETH at 1500, debt 1300 → health 1500·0.825/1300 = 0.9519…, unsafe.
      const account = (await getJson(second.url, '/v1/accounts/lend/0-7')).body;
      expect(account.unsafe).toBe(true);
      expect(account.healthFactor).toBeCloseTo((1500 * 0.825) / 1300, 12);
      expect((await getJson(second.url, '/v1/accounts/lend/0-8')).status).toBe(404);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 60_000);
});
