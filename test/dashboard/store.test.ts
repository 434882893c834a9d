// The dashboard's reducer and number formatting (pure, no browser).
import { describe, expect, it } from 'vitest';
import type { Alert, BookSummary, DensityMap, Recommendation } from '../../dashboard/src/api.js';
import { clock, compact, count, price, usd } from '../../dashboard/src/format.js';
import { MAX_SNAPSHOTS, initialState, reduce, type DashboardState } from '../../dashboard/src/store.js';

const protocol = (id: string) => ({
  id,
  collateral: 'ETH',
  debt: 'USDC',
  price: 2000,
  accounts: 1,
  debtUsd: 1,
  collateralUsd: 2,
  unsafeAccounts: 0,
  unsafeDebtUsd: 0,
  unsafeCollateralUsd: 0,
  liquidationThreshold: 0.8,
  liquidationBonus: 0.05,
});
const summary = (sequence: number, ids = ['lend', 'lend2']): BookSummary => ({
  sequence,
  prices: { ETH: 2000 },
  gasGwei: 20,
  protocols: ids.map(protocol),
});
const density = (id: string, price: number): DensityMap => ({ protocol: id, price, unsafeDebtUsd: 0, buckets: [] });
const alert = (time: number): Alert => ({
  time,
  kind: 'unsafe-debt',
  protocol: 'lend',
  message: 'm',
  value: 2,
  threshold: 1,
});
const recommendation = (id: string, time: number): Recommendation => ({
  id,
  time,
  sequence: 1,
  hash: 'h',
  trigger: 'manual',
  parameters: [],
  evidence: [],
});

describe('reduce', () => {
  it('shows the first protocol until another is chosen, and keeps the choice across pushes', () => {
    let state = reduce(initialState(), { type: 'summary', summary: summary(1) });
    expect(state.protocol).toBe('lend');
    state = reduce(state, { type: 'protocol', protocol: 'lend2' });
    state = reduce(state, { type: 'summary', summary: summary(2) });
    expect(state.protocol).toBe('lend2');
    // The chosen protocol gone from the book: back to the first.
    state = reduce(state, { type: 'summary', summary: summary(3, ['lend']) });
    expect(state.protocol).toBe('lend');
  });

  it('appends density snapshots of the shown protocol only, and drops them when the protocol changes', () => {
    let state: DashboardState = reduce(initialState(), { type: 'summary', summary: summary(1) });
    state = reduce(state, { type: 'density', density: density('lend', 2000), time: 10, sequence: 1 });
    state = reduce(state, { type: 'density', density: density('lend2', 1000), time: 11, sequence: 1 });
    state = reduce(state, { type: 'density', density: density('lend', 1900), time: 12, sequence: 2 });
    expect(state.density.map((s) => [s.time, s.price, s.sequence])).toEqual([
      [10, 2000, 1],
      [12, 1900, 2],
    ]);
    state = reduce(state, { type: 'protocol', protocol: 'lend2' });
    expect(state.density).toEqual([]);
  });

  it(`keeps the latest ${MAX_SNAPSHOTS} density snapshots`, () => {
    let state = reduce(initialState(), { type: 'summary', summary: summary(1) });
    for (let t = 0; t < MAX_SNAPSHOTS + 5; t++) {
      state = reduce(state, { type: 'density', density: density('lend', 2000), time: t, sequence: t });
    }
    expect(state.density.length).toBe(MAX_SNAPSHOTS);
    expect(state.density[0].time).toBe(5);
  });

  it('lists alerts and recommendations newest first, a pushed one on top, a re-pushed one once', () => {
    let state = reduce(initialState(), { type: 'alerts', alerts: [alert(1), alert(3), alert(2)] });
    state = reduce(state, { type: 'alert', alert: alert(4) });
    expect(state.alerts.map((a) => a.time)).toEqual([4, 3, 2, 1]);
    state = reduce(state, {
      type: 'recommendations',
      recommendations: [recommendation('r1', 1), recommendation('r2', 2)],
    });
    state = reduce(state, { type: 'recommendation', recommendation: recommendation('r3', 3) });
    state = reduce(state, { type: 'recommendation', recommendation: recommendation('r1', 1) });
    expect(state.recommendations.map((r) => r.id)).toEqual(['r1', 'r3', 'r2']);
  });

  it('opens the details of the selected recommendation only', () => {
    let state = reduce(initialState(), { type: 'select', id: 'r2' });
    state = reduce(state, { type: 'detail', recommendation: recommendation('r1', 1) });
    expect(state.detail).toBeNull();
    state = reduce(state, { type: 'detail', recommendation: recommendation('r2', 2) });
    expect(state.detail?.id).toBe('r2');
  });

  it('does not let a push about another stress test replace the running one', () => {
    let state = reduce(initialState(), { type: 'stress', stress: { id: 's2', status: 'running', paths: 10, done: 0 } });
    state = reduce(state, { type: 'stress', stress: { id: 's1', status: 'done', paths: 5, done: 5 } });
    expect(state.stress?.id).toBe('s2');
    state = reduce(state, { type: 'stress', stress: { id: 's2', status: 'done', paths: 10, done: 10 } });
    expect(state.stress?.status).toBe('done');
  });
});

describe('format', () => {
  it('prints exact amounts like the reports and missing ones as a dash', () => {
    expect(usd(1234.5)).toBe('1,234.50');
    expect(usd(null)).toBe('–');
    expect(usd(Number.NaN)).toBe('–');
    expect(count(12345)).toBe('12,345');
    expect(price(1850.456)).toBe('1,850.46');
    expect(price(0.99987)).toBe('0.9999');
  });

  it('prints compact axis labels with at most 3 significant digits', () => {
    expect(compact(1234567)).toBe('1.23M');
    expect(compact(950)).toBe('950');
    expect(compact(-25_000)).toBe('-25k');
    expect(compact(0)).toBe('0');
  });

  it('prints times in UTC', () => {
    expect(clock(Date.UTC(2026, 11, 7, 5, 4, 3))).toBe('05:04:03');
  });
});
