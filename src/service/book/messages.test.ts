import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load.js';
import { LiveBook } from './live-book.js';
import { MAX_LINE_BYTES, PayloadTooLargeError, UpdateError, parseNdjson, parseUpdates } from './messages.js';

const book = () => LiveBook.fromScenario(loadScenario('scenarios/thin-pool-shock.yaml').scenario, { startEmpty: true });

/** The UpdateError a parse throws, as the API would answer it. */
function errorOf(parse: () => unknown): ReturnType<UpdateError['body']> {
  try {
    parse();
  } catch (error) {
    if (error instanceof UpdateError) return error.body();
    throw error;
  }
  throw new Error('no error');
}

describe('update messages', () => {
  it('parses every message type and resolves the protocol', () => {
    const b = book();
    const updates = parseNdjson(
      [
        '{"type":"position","op":"open","protocol":"lend","account":"0xabc","collateral":2.5,"debt":3000}',
        '',
        '{"type":"position","op":"change","asset":"ETH","account":"0xabc","collateral":2.7}',
        '{"type":"position","op":"close","account":"0xabc","time":1765000000000}\r',
        '{"type":"price","asset":"ETH","price":1850.5}',
        '{"type":"depth","venue":"cex","depthUsdPer1Pct":1500000}',
        '{"type":"depth","venue":"pool","liquidityUsd":3000000}',
        '{"type":"gas","gwei":35}',
      ].join('\n'),
      b,
    );
    expect(updates[1]).toEqual({ type: 'position', op: 'change', protocol: 'lend', account: '0xabc', collateral: 2.7 });
    expect(updates[2]).toEqual({
      type: 'position',
      op: 'close',
      protocol: 'lend',
      account: '0xabc',
      time: 1765000000000,
    });
    b.apply(updates);
    expect(b.sequence).toBe(7);
    expect(b.price('ETH')).toBe(1850.5);
    expect(b.depth('cex')).toEqual({ depthUsdPer1Pct: 1_500_000 });
    expect(b.depth('pool')).toEqual({ liquidityUsd: 3_000_000 });
    expect(b.gasGwei()).toBe(35);
    expect(b.hasAccount('lend', '0xabc')).toBe(false);
  });

  it('names the line, field and reason of a bad message, and leaves the book unchanged', () => {
    const b = book();
    const before = JSON.stringify(b.summary());
    const text = [
      '{"type":"position","op":"open","account":"a","collateral":1,"debt":100}',
      '{"type":"position","op":"open","account":"b","collateral":1,"debt":-5}',
    ].join('\n');
    expect(errorOf(() => parseNdjson(text, b))).toEqual({
      error: 'invalid update',
      line: 2,
      field: 'debt',
      reason: 'must be ≥ 0, got -5',
    });
    expect(JSON.stringify(b.summary())).toBe(before);
    expect(b.sequence).toBe(0);
  });

  it.each([
    [{ type: 'trade' }, 'type', 'must be one of position, price, depth, gas, got "trade"'],
    [{ type: 'position', op: 'move', account: 'a' }, 'op', 'must be one of open, change, close, got "move"'],
    [{ type: 'gas', gwei: 30, extra: 1 }, 'extra', 'unknown field; allowed: type, gwei, time'],
    [{ type: 'gas' }, 'gwei', 'required (a number)'],
    [{ type: 'gas', gwei: '30' }, 'gwei', 'must be a number, got "30"'],
    [{ type: 'price', asset: 'ETH', price: 0 }, 'price', 'must be > 0, got 0'],
    [{ type: 'price', asset: 'BTC', price: 1 }, 'asset', 'unknown asset "BTC"; allowed: ETH, USDC'],
    [{ type: 'depth', venue: 'dex', liquidityUsd: 1 }, 'venue', 'unknown venue "dex"; allowed: cex, pool'],
    [
      { type: 'depth', venue: 'pool', depthUsdPer1Pct: 1 },
      'depthUsdPer1Pct',
      'not for venue pool (type cpamm); give liquidityUsd',
    ],
    [{ type: 'depth', venue: 'cex' }, 'depthUsdPer1Pct', 'required for venue cex (type offchain)'],
    [{ type: 'position', op: 'close', account: '' }, 'account', 'must have at least 1 character(s), got ""'],
    [{ type: 'position', op: 'close', account: 'zz' }, 'account', 'not open in lend; open it first with op "open"'],
    [{ type: 'position', op: 'change', account: 'zz' }, 'collateral', 'op "change" needs collateral, debt or both'],
    [
      { type: 'position', op: 'close', protocol: 'perp', account: 'zz' },
      'protocol',
      'unknown lending protocol "perp"; allowed: lend',
    ],
    [
      { type: 'position', op: 'close', asset: 'USDC', account: 'zz' },
      'asset',
      'no lending protocol has collateral "USDC"; allowed: ETH',
    ],
    [[1, 2], '$', 'must be a JSON object, got a list'],
  ])('refuses %j: %s %s', (message, field, reason) => {
    expect(errorOf(() => parseUpdates([message], book()))).toEqual({ error: 'invalid update', line: 1, field, reason });
  });

  it('checks accounts against the earlier messages of the same request', () => {
    const b = book();
    b.apply(parseUpdates([{ type: 'position', op: 'open', account: 'a', collateral: 1, debt: 1 }], b));
    expect(
      errorOf(() => parseUpdates([{ type: 'position', op: 'open', account: 'a', collateral: 1, debt: 1 }], b)),
    ).toMatchObject({
      field: 'account',
      reason: 'already open in lend; use op "change" or "close"',
    });
    // Close then reopen is fine; close then change is not (line 2).
    expect(
      parseUpdates(
        [
          { type: 'position', op: 'close', account: 'a' },
          { type: 'position', op: 'open', account: 'a', collateral: 2, debt: 0 },
        ],
        b,
      ),
    ).toHaveLength(2);
    expect(
      errorOf(() =>
        parseUpdates(
          [
            { type: 'position', op: 'close', account: 'a' },
            { type: 'position', op: 'change', account: 'a', debt: 3 },
          ],
          b,
        ),
      ),
    ).toMatchObject({ line: 2, field: 'account' });
  });

  it('refuses bad JSON and infinite numbers, and an oversized line as too large', () => {
    const b = book();
    expect(errorOf(() => parseNdjson('{"type":"gas","gwei":1}\n{"type":', b))).toMatchObject({ line: 2, field: '$' });
    expect(errorOf(() => parseUpdates([{ type: 'gas', gwei: Infinity }], b))).toMatchObject({
      field: 'gwei',
      reason: 'must be a finite number, got Infinity',
    });
    const long = `{"type":"gas","gwei":1,"pad":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    expect(() => parseNdjson(`{"type":"gas","gwei":1}\n${long}`, b)).toThrow(PayloadTooLargeError);
    expect(() => parseNdjson(long, b)).toThrow(/line 1 is larger than 65536 bytes/);
  });

  it('needs a protocol or asset when several lending protocols exist', () => {
    const second = {
      ...loadScenario('scenarios/thin-pool-shock.yaml').scenario.protocols[0],
      id: 'lend2',
    };
    const { scenario } = loadScenario('scenarios/thin-pool-shock.yaml', [
      `protocols=${JSON.stringify([{ ...second, id: 'lend' }, second].map((p) => ({ ...p, borrowers: { count: 0, collateralUsd: { median: 1 }, healthFactor: { min: 1, max: 2 } } })))}`,
    ]);
    const b = LiveBook.fromScenario(scenario);
    expect(errorOf(() => parseUpdates([{ type: 'position', op: 'close', account: 'a' }], b))).toMatchObject({
      field: 'protocol',
      reason: 'required when the scenario has several lending protocols; allowed: lend, lend2',
    });
    expect(
      errorOf(() => parseUpdates([{ type: 'position', op: 'close', asset: 'ETH', account: 'a' }], b)),
    ).toMatchObject({
      field: 'asset',
      reason: '"ETH" is the collateral of lend, lend2; give protocol instead',
    });
  });
});
