import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { AnswerHistory } from '../../store/service-history.js';
import { StressRunner } from './stress.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-stress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('StressRunner', () => {
  it('runs Monte Carlo on the live book without holding the event loop, stores the answer and publishes it', async () => {
    // A book file draws nothing and the shock model is fixed: every path is the same run (one is simulated for all),
    // so the mean, VaR and CVaR of bad debt coincide and P(bad debt > 0) is 0 or 1.
    const { scenario, dir } = smallScenario(100, ['blocks=300']);
    const book = new FakeBook(scenario, dir);
    book.prices.ETH = 1900;
    book.depths.pool = { liquidityUsd: 500_000 };
    const history = await AnswerHistory.open(':memory:');
    const events: { kind: string; data: unknown }[] = [];
    const context = {
      book,
      hub: { publish: (kind: string, data: unknown) => void events.push({ kind, data }) },
      history,
      baseDir: dir,
      booksDir: path.join(root, 'books'),
      now: () => 1,
    };
    const runner = new StressRunner(context, { workers: 2 });
    const id = runner.start({ paths: 8, seed: 3 });
    expect(runner.status(id)).toMatchObject({ id, status: 'running', paths: 8, seed: 3 });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const status = await runner.wait(id);
    clearInterval(timer);
    expect(status?.status).toBe('done');
    expect(status?.done).toBe(8);
    expect(status?.distinctPaths).toBe(1);
    const r = status!.result!;
    expect(r.badDebtUsd.p95).toBe(r.badDebtUsd.mean);
    expect(r.badDebtUsd.p99).toBe(r.badDebtUsd.mean);
    expect(r.badDebtUsd.cvar99).toBe(r.badDebtUsd.mean);
    expect([0, 1]).toContain(r.probabilityOfBadDebt.value);
    expect([0, 1]).toContain(r.outsideCalibration.value);
    // One run: each probability is exactly that run's, so its interval is the point (Wilson's for 8 equal draws of 0
    // would be [0, 0.32]).
    expect(r.probabilityOfBadDebt.ci95).toEqual([r.probabilityOfBadDebt.value, r.probabilityOfBadDebt.value]);
    expect(r.outsideCalibration.ci95).toEqual([r.outsideCalibration.value, r.outsideCalibration.value]);
    expect(r.badDebtUsd.ci95).toEqual([r.badDebtUsd.mean, r.badDebtUsd.mean]);
    expect(r.oracleMovePct.p99).toBeCloseTo(r.oracleMovePct.mean, 9);
    // The shock model takes ETH down 10%: the oracle falls at least about that much.
    expect(r.oracleMovePct.mean).toBeGreaterThan(9);
    expect(r.failedPaths).toBe(0);
    expect(ticks).toBeGreaterThan(0); // the event loop kept running while the paths ran
    const stored = await history.get(status!.historyId!);
    expect(stored?.kind).toBe('stress');
    expect(stored?.hash).toBe(status!.hash);
    expect(events.map((e) => e.kind)).toEqual(['stress']);
    expect(runner.status('nope')).toBeUndefined();
    await runner.close();
    await history.close();
  }, 120_000);
});
