import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerHistory, canonicalJson, contentHash } from './service-history.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cascade-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 0 }], u: undefined })).toBe('{"a":[2,{"c":0,"d":1}],"b":1}');
  });
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/finite/);
  });
  it('hashes the canonical text with SHA-256', () => {
    const expected = createHash('sha256').update('{"a":1,"b":2}').digest('hex');
    expect(contentHash({ b: 2, a: 1 })).toBe(expected);
  });
});

describe('AnswerHistory', () => {
  it('stores answers and recommendations, lists newest first by kind and reads them back after a reopen', async () => {
    const file = path.join(root, 'h.duckdb');
    const history = await AnswerHistory.open(file);
    const map = await history.record({
      kind: 'map',
      time: 1000,
      sequence: 5,
      payload: { z: 1, a: 2 },
      summary: { n: 1 },
    });
    const stress = await history.record({ kind: 'stress', time: 2000, sequence: 6, payload: [1, 2] });
    const rec = await history.record({
      kind: 'recommendation',
      time: 3000,
      sequence: 7,
      payload: { p: 0.8 },
      inputs: { seed: 1 },
    });
    expect([map.id, stress.id, rec.id]).toEqual(['map-1', 'stress-2', 'recommendation-3']);
    expect(map.hash).toBe(createHash('sha256').update('{"a":2,"z":1}').digest('hex'));
    expect((await history.list()).map((l) => l.id)).toEqual(['recommendation-3', 'stress-2', 'map-1']);
    expect((await history.list({ kind: 'map' })).map((l) => l.id)).toEqual(['map-1']);
    expect((await history.list({ limit: 1 })).map((l) => l.id)).toEqual(['recommendation-3']);
    await history.close();

    const reopened = await AnswerHistory.open(file);
    const got = await reopened.get('recommendation-3');
    expect(got).toMatchObject({
      kind: 'recommendation',
      time: 3000,
      sequence: 7,
      payload: { p: 0.8 },
      inputs: { seed: 1 },
    });
    expect((await reopened.get('map-1'))?.summary).toEqual({ n: 1 });
    expect(await reopened.get('nope')).toBeNull();
    const next = await reopened.record({ kind: 'map', time: 4000, sequence: 8, payload: {} });
    expect(next.id).toBe('map-4');
    expect((await reopened.recommendations(5)).map((r) => r.id)).toEqual(['recommendation-3']);
    await reopened.close();
  });

  it('names the file when it cannot be opened', async () => {
    await expect(AnswerHistory.openExisting(path.join(root, 'missing.duckdb'))).rejects.toThrow(/missing\.duckdb/);
  });
});
