import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/kernel/errors.js';
import { parseScenario } from '../src/scenario/load.js';

// Settings the schema used to accept although the model could not run them (found by the random-world property
// test, test/random-worlds.property.test.ts): each is now refused up front with the field and the allowed values.

const base = {
  name: 'gaps',
  blocks: 5,
  chain: { nativeAsset: 'ETH' },
  assets: [
    { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
    { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
  ],
  venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6 }],
  oracles: [{ id: 'o', asset: 'ETH', sources: ['cex'] }],
  protocols: [
    {
      type: 'lending',
      id: 'l',
      collateral: 'ETH',
      debt: 'USDC',
      oracle: 'o',
      ltv: 0.5,
      liquidationThreshold: 0.6,
      borrowers: { count: 1, collateralUsd: { median: 1000 }, healthFactor: { min: 1.5, max: 2 } },
    },
  ],
};

const load = (patch: Record<string, unknown>) => () =>
  parseScenario(JSON.stringify({ ...base, ...patch }), 'gaps.json');
const book = (fields: Record<string, unknown>) => ({
  venues: [
    ...base.venues,
    { type: 'orderbook', id: 'book', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 1e6, ...fields },
  ],
});
const feeMarket = (fields: Record<string, unknown>) => ({
  chain: { nativeAsset: 'ETH', feeMarket: { backgroundGas: 1e6, ...fields } },
});

describe('settings the model cannot run are refused by the schema', () => {
  it('an order book whose deepest bid would sit at or below a zero price', () => {
    // 1 + 20·500 = 10,001 bps below the mid; the order book threw an InvariantError while the world was built.
    expect(load(book({ levelStepBps: 500, levels: 21 }))).toThrow(ScenarioError);
    expect(load(book({ levelStepBps: 500, levels: 21 }))).toThrow(
      /venues\.1\.levels: halfSpreadBps \+ \(levels − 1\)·levelStepBps must be below 10000 bps/,
    );
    expect(load(book({ halfSpreadBps: 0, levelStepBps: 500, levels: 20 }))).not.toThrow(); // 9,500 bps: the deepest bid at 5% of the mid
  });

  it('market makers who pull every quote (keepFraction 0 left an empty book)', () => {
    const pull = (keepFraction: number) =>
      book({ pullOnVolatility: { windowSeconds: 60, thresholdAnnual: 1, keepFraction } });
    expect(load(pull(0))).toThrow(/venues\.1\.pullOnVolatility\.keepFraction/);
    expect(load(pull(0.01))).not.toThrow();
  });

  it('a price bump that is not a whole percent ≥ 1 (a fraction crashed the mempool; 0 never ended a gas auction)', () => {
    expect(load(feeMarket({ priceBumpPercent: 18.5 }))).toThrow(/chain\.feeMarket\.priceBumpPercent/);
    expect(load(feeMarket({ priceBumpPercent: 0 }))).toThrow(/chain\.feeMarket\.priceBumpPercent/);
    expect(load(feeMarket({ priceBumpPercent: 1 }))).not.toThrow();
  });
});
