// `cascade replay-recommendation` on a stored recommendation: the same inputs replay to the same hash (exit 0); an
// edited input gives another result (exit 1, the differing fields listed). The asset is excluded from the steward,
// so no Monte Carlo runs and the test stays fast.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { replayRecommendationCommand } from '../../src/cli/replay-recommendation.js';
import { oracleConfig } from '../../src/service/oracle/config-schema.js';
import { RiskOracleService } from '../../src/service/oracle/risk-oracle-service.js';
import { AnswerHistory } from '../../src/store/service-history.js';
import { FakeBook, smallScenario } from './fake-book.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-replay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cascade replay-recommendation', () => {
  it('matches a stored recommendation and names the fields of one whose inputs were edited', async () => {
    const { scenario, dir } = smallScenario(40);
    const book = new FakeBook(scenario, dir);
    const db = path.join(root, 'replay.duckdb');
    const history = await AnswerHistory.open(db);
    const context = {
      book,
      hub: { publish: () => undefined },
      history,
      baseDir: dir,
      booksDir: path.join(root, 'books'),
      now: () => 1_700_000_000_000,
    };
    const oracle = new RiskOracleService(context, oracleConfig.parse({ steward: { excluded: ['ETH'] } }));
    const id = oracle.run('manual');
    expect((await oracle.wait(id))?.status).toBe('done');
    const rec = (await oracle.get(id))!;
    expect(rec.parameters.map((p) => p.limitedBy)).toEqual(['excluded', 'excluded', 'excluded']);
    expect(rec.evidence[0].frontier).toBeNull();
    await oracle.close();
    await history.close();

    let out = '';
    expect(await replayRecommendationCommand(id, db, (t) => void (out += t))).toBe(0);
    expect(out).toContain('the result and its hash match');

    // Double the recorded depth: the depth-based debt cap target doubles on replay.
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    const [row] = (
      await connection.runAndReadAll('SELECT inputs FROM service_recommendations WHERE id = $1', [id])
    ).getRowObjectsJS();
    const inputs = JSON.parse(String(row.inputs)) as { protocols: { depthUsdPer1Pct: number }[] };
    inputs.protocols[0].depthUsdPer1Pct *= 2;
    await connection.run('UPDATE service_recommendations SET inputs = $1 WHERE id = $2', [JSON.stringify(inputs), id]);
    connection.closeSync();
    instance.closeSync();

    out = '';
    expect(await replayRecommendationCommand(id, db, (t) => void (out += t))).toBe(1);
    const cap = rec.parameters[1];
    expect(out).toContain(`the result differs`);
    expect(out).toContain(`parameters.1.target: ${cap.target} → ${cap.target * 2}`);
  }, 60_000);
});
