import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBook, smallScenario } from '../../../test/service-oracle/fake-book.js';
import { AnswerHistory } from '../../store/service-history.js';
import { oracleConfig } from './config-schema.js';
import { replayRecommendationCommand } from '../../cli/replay-recommendation.js';
import { differences } from './replay.js';
import { RiskOracleService } from './risk-oracle-service.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-oracle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('differences', () => {
  it('lists the paths of differing leaves with both values', () => {
    expect(differences({ a: [1, 2], b: { c: 'x' } }, { a: [1, 3], b: { c: 'x', d: true } })).toEqual([
      'a.1: 2 → 3',
      'b.d: absent → true',
    ]);
  });
});

describe('RiskOracleService', () => {
  it('recommends within the steward limits, stores the inputs, replays to the same hash, and fires on a price move', async () => {
    const { scenario, dir } = smallScenario(40, ['blocks=200']);
    const book = new FakeBook(scenario, dir);
    book.depths.pool = { liquidityUsd: 300_000 };
    const history = await AnswerHistory.open(path.join(root, 'oracle.duckdb'));
    const events: { kind: string; data: unknown }[] = [];
    let now = 1_000_000_000;
    const context = {
      book,
      hub: { publish: (kind: string, data: unknown) => void events.push({ kind, data }) },
      history,
      baseDir: dir,
      booksDir: path.join(root, 'books'),
      now: () => now,
    };
    const config = oracleConfig.parse({ everySeconds: 0, paths: 8, maxSteps: 0, badDebtTargetUsd: 1000 });
    const oracle = new RiskOracleService(context, config);
    expect(oracle.due()).toBeNull(); // no schedule, no earlier run: only utilisation could fire, and it is low
    const id = oracle.run('manual');
    expect(oracle.run('manual')).toBe(id); // at most one run at a time
    const status = await oracle.wait(id);
    expect(status).toMatchObject({ id, status: 'done' });

    const rec = (await oracle.get(id))!;
    expect(rec.trigger).toBe('manual');
    expect(rec.parameters.map((p) => p.name)).toEqual(['liquidationThreshold', 'debtCapUsd', 'circuitBreakerPct']);
    const lt = rec.parameters[0];
    expect(lt.current).toBe(0.825);
    // Steward: within 5% of the current value and inside [0.6, 0.9].
    expect(Math.abs(lt.published - lt.current)).toBeLessThanOrEqual(0.05 * 0.825 + 1e-12);
    expect(lt.published).toBeGreaterThanOrEqual(0.6);
    expect(lt.published).toBeLessThanOrEqual(0.9);
    // With no bisection step the frontier evaluates the two ends of the bounds only, each on 8 paths.
    const frontier = rec.evidence[0].frontier!;
    expect(frontier.points.map((p) => p.value)).toEqual([0.6, 0.9]);
    if (frontier.status === 'found' || frontier.status === 'all-meet') expect(lt.target).toBe(frontier.value);
    else expect(lt.target).toBe(lt.current);
    expect(rec.evidence[0].paths).toBe(8);
    expect(rec.inputs?.config.paths).toBe(8);
    expect(rec.inputs?.books[0].accounts).toBe(40);
    expect(rec.inputs?.scenarioYaml).toContain('liquidationThreshold: 0.825');
    expect(book.thresholdCalls).toEqual([]); // advisory by default
    const pushed = events.filter((e) => e.kind === 'recommendation');
    expect(pushed).toHaveLength(1);
    expect((pushed[0].data as { hash: string }).hash).toBe(rec.hash);
    expect((await oracle.list(5)).map((r) => r.id)).toEqual([id]);

    // A 6% price move since the run fires the price trigger (5%).
    book.prices.ETH = 2000 * 0.94;
    book.sequence += 1;
    now += 1000;
    const due = oracle.due();
    expect(due).not.toBeNull();
    expect(due).not.toBe('schedule');
    const fired = (due as { triggers: { kind: string; value: number; protocol: string }[] }).triggers;
    expect(fired.map((f) => [f.kind, f.protocol])).toEqual([['priceMove', 'lend']]);
    expect(fired[0].value).toBeCloseTo(6, 9); // |1880/2000 − 1| = 6%
    await oracle.close();
    await history.close();

    // Replay through the command, on the closed file: the same hash, exit code 0.
    let out = '';
    const code = await replayRecommendationCommand(id, path.join(root, 'oracle.duckdb'), (t) => void (out += t));
    expect(out).toBe(`${id}: replayed; the result and its hash match (sha256 ${rec.hash})\n`);
    expect(code).toBe(0);
  }, 180_000);
});
