import { describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { AlertWatcher, KEPT_ALERTS } from './alerts.js';
import { alertsConfig } from './config-schema.js';

function setup(sets: string[] = []) {
  const { scenario, dir } = smallScenario(20, sets);
  const book = new FakeBook(scenario, dir);
  const events: { kind: string; data: unknown }[] = [];
  let now = 0;
  const watcher = new AlertWatcher(
    alertsConfig.parse({ unsafeDebtUsd: 1000, criticalShockWithinPct: 15 }),
    { publish: (kind, data) => void events.push({ kind, data }) },
    () => now,
  );
  return { book, watcher, events, advance: (ms: number) => (now += ms) };
}

describe('AlertWatcher', () => {
  it('fires unsafe debt once on crossing, again only after it cleared', () => {
    const { book, watcher, events } = setup();
    expect(watcher.check(book)).toEqual([]);
    // One account with 2,000 USD debt against 1 ETH at 2,000 and LT 0.825: health 0.825 < 1, unsafe.
    book.books.lend = { account: ['x'], collateral: Float64Array.of(1), debt: Float64Array.of(2000) };
    const [alert] = watcher.check(book);
    expect(alert).toMatchObject({ kind: 'unsafe-debt', protocol: 'lend', value: 2000, threshold: 1000 });
    expect(watcher.check(book)).toEqual([]); // still unsafe: no repeat
    book.books.lend.debt[0] = 100;
    expect(watcher.check(book)).toEqual([]);
    book.books.lend.debt[0] = 2000;
    expect(watcher.check(book)).toHaveLength(1);
    expect(events.map((e) => e.kind)).toEqual(['alert', 'alert']);
    expect(watcher.recent(1)[0]).toEqual(events[1].data);
  });

  it('fires when the live price comes within X% of the cascade map’s critical price', () => {
    const { book, watcher } = setup();
    // Map at 2,000 with a critical shock of 25%: critical price 1,500; 15% above it is within at 1,764.7 and below.
    watcher.noteMap({ protocol: 'lend', price: 2000, criticalShock: 0.25 });
    expect(watcher.check(book)).toEqual([]); // (2000 − 1500)/2000 = 25% ≥ 15%
    book.prices.ETH = 1700; // (1700 − 1500)/1700 = 11.76%
    // (The fall also makes some generated accounts unsafe: only the map's alert is looked at here.)
    const [alert] = watcher.check(book).filter((a) => a.kind !== 'unsafe-debt');
    expect(alert.kind).toBe('critical-shock-near');
    expect(alert.value).toBeCloseTo((200 / 1700) * 100, 9);
  });

  it('fires when the price moved more than the circuit breaker within its window', () => {
    // 25 blocks of 12 s = 300 s window, pause above 5%.
    const { book, watcher, advance } = setup(['protocols.0.circuitBreakers={pauseOnOracleMovePct: 5}']);
    expect(watcher.check(book)).toEqual([]);
    advance(100_000);
    book.prices.ETH = 1880; // 6% below 2,000, seen 100 s earlier
    const breaker = () => watcher.check(book).filter((a) => a.kind === 'circuit-breaker');
    expect(breaker().map((a) => a.value.toFixed(6))).toEqual(['6.000000']);
    advance(400_000); // the earlier samples leave the 300 s window: no move, the condition clears
    book.prices.ETH = 1870;
    expect(breaker()).toEqual([]);
    book.prices.ETH = 1700; // 9.1% below 1,870 (within the window): fires again
    expect(breaker()).toHaveLength(1);
  });

  it('keeps the last 1,000 alerts', () => {
    const { book, watcher } = setup();
    for (let k = 0; k < 2 * (KEPT_ALERTS + 5); k++) {
      // Unsafe on even checks, clear on odd ones: an alert every second check.
      book.books.lend = {
        account: ['x'],
        collateral: Float64Array.of(1),
        debt: Float64Array.of(k % 2 === 0 ? 2000 : 0),
      };
      watcher.check(book);
    }
    expect(watcher.recent(5000)).toHaveLength(KEPT_ALERTS);
  });
});
