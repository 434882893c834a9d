import { describe, expect, it } from 'vitest';
import { checkReferences } from './references.js';

/** A valid scenario as plain data (only the fields the reference checks read, plus a few more). */
function world(): Record<string, unknown> {
  return {
    chain: { nativeAsset: 'ETH' },
    assets: [
      { symbol: 'ETH', price: { model: 'gbm', initial: 3000, volatilityAnnual: 0.8 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 1e7 },
    ],
    oracles: [{ id: 'eth-usd', asset: 'ETH', sources: ['cex', 'pool'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'eth-usd',
        ltv: 0.8,
        liquidationThreshold: 0.85,
      },
    ],
    keepers: [{ id: 'k1', capitalUsd: 1 }],
    arbitrageurs: [{ id: 'a1', capitalUsd: 1 }],
  };
}

const noFiles = { dir: '/scenarios', fileExists: () => false };

function check(change: (w: Record<string, unknown>) => void) {
  const w = world();
  change(w);
  return checkReferences(w, noFiles).map((i) => `${i.path.join('.')}: ${i.message}`);
}

const list = (w: Record<string, unknown>, key: string) => w[key] as Record<string, unknown>[];

describe('checkReferences', () => {
  it('accepts a consistent world', () => {
    expect(check(() => {})).toEqual([]);
  });

  it('finds duplicate ids of each kind and duplicate asset symbols', () => {
    const issues = check((w) => {
      list(w, 'assets').push({ symbol: 'ETH', price: { model: 'constant', initial: 1 } });
      list(w, 'venues').push({ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC' });
      list(w, 'oracles').push({ id: 'eth-usd', asset: 'ETH', sources: ['cex'] });
      list(w, 'protocols').push({ ...list(w, 'protocols')[0] });
      list(w, 'keepers').push({ id: 'k1' });
      list(w, 'arbitrageurs').push({ id: 'a1' });
    });
    expect(issues).toEqual([
      'assets.2.symbol: duplicate asset symbol "ETH" (first declared at assets.0.symbol)',
      'venues.2.id: duplicate venue id "cex" (first declared at venues.0.id)',
      'oracles.1.id: duplicate oracle id "eth-usd" (first declared at oracles.0.id)',
      'protocols.1.id: duplicate protocol id "lend" (first declared at protocols.0.id)',
      'keepers.1.id: duplicate keeper id "k1" (first declared at keepers.0.id)',
      'arbitrageurs.1.id: duplicate arbitrageur id "a1" (first declared at arbitrageurs.0.id)',
    ]);
  });

  it('requires every asset reference to name a declared asset', () => {
    const issues = check((w) => {
      (w.chain as Record<string, unknown>).nativeAsset = 'GAS';
      list(w, 'venues')[1].quote = 'DAI';
      list(w, 'oracles')[0].asset = 'BTC';
      list(w, 'protocols')[0].debt = 'USDT';
    });
    expect(issues).toEqual([
      'chain.nativeAsset: unknown asset "GAS"; known assets: ETH, USDC',
      'venues.1.quote: unknown asset "DAI"; known assets: ETH, USDC',
      'oracles.0.asset: unknown asset "BTC"; known assets: ETH, USDC',
      'protocols.0.debt: unknown asset "USDT"; known assets: ETH, USDC',
    ]);
  });

  it("requires oracle sources to be venues trading the oracle's asset", () => {
    const issues = check((w) => {
      list(w, 'assets').push({ symbol: 'BTC', price: { model: 'gbm', initial: 60000, volatilityAnnual: 0.6 } });
      list(w, 'venues')[1].base = 'BTC';
      list(w, 'oracles')[0].sources = ['cex', 'pool', 'dex'];
    });
    expect(issues).toEqual([
      'oracles.0.sources.1: venue "pool" trades BTC, not the oracle\'s asset ETH',
      'oracles.0.sources.2: unknown venue "dex"; known venues: cex, pool',
    ]);
  });

  it("requires the protocol's oracle to exist and price its collateral", () => {
    expect(check((w) => (list(w, 'protocols')[0].oracle = 'btc-usd'))).toEqual([
      'protocols.0.oracle: unknown oracle "btc-usd"; known oracles: eth-usd',
    ]);
    const issues = check((w) => {
      list(w, 'assets').push({ symbol: 'BTC', price: { model: 'gbm', initial: 60000, volatilityAnnual: 0.6 } });
      list(w, 'venues').push({ type: 'offchain', id: 'cex-btc', base: 'BTC', quote: 'USDC' });
      list(w, 'oracles').push({ id: 'btc-usd', asset: 'BTC', sources: ['cex-btc'] });
      list(w, 'protocols')[0].oracle = 'btc-usd';
    });
    expect(issues).toEqual(['protocols.0.oracle: oracle "btc-usd" prices BTC, not the protocol\'s collateral ETH']);
  });

  it('requires a constant-priced debt asset and liquidationThreshold ≥ ltv', () => {
    expect(check((w) => (list(w, 'protocols')[0].debt = 'ETH'))).toEqual([
      'protocols.0.debt: debt asset "ETH" must use the constant price model (it uses gbm)',
    ]);
    expect(check((w) => (list(w, 'protocols')[0].liquidationThreshold = 0.79))).toEqual([
      'protocols.0.liquidationThreshold: must be ≥ ltv (0.8) (got 0.79)',
    ]);
    expect(check((w) => (list(w, 'protocols')[0].liquidationThreshold = 0.8))).toEqual([]);
  });

  it('requires bridge anchors to start at minute 0 and strictly increase', () => {
    const anchors = (minutes: number[]) => (w: Record<string, unknown>) => {
      list(w, 'assets')[0].price = { model: 'bridge', anchors: minutes.map((minute) => ({ minute, price: 100 })) };
    };
    expect(check(anchors([0, 10, 20]))).toEqual([]);
    expect(check(anchors([5, 10]))).toEqual([
      'assets.0.price.anchors.0.minute: the first anchor must be at minute 0 (got 5)',
    ]);
    expect(check(anchors([0, 10, 10, 5]))).toEqual([
      "assets.0.price.anchors.2.minute: must be greater than the previous anchor's minute (10); anchor minutes strictly increase (got 10)",
      "assets.0.price.anchors.3.minute: must be greater than the previous anchor's minute (10); anchor minutes strictly increase (got 5)",
    ]);
  });

  it('requires an offchain venue for each non-constant collateral asset, once per asset', () => {
    const issues = check((w) => {
      list(w, 'venues').shift();
      list(w, 'oracles')[0].sources = ['pool'];
      list(w, 'protocols').push({ ...list(w, 'protocols')[0], id: 'lend2' });
    });
    expect(issues).toEqual([
      'protocols.0.collateral: asset "ETH" needs at least one offchain venue (the broad market); add a venue with type: offchain and base: ETH',
    ]);
    // A constant-priced collateral needs no market.
    expect(
      check((w) => {
        list(w, 'venues').shift();
        list(w, 'oracles')[0] = { id: 'usdc', asset: 'USDC', sources: ['pool'] };
        list(w, 'venues')[0].base = 'USDC';
        Object.assign(list(w, 'protocols')[0], { collateral: 'USDC', oracle: 'usdc' });
      }),
    ).toEqual([]);
  });

  it('resolves csv files against the scenario directory', () => {
    const seen: string[] = [];
    const w = world();
    list(w, 'assets')[0].price = { model: 'csv', file: 'data/eth.csv' };
    const issues = checkReferences(w, { dir: '/scenarios', fileExists: (p) => (seen.push(p), false) });
    expect(seen).toEqual(['/scenarios/data/eth.csv']);
    expect(issues.map((i) => i.path.join('.'))).toEqual(['assets.0.price.file']);
    expect(checkReferences(w, { dir: '/scenarios', fileExists: () => true })).toEqual([]);
  });

  it('lists the other values each cross-field rule read, so a --set of any of them can be blamed', () => {
    const dependsOn = (change: (w: Record<string, unknown>) => void) => {
      const w = world();
      change(w);
      return checkReferences(w, noFiles).map((i) => [i.path.join('.'), (i.dependsOn ?? []).map((p) => p.join('.'))]);
    };
    expect(dependsOn((w) => (list(w, 'protocols')[0].liquidationThreshold = 0.7))).toEqual([
      ['protocols.0.liquidationThreshold', ['protocols.0.ltv']],
    ]);
    expect(dependsOn((w) => (list(w, 'venues')[1].id = 'cex'))).toEqual([
      ['venues.1.id', ['venues.0.id']],
      ['oracles.0.sources.1', ['venues', 'venues.0.id', 'venues.1.id']],
    ]);
    expect(dependsOn((w) => (list(w, 'protocols')[0].debt = 'DAI'))).toEqual([
      ['protocols.0.debt', ['assets', 'assets.0.symbol', 'assets.1.symbol']],
    ]);
    expect(dependsOn((w) => (list(w, 'protocols')[0].debt = 'ETH'))).toEqual([
      ['protocols.0.debt', ['assets.0.price.model']],
    ]);
    expect(
      dependsOn((w) => {
        list(w, 'assets')[0].price = { model: 'bridge', anchors: [{ minute: 0 }, { minute: 10 }, { minute: 10 }] };
      }),
    ).toEqual([['assets.0.price.anchors.2.minute', ['assets.0.price.anchors.1.minute']]]);
    expect(dependsOn((w) => (list(w, 'venues')[0].type = 'cpamm'))).toEqual([
      [
        'protocols.0.collateral',
        ['assets.0.price.model', 'venues', 'venues.0.type', 'venues.0.base', 'venues.1.type', 'venues.1.base'],
      ],
    ]);
    // Rules about one value alone read nothing else.
    expect(
      dependsOn((w) => (list(w, 'assets')[0].price = { model: 'bridge', anchors: [{ minute: 5 }, { minute: 10 }] })),
    ).toEqual([['assets.0.price.anchors.0.minute', []]]);
  });

  it('skips malformed parts instead of failing on raw input', () => {
    expect(checkReferences(null, noFiles)).toEqual([]);
    expect(
      checkReferences(
        { assets: 'nope', venues: [3, null], oracles: [{ sources: 'cex' }], protocols: [{ ltv: 'x' }] },
        noFiles,
      ),
    ).toEqual([]);
  });
});
