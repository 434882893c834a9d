import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { AnswerHistory } from '../../store/service-history.js';
import { cascadeMapAt, mapAnswer } from './cascade-map-at.js';
import type { CascadeMap } from '../../analysis/cascade-map/types.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-map-at-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mapAnswer', () => {
  it('takes the first level with accounts, the smallest critical shock and the accounts at each final price', () => {
    const level = (price: number, drop: number, accounts: number) =>
      ({ price, drop, accounts }) as CascadeMap['levels'][number];
    const shock = (s: number, lowestPrice: number, critical: boolean) =>
      ({
        shock: s,
        lowestPrice,
        multiplier: 1,
        soldUsd: 10,
        liquidations: 2,
        critical,
      }) as CascadeMap['shocks'][number];
    const map = {
      initialPrice: 100,
      levels: [level(100, 0, 0), level(95, 0.05, 0), level(90, 0.1, 3), level(85, 0.15, 7)],
      shocks: [shock(0.05, 96, false), shock(0.1, 88, true), shock(0.2, 70, true)],
    } as unknown as CascadeMap;
    const answer = mapAnswer(map);
    expect(answer.firstLiquidationPrice).toBe(90);
    expect(answer.criticalShock).toBe(0.1);
    // 96 is above every level with accounts: 0; 88 is below 90 (3 accounts) but above 85; 70 is below 85 (7).
    expect(answer.shocks.map((s) => s.accounts)).toEqual([0, 3, 7]);
  });
});

describe('cascadeMapAt', () => {
  it('maps the live book, stores the answer and publishes it', async () => {
    const { scenario, dir } = smallScenario(200);
    const book = new FakeBook(scenario, dir);
    const history = await AnswerHistory.open(':memory:');
    const events: { kind: string; data: unknown }[] = [];
    const context = {
      book,
      hub: { publish: (kind: string, data: unknown) => void events.push({ kind, data }) },
      history,
      baseDir: dir,
      booksDir: path.join(root, 'books'),
      now: () => 5000,
    };
    const map = await cascadeMapAt(context, 'lend');
    expect(map.protocol).toBe('lend');
    expect(map.price).toBeCloseTo(2000, 6);
    expect(map.shocks).toHaveLength(50);
    expect(map.firstLiquidationPrice).not.toBeNull();
    // Healthy book (health factors ≥ 1.02): the first liquidation lies below the price.
    expect(map.firstLiquidationPrice!).toBeLessThan(2000);
    const stored = await history.get(map.id);
    expect(stored?.kind).toBe('cascade-map');
    expect(stored?.hash).toBe(map.hash);
    expect(events).toEqual([{ kind: 'answer', data: { kind: 'cascade-map', id: map.id, protocol: 'lend' } }]);
    // A price fall on the live book moves the map's price.
    book.prices.ETH = 1900;
    book.sequence = 1;
    const lower = await cascadeMapAt(context, 'lend');
    expect(lower.price).toBeCloseTo(1900, 6);
    await expect(cascadeMapAt(context, 'nope')).rejects.toThrow(/allowed: lend/);
    await history.close();
  });
});
