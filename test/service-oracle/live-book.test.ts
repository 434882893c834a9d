// The oracle on the real live book (src/service/book/live-book.ts): updates applied through the book's own parser,
// then the live-state scenario, the cascade map and the alerts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveBook } from '../../src/service/book/live-book.js';
import { parseUpdates } from '../../src/service/book/messages.js';
import type { LiveBookView } from '../../src/service/oracle/live-state.js';
import { liveScenario } from '../../src/service/oracle/live-scenario.js';
import { createOracleServices } from '../../src/service/oracle/services.js';
import type { OracleServices } from '../../src/service/server/context.js';
import { smallScenario } from './fake-book.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-oracle-live-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the oracle on a LiveBook', () => {
  it('builds the live scenario from the book after updates, maps it, and alerts on unsafe debt', async () => {
    const { scenario, dir } = smallScenario(30, ['blocks=150']);
    const book = LiveBook.fromScenario(scenario, { baseDir: dir });
    const view: LiveBookView = book; // the oracle's view is a structural subset of LiveBook
    book.apply(
      parseUpdates(
        [
          { type: 'position', op: 'open', protocol: 'lend', account: '0xnew', collateral: 1, debt: 1900 },
          { type: 'price', asset: 'ETH', price: 1950 },
          { type: 'depth', venue: 'pool', liquidityUsd: 1_000_000 },
        ],
        book,
      ),
    );
    const live = await liveScenario(view, { baseDir: dir, booksDir: path.join(root, 'books') });
    expect(live.books[0].accounts).toBe(31);
    const text = readFileSync(live.books[0].file, 'utf8');
    expect(text).toContain('0xnew,ETH,1,0\n0xnew,USDC,0,1900\n');
    expect(live.scenario.venues.find((v) => v.id === 'pool')).toMatchObject({ liquidityUsd: 1_000_000 });
    expect(live.scenario.assets[0].price).toMatchObject({ initial: 1950 });

    const events: string[] = [];
    const services = await createOracleServices({
      book: view,
      hub: { publish: (kind) => void events.push(kind) },
      dbFile: path.join(root, 'live.duckdb'),
      baseDir: dir,
      alerts: { unsafeDebtUsd: 1000 },
      schedule: false,
    });
    const forServer: OracleServices = services; // the shape the server's routes call (typechecked)
    expect(typeof forServer.cascadeMap).toBe('function');
    // 1 ETH at 1,950 · 0.825 = 1,608.75 < 1,900 debt: 0xnew is unsafe, its debt over 1,000.
    const alerts = services.alerts.check(book);
    expect(alerts.map((a) => a.kind)).toContain('unsafe-debt');
    const map = await services.cascadeMap('lend');
    expect(map.price).toBeCloseTo(1950, 6);
    expect(map.firstLiquidationPrice).toBe(1950); // an account is already unsafe
    expect((await services.history.list({ kind: 'cascade-map', limit: 5 })).map((h) => h.id)).toEqual([map.id]);
    // A stress test through the service's worker thread (its paths on the batch runner's threads below it).
    const id = services.stress.start({ paths: 4, seed: 1 });
    const status = await services.stress.wait(id);
    expect(status).toMatchObject({ status: 'done', done: 4, paths: 4 });
    expect(status?.result?.failedPaths).toBe(0);
    expect(events).toEqual(['alert', 'answer', 'stress']);
    await services.close();
  }, 120_000);
});
