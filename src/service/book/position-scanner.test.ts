import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load.js';
import { RandomStream } from '../../kernel/random.js';
import { LiveBook } from './live-book.js';
import { PayloadTooLargeError, UpdateError, parseNdjson, parseUpdates } from './messages.js';
import { logTextOf } from './ingest-hints.js';
import { scanPosition, type ScannedPosition } from './position-scanner.js';

/** An empty thin-pool-shock book (one lending protocol `lend`, ETH/USDC) with accounts a and b open. */
const scenario = loadScenario('scenarios/thin-pool-shock.yaml').scenario;
function book(): LiveBook {
  const b = LiveBook.fromScenario(scenario, { startEmpty: true });
  b.apply(
    parseUpdates(
      [
        { type: 'position', op: 'open', account: 'a', collateral: 1, debt: 100 },
        { type: 'position', op: 'open', account: 'b', collateral: 2, debt: 0 },
      ],
      b,
    ),
  );
  return b;
}

type Outcome = { ok: true; updates: unknown[]; logText: string; bookAfter: string } | { ok: false; error: unknown };

/** What parseNdjson answers for `text`, with the scanner on or off, and the book after applying it. */
function outcome(text: string, scanner: boolean): Outcome {
  const b = book();
  try {
    const updates = parseNdjson(text, b, { scanner });
    // The log holds each update as JSON.stringify writes it, one per line, however the parse built the text.
    const logText = logTextOf(updates);
    expect(logText).toBe(updates.map((u) => `${JSON.stringify(u)}\n`).join(''));
    b.apply(updates);
    return { ok: true, updates: structuredClone(updates), logText, bookAfter: JSON.stringify(b.rows('lend')) };
  } catch (error) {
    if (error instanceof UpdateError) return { ok: false, error: error.body() };
    if (error instanceof PayloadTooLargeError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Good and bad position lines, and lines of other types; each is also tried after a good line and before one. */
const CORPUS = [
  '{"type":"position","op":"change","protocol":"lend","account":"a","collateral":1.5}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":250.25,"time":1765000000000}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","collateral":1.50}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","collateral":0.000001}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","collateral":0.0000001}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":1234567890.1234567}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":123456789012345}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":100000000000000000000}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":1e3}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":-0}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":0}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":7,"collateral":1}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","time":5,"debt":7}',
  '{"type":"position","op":"change","protocol":"lend","account":"a","debt":7 }',
  '{"type":"position","op":"open","protocol":"lend","account":"c","collateral":2,"debt":100,"time":3}',
  '{"type":"position","op":"close","protocol":"lend","account":"b"}',
  '{"type":"position","op":"change","account":"a","debt":250.25,"time":1765000000000}',
  '{ "type" : "position" , "op":"change", "account":"a", "collateral": 2 }',
  '{"op":"change","type":"position","account":"a","debt":0}',
  '{"type":"position","op":"change","asset":"ETH","account":"a","collateral":3e2}',
  '{"type":"position","op":"open","account":"c","collateral":0.1,"debt":9007199254740993}',
  '{"type":"position","op":"open","account":"c","collateral":-0,"debt":123456789.123456789}',
  '{"type":"position","op":"open","account":"c","collateral":0.000001234,"debt":1E-7}',
  '{"type":"position","op":"open","account":"c","collateral":1e400,"debt":1}',
  '{"type":"position","op":"open","account":"c","collateral":1,"debt":-1}',
  '{"type":"position","op":"open","account":"c","collateral":1}',
  '{"type":"position","op":"open","account":"a","collateral":1,"debt":1}',
  '{"type":"position","op":"close","account":"b"}',
  '{"type":"position","op":"close","account":"b","debt":1}',
  '{"type":"position","op":"close","account":"zz"}',
  '{"type":"position","op":"change","account":"zz","debt":1}',
  '{"type":"position","op":"change","account":"a"}',
  '{"type":"position","op":"change","account":"a","debt":1,"debt":2}',
  '{"type":"position","op":"change","account":"a","debt":01}',
  '{"type":"position","op":"change","account":"a","debt":1.}',
  '{"type":"position","op":"change","account":"a","debt":.5}',
  '{"type":"position","op":"change","account":"a","debt":"5"}',
  '{"type":"position","op":"change","account":"a","debt":null}',
  '{"type":"position","op":"change","account":"a","debt":true}',
  '{"type":"position","op":"change","account":"a","debt":[1]}',
  '{"type":"position","op":"change","account":"\\u0061","debt":7}',
  '{"type":"position","op":"change","account":"é","debt":7}',
  '{"type":"position","op":"change","account":"","debt":7}',
  `{"type":"position","op":"change","account":"${'x'.repeat(129)}","debt":7}`,
  '{"type":"position","op":"change","account":"a","debt":7,"extra":1}',
  '{"type":"position","op":"change","protocol":"perp","account":"a","debt":7}',
  '{"type":"position","op":"change","protocol":"lend","asset":"ETH","account":"a","debt":7}',
  '{"type":"position","op":"change","asset":"USDC","account":"a","debt":7}',
  '{"type":"position","op":"move","account":"a","debt":7}',
  '{"type":"position","account":"a","debt":7}',
  '{"type":"positions","op":"change","account":"a","debt":7}',
  '{"type":"position","op":"change","account":"a","debt":7}}',
  '{"type":"position","op":"change","account":"a","debt":7} x',
  '{"type":"position","op":"change","account":"a","debt":7,}',
  '{"type":"position","op":"change","account":"a","debt":7',
  '{"type":"gas","gwei":30}',
  '{"type":"price","asset":"ETH","price":1850.5}',
  '[1,2]',
  '',
  '   ',
];

describe('position line scanner', () => {
  it('reads numbers exactly as JSON.parse does (hand-checked values)', () => {
    const out = {} as ScannedPosition;
    const line = '{"type":"position","op":"open","account":"q","collateral":1.5e3,"debt":0.1,"time":-0}';
    expect(scanPosition(line, 0, line.length, out)).toBe(true);
    expect(out).toMatchObject({ op: 'open', account: 'q', collateral: 1500, debt: 0.1, protocol: undefined });
    expect(Object.is(out.time, -0)).toBe(true);
    // 2^53 + 1 is not a double: JSON rounds it to 2^53 (ties to even).
    const big = '{"type":"position","op":"change","account":"q","debt":9007199254740993}';
    expect(scanPosition(big, 0, big.length, out)).toBe(true);
    expect(out.debt).toBe(2 ** 53);
    // 0.1 + 0.2 written with 17 digits is the double just above 0.3.
    const digits = '{"type":"position","op":"change","account":"q","debt":0.30000000000000004}';
    expect(scanPosition(digits, 0, digits.length, out)).toBe(true);
    expect(out.debt).toBe(0.1 + 0.2);
  });

  it('tells the lines that are already their canonical text (hand-checked)', () => {
    const out = {} as ScannedPosition;
    const canonical = (line: string) => scanPosition(line, 0, line.length, out) && out.canonical;
    const head = '{"type":"position","op":"change","protocol":"lend","account":"a"';
    // String(x) writes these numbers as they are: up to 15 digits, no trailing zero, 10^-6 and above.
    for (const tail of [',"debt":0}', ',"debt":250.25}', ',"collateral":0.000001}', ',"debt":123456789012345}'])
      expect(canonical(head + tail)).toBe(true);
    expect(canonical('{"type":"position","op":"close","protocol":"lend","account":"b"}')).toBe(true);
    expect(
      canonical('{"type":"position","op":"open","protocol":"lend","account":"c","collateral":2,"debt":1,"time":3}'),
    ).toBe(true);
    // String(1.5) is "1.5", String(1e-7) is "1e-7", String(1e3) is "1000"; 16 digits may not be the shortest form.
    for (const tail of [
      ',"collateral":1.50}',
      ',"collateral":0.0000001}',
      ',"debt":1e3}',
      ',"debt":1234567890123456}',
      ',"debt":-0}',
      ',"debt":7 }',
      ',"debt":7,"collateral":1}',
      ',"time":5,"debt":7}',
    ])
      expect(canonical(head + tail)).toBe(false);
    // No protocol (the log line names the one it resolves to), or the asset instead of it.
    expect(canonical('{"type":"position","op":"close","account":"b"}')).toBe(false);
    expect(canonical('{"type":"position","op":"close","asset":"ETH","account":"b"}')).toBe(false);
    expect(canonical(' {"type":"position","op":"close","protocol":"lend","account":"b"}')).toBe(false);
  });

  it('leaves escapes, nesting, duplicate keys and other types to the full parser', () => {
    const out = {} as ScannedPosition;
    for (const line of [
      '{"type":"position","op":"change","account":"\\u0061","debt":1}',
      '{"type":"position","op":"change","account":"a","debt":1,"debt":2}',
      '{"type":"gas","gwei":30}',
      '{"type":"position","op":"change","account":"a","debt":{"x":1}}',
      // An unquoted value that ends like a known one.
      '{"type":"position","op":xchange","account":"a","debt":1}',
      '{"type":xposition","op":"change","account":"a","debt":1}',
    ])
      expect(scanPosition(line, 0, line.length, out)).toBe(false);
  });

  it.each(CORPUS.map((line) => [line]))(
    'gives the same updates, log lines and errors as the schema path: %s',
    (line) => {
      const good = '{"type":"position","op":"change","account":"a","debt":42}';
      const canonical = '{"type":"position","op":"change","protocol":"lend","account":"a","debt":42}';
      for (const text of [
        line,
        `${good}\n${line}`,
        `${line}\n${good}\n`,
        `${line}\r\n{"type":`,
        `${canonical}\n${line}`,
        `${line}\n${canonical}\n`,
        `${line}\r\n${canonical}`,
        `${canonical}\n\n${line}`,
      ]) {
        expect(outcome(text, true)).toEqual(outcome(text, false));
      }
    },
  );

  it('agrees with the schema path on 1,000 randomly damaged lines', () => {
    const rng = new RandomStream(18, 'test:position-scanner');
    const alphabet = '{}[]":,.-+eE0123456789012345678901234567890123456789 abcxyz\\';
    let refused = 0;
    for (let k = 0; k < 1000; k++) {
      let line = CORPUS[Math.floor(rng.uniform() * 8)];
      const edits = rng.uniform() < 0.7 ? 1 : 2;
      for (let e = 0; e < edits; e++) {
        // Mostly in the values at the end of the line, so some damaged lines still parse.
        const at = Math.floor(line.length * (rng.uniform() < 0.7 ? 0.7 + 0.3 * rng.uniform() : rng.uniform()));
        const c = alphabet[Math.floor(rng.uniform() * alphabet.length)];
        const kind = rng.uniform();
        line =
          kind < 0.4
            ? line.slice(0, at) + c + line.slice(at + 1)
            : kind < 0.7
              ? line.slice(0, at) + c + line.slice(at)
              : line.slice(0, at) + line.slice(at + 1);
      }
      const scanned = outcome(line, true);
      expect(scanned).toEqual(outcome(line, false));
      if (!scanned.ok) refused += 1;
    }
    // The damage must exercise both outcomes, or the comparison proves little.
    expect(refused).toBeGreaterThan(100);
    expect(1000 - refused).toBeGreaterThan(100);
  });

  it('applies a change to its account even when the slot the parse saw was reused meanwhile', () => {
    const b = book();
    const changes = parseNdjson('{"type":"position","op":"change","account":"a","debt":55}\n', b);
    // a leaves its slot, z takes it (the last freed slot is reused first), a reopens elsewhere.
    b.apply(
      parseUpdates(
        [
          { type: 'position', op: 'close', account: 'a' },
          { type: 'position', op: 'open', account: 'z', collateral: 7, debt: 7 },
          { type: 'position', op: 'open', account: 'a', collateral: 3, debt: 30 },
        ],
        b,
      ),
    );
    b.apply(changes);
    const rows = b.rows('lend');
    const at = (name: string) => rows.account.indexOf(name);
    expect([rows.collateral[at('z')], rows.debt[at('z')]]).toEqual([7, 7]);
    expect([rows.collateral[at('a')], rows.debt[at('a')]]).toEqual([3, 55]);
  });
});
