import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import { LiveBook } from '../book/live-book.js';
import { UpdateError, parseUpdates } from '../book/messages.js';
import { UpdateLog } from '../book/wal.js';
import { IngestQueue } from './ingest-queue.js';

const scenario = loadScenario('scenarios/thin-pool-shock.yaml', ['protocols.0.borrowers.count=50']).scenario;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-queue-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('parses a request while the one before it is written, and keeps their order and checks', async () => {
  const book = LiveBook.fromScenario(scenario);
  const log = await UpdateLog.open(join(dir, 'live.duckdb'));
  const applied: number[] = [];
  const queue = new IngestQueue(book, log, (_updates, ack) => applied.push(ack.sequence));
  const start = book.sequence;
  // Submitted together: the second changes an account the first opens, the third closes one nobody opened.
  const first = queue.submit((b) =>
    parseUpdates([{ type: 'position', op: 'open', account: 'x', collateral: 2, debt: 1000 }], b),
  );
  const second = queue.submit((b) => parseUpdates([{ type: 'position', op: 'change', account: 'x', debt: 1500 }], b));
  const third = queue
    .submit((b) => parseUpdates([{ type: 'position', op: 'close', account: 'nobody' }], b))
    .catch((error: unknown) => error);
  const fourth = queue.submit((b) => parseUpdates([{ type: 'position', op: 'close', account: 'x' }], b));
  expect(await first).toEqual({ accepted: 1, sequence: start + 1 });
  expect(await second).toEqual({ accepted: 1, sequence: start + 2 });
  expect(await third).toBeInstanceOf(UpdateError);
  expect(await fourth).toEqual({ accepted: 1, sequence: start + 3 });
  await queue.drain();
  expect(applied).toEqual([start + 1, start + 2, start + 3]);
  expect(book.hasAccount('lend', 'x')).toBe(false);
  // The log holds the three accepted updates: a fresh book restored from it ends in the same place.
  await log.close();
  const restored = LiveBook.fromScenario(scenario);
  const reopened = await UpdateLog.open(join(dir, 'live.duckdb'));
  expect(await reopened.restore(restored)).toBe(3);
  expect(restored.summary()).toEqual(book.summary());
  await reopened.close();
});
