import { describe, expect, it } from 'vitest';
import { checkReferences } from './references.js';

function world(market: Record<string, unknown>, quote = 'USDC'): Record<string, unknown> {
  return {
    chain: { nativeAsset: 'ETH' },
    assets: [
      { symbol: 'ETH', price: { model: 'gbm', initial: 2000, volatilityAnnual: 0.8 } },
      { symbol: 'BTC', price: { model: 'gbm', initial: 50000, volatilityAnnual: 0.6 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      { type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 },
      { type: 'orderbook', id: 'book', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e5 },
      { type: 'vamm', id: 'btc-vamm', base: 'BTC', quote: 'USDC', liquidityUsd: 1e7 },
    ],
    oracles: [
      { id: 'eth', asset: 'ETH', sources: ['cex'] },
      { id: 'btc', asset: 'BTC', sources: ['btc-vamm'] },
    ],
    protocols: [
      {
        type: 'perp',
        id: 'dex',
        quote,
        markets: [{ id: 'ETH-PERP', asset: 'ETH', indexOracle: 'eth', markOracle: 'eth', venue: 'book', ...market }],
      },
    ],
  };
}

const check = (market: Record<string, unknown>, quote?: string) =>
  checkReferences(world(market, quote), { dir: '/s', fileExists: () => false }).map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  );

describe('perp references', () => {
  it('accepts markets whose oracles and venue trade their asset', () => {
    expect(check({})).toEqual([]);
  });

  it('names the field and the known ids when a market refers to the wrong thing', () => {
    expect(check({ markOracle: 'btc' })).toEqual([
      'protocols.0.markets.0.markOracle: oracle "btc" prices BTC, not the market\'s asset ETH',
    ]);
    expect(check({ indexOracle: 'nope' })).toEqual([
      'protocols.0.markets.0.indexOracle: unknown oracle "nope"; known oracles: eth, btc',
    ]);
    expect(check({ venue: 'btc-vamm' })).toEqual([
      'protocols.0.markets.0.venue: venue "btc-vamm" trades BTC, not the market\'s asset ETH',
    ]);
    expect(check({}, 'ETH')).toEqual([
      'protocols.0.quote: settlement asset "ETH" must use the constant price model (it uses gbm)',
    ]);
  });

  it('rejects maintenance brackets whose caps do not rise', () => {
    const brackets = [
      { notionalCapUsd: 50_000, maintenanceMarginRate: 0.01 },
      { notionalCapUsd: 50_000, maintenanceMarginRate: 0.02 },
    ];
    expect(check({ maintenance: { type: 'tiers', brackets } })).toEqual([
      "protocols.0.markets.0.maintenance.brackets.1.notionalCapUsd: must be above the previous bracket's cap (50000)",
    ]);
  });
});
