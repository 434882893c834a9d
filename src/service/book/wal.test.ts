import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import { LiveBook } from './live-book.js';
import { UpdateError, parseNdjson, parseUpdates } from './messages.js';
import { UpdateLog } from './wal.js';
import { ingest } from './ingest.js';

const scenario = loadScenario('scenarios/thin-pool-shock.yaml', ['protocols.0.borrowers.count=200']).scenario;
const fresh = () => LiveBook.fromScenario(scenario);

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cascade-wal-'));
  db = join(dir, 'live.duckdb');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A request of position and price updates, the same for the same `k`. */
function request(book: LiveBook, k: number) {
  return parseUpdates(
    [
      { type: 'position', op: 'open', account: `n${k}`, collateral: 1 + k, debt: 1000 * (k + 1) },
      { type: 'position', op: 'change', account: `b${k}`, debt: 5000 },
      { type: 'price', asset: 'ETH', price: 2000 - 10 * k },
      { type: 'position', op: 'close', account: `b${k + 100}` },
    ],
    book,
  );
}

/** Everything a restored book must match: summary (sequence included) and every account. */
const stateOf = (book: LiveBook) =>
  JSON.stringify({ summary: book.summary(), rows: book.rows('lend') }, (_, v) =>
    v instanceof Float64Array ? Array.from(v) : v,
  );

