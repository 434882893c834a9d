import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';

/** Knobs of the small perp test world. */
export interface PerpWorldKnobs {
  seed?: number;
  traders?: number;
  marginMode?: 'isolated' | 'cross';
  insuranceFundUsd?: number;
  lossMode?: 'adl' | 'socialise';
  mode?: 'partial' | 'full';
  /** ETH's drop, % (BTC falls `btcDropPct`). */
  dropPct?: number;
  btcDropPct?: number;
  longShare?: number;
  bookDepthUsdPer1Pct?: number;
  backstop?: boolean;
  blocks?: number;
  addMargin?: boolean;
}

/**
 * Two perp markets on one exchange: ETH-PERP on an order book and BTC-PERP on a vAMM, each with an index oracle on
 * its broad market and a mark oracle on the median of the broad market and the perp venue. ETH falls `dropPct`
 * (default 20%) and BTC `btcDropPct` (default 0) from minute 2 over 10 minutes; 12-second blocks.
 */
export function perpWorld(k: PerpWorldKnobs = {}): Scenario {
  return scenarioSchema.parse({
    name: 'perp-test',
    seed: k.seed ?? 1,
    blocks: k.blocks ?? 150,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 10 },
    assets: [
      {
        symbol: 'ETH',
        price: { model: 'shock', initial: 2000, startMinute: 2, dropPct: k.dropPct ?? 20, dropMinutes: 10 },
      },
      {
        symbol: 'BTC',
        price: { model: 'shock', initial: 50_000, startMinute: 2, dropPct: k.btcDropPct ?? 0.0001, dropMinutes: 10 },
      },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'eth-cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 3_000_000,
        resilienceHalfLifeSeconds: 900,
      },
      {
        type: 'offchain',
        id: 'btc-cex',
        base: 'BTC',
        quote: 'USDC',
        depthUsdPer1Pct: 5_000_000,
        resilienceHalfLifeSeconds: 900,
      },
      {
        type: 'orderbook',
        id: 'eth-book',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: k.bookDepthUsdPer1Pct ?? 200_000,
        levels: 300,
        refillHalfLifeSeconds: 120,
      },
      { type: 'vamm', id: 'btc-vamm', base: 'BTC', quote: 'USDC', liquidityUsd: 50_000_000 },
    ],
    oracles: [
      { id: 'eth-index', asset: 'ETH', sources: ['eth-cex'], deviationPct: 0.1, heartbeatSeconds: 60 },
      { id: 'eth-mark', asset: 'ETH', sources: ['eth-cex', 'eth-book'], deviationPct: 0.1, heartbeatSeconds: 60 },
      { id: 'btc-index', asset: 'BTC', sources: ['btc-cex'], deviationPct: 0.1, heartbeatSeconds: 60 },
      { id: 'btc-mark', asset: 'BTC', sources: ['btc-cex', 'btc-vamm'], deviationPct: 0.1, heartbeatSeconds: 60 },
    ],
    protocols: [
      {
        type: 'perp',
        id: 'dex',
        quote: 'USDC',
        marginMode: k.marginMode ?? 'isolated',
        markets: [
          {
            id: 'ETH-PERP',
            asset: 'ETH',
            indexOracle: 'eth-index',
            markOracle: 'eth-mark',
            venue: 'eth-book',
            initialMarginFraction: 0.05,
            maintenanceMarginFraction: 0.03,
          },
          {
            id: 'BTC-PERP',
            asset: 'BTC',
            indexOracle: 'btc-index',
            markOracle: 'btc-mark',
            venue: 'btc-vamm',
            initialMarginFraction: 0.05,
            maintenanceMarginFraction: 0.03,
          },
        ],
        liquidation: {
          mode: k.mode ?? 'partial',
          buffer: 0.1,
          fillBoundPct: 1,
          ...(k.backstop ? { backstop: { capitalUsd: 1_000_000 } } : {}),
        },
        insuranceFundUsd: k.insuranceFundUsd ?? 100_000,
        lossMode: k.lossMode ?? 'adl',
        traders: {
          count: k.traders ?? 400,
          notionalUsd: { median: 20_000, sigma: 0.8 },
          leverage: { min: 4, max: 18 },
          longShare: k.longShare ?? 0.7,
          entrySpreadPct: 1,
          ...(k.addMargin ? { addMargin: { share: 0.5 } } : {}),
        },
      },
    ],
    arbitrageurs: [{ id: 'arb', capitalUsd: 5_000_000 }],
  });
}