describe('update log', () => {
  it('logs a request of canonical NDJSON lines as its own text, and restores the same book from it', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    // Each line is already JSON.stringify of its update (protocol given, keys in order, numbers as String writes them).
    const canonical =
      '{"type":"position","op":"change","protocol":"lend","account":"b1","debt":250.25}\n' +
      '{"type":"position","op":"open","protocol":"lend","account":"n1","collateral":2,"debt":100}\n' +
      '{"type":"position","op":"close","protocol":"lend","account":"b2"}';
    // Not canonical: no protocol, a trailing zero. Its log lines are the canonical JSON of each update.
    const other = '{"type":"position","op":"change","account":"b3","collateral":1.50}\n';
    expect(await ingest(book, log, parseNdjson(canonical, book))).toEqual({ accepted: 3, sequence: 3 });
    expect(await ingest(book, log, parseNdjson(other, book))).toEqual({ accepted: 1, sequence: 4 });
    await log.close();
    const text = await readFile(`${db}.log.ndjson`, 'utf8');
    expect(text.split('\n').slice(1)).toEqual([
      ...canonical.split('\n'),
      '{"type":"position","op":"change","protocol":"lend","account":"b3","collateral":1.5}',
      '',
    ]);
    const again = fresh();
    const reopened = await UpdateLog.open(db);
    expect(await reopened.restore(again)).toBe(4);
    expect(stateOf(again)).toBe(stateOf(book));
    await reopened.close();
  });

  it('restores the same book and sequence from the log alone', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    expect(await log.restore(book)).toBe(0);
    for (let k = 0; k < 5; k++) {
      const ack = await ingest(book, log, request(book, k));
      expect(ack).toEqual({ accepted: 4, sequence: 4 * (k + 1) });
    }
    await log.close();
    const again = fresh();
    const reopened = await UpdateLog.open(db);
    expect(await reopened.restore(again)).toBe(20);
    expect(stateOf(again)).toBe(stateOf(book));
    expect(again.sequence).toBe(20);
    await reopened.close();
  });

  it('restores from a checkpoint plus the log after it, and rotates the log', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    for (let k = 0; k < 3; k++) await ingest(book, log, request(book, k));
    await log.checkpoint(book);
    expect((await readFile(`${db}.log.ndjson`, 'utf8')).trim()).toBe('{"log":"cascade-live-log","start":12}');
    for (let k = 3; k < 6; k++) await ingest(book, log, request(book, k));
    await log.close();
    const again = fresh();
    const reopened = await UpdateLog.open(db);
    expect(await reopened.restore(again)).toBe(12);
    expect(stateOf(again)).toBe(stateOf(book));
    await reopened.close();
  });

  it('skips the updates a checkpoint already holds when the crash came before the log was rotated', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    for (let k = 0; k < 3; k++) await ingest(book, log, request(book, k));
    await copyFile(`${db}.log.ndjson`, join(dir, 'old-log'));
    await log.checkpoint(book);
    await log.close();
    // The checkpoint is at 12; the old log (start 0, 12 updates) is back as if rotation never happened.
    await copyFile(join(dir, 'old-log'), `${db}.log.ndjson`);
    const again = fresh();
    const reopened = await UpdateLog.open(db);
    expect(await reopened.restore(again)).toBe(0);
    expect(stateOf(again)).toBe(stateOf(book));
    await reopened.close();
  });

  it('ignores and truncates a torn last line', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    await ingest(book, log, request(book, 0));
    await log.close();
    const whole = await readFile(`${db}.log.ndjson`, 'utf8');
    await appendFile(`${db}.log.ndjson`, '{"type":"price","asset":"ETH","pri');
    const again = fresh();
    const reopened = await UpdateLog.open(db);
    expect(reopened.tornBytes).toBe(34);
    expect(await readFile(`${db}.log.ndjson`, 'utf8')).toBe(whole);
    expect(await reopened.restore(again)).toBe(4);
    expect(stateOf(again)).toBe(stateOf(book));
    // Appends continue on a clean line.
    expect(await ingest(again, reopened, request(again, 1))).toEqual({ accepted: 4, sequence: 8 });
    await reopened.close();
    const third = fresh();
    const last = await UpdateLog.open(db);
    expect(await last.restore(third)).toBe(8);
    expect(stateOf(third)).toBe(stateOf(again));
    await last.close();
  });

  it('refuses a corrupt complete line, naming file and line', async () => {
    await writeFile(`${db}.log.ndjson`, '{"log":"cascade-live-log","start":0}\n{"type":"gas","gwei":1}\nnot json\n');
    const log = await UpdateLog.open(db);
    await expect(log.restore(fresh())).rejects.toThrow(/live\.duckdb\.log\.ndjson:3: corrupt log line/);
    await log.close();
  });

  it('group-commits concurrent requests, applies them in order, and rechecks accounts against requests in flight', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    const openX = parseUpdates([{ type: 'position', op: 'open', account: 'x', collateral: 1, debt: 1 }], book);
    const closeX = parseUpdates([{ type: 'position', op: 'close', account: 'b1' }], book);
    const first = ingest(book, log, openX);
    const second = ingest(book, log, closeX);
    // Parsed before `first` applied, this second open of x is refused by ingest, and nothing of it is logged.
    await expect(ingest(book, log, openX)).rejects.toThrow(UpdateError);
    expect(await first).toEqual({ accepted: 1, sequence: 1 });
    expect(await second).toEqual({ accepted: 1, sequence: 2 });
    expect(book.hasAccount('lend', 'x')).toBe(true);
    expect(book.hasAccount('lend', 'b1')).toBe(false);
    await log.close();
    const lines = (await readFile(`${db}.log.ndjson`, 'utf8')).trim().split('\n');
    expect(lines.slice(1)).toEqual([
      '{"type":"position","op":"open","protocol":"lend","account":"x","collateral":1,"debt":1}',
      '{"type":"position","op":"close","protocol":"lend","account":"b1"}',
    ]);
  });

  it('rechecks a request parsed before the book last changed', async () => {
    const book = fresh();
    const log = await UpdateLog.open(db);
    await log.restore(book);
    const openY = () => parseUpdates([{ type: 'position', op: 'open', account: 'y', collateral: 1, debt: 1 }], book);
    const [first, second] = [openY(), openY()];
    expect(await ingest(book, log, first)).toEqual({ accepted: 1, sequence: 1 });
    await expect(ingest(book, log, second)).rejects.toThrow(/line 1: account: already open in lend/);
    expect(book.sequence).toBe(1);
    await log.close();
  });

  it('gives the same book for the same updates (determinism)', () => {
    const a = fresh();
    const b = fresh();
    for (let k = 0; k < 5; k++) {
      a.apply(request(a, k));
      b.apply(request(b, k));
    }
    expect(stateOf(a)).toBe(stateOf(b));
  });
});
