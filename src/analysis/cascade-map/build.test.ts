import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../kernel/build-world.js';
import { UsageError } from '../../kernel/errors.js';
import { cascadeMap, defaultShocks } from './build.js';
import { cascadeMapJson } from './serialize.js';
import type { CascadeMapOptions } from './types.js';

const OPTIONS: CascadeMapOptions = { shocks: [0.02, 0.05, 0.1, 0.2], priceStep: 0.005, maxDrop: 0.6, criticalSlope: 3 };

/** A 200-account market on one linear off-chain venue; `protocol` overrides fields of the lending protocol. */
function scenario(protocol: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    name: 'map-unit',
    seed: 3,
    blocks: 10,
    chain: { nativeAsset: 'ETH' },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 1, dropPct: 10, dropMinutes: 0 } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 500_000 }],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex'] }],
    protocols: [
      {
        type: 'lending',
        id: 'lend',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.825,
        borrowers: { count: 200, collateralUsd: { median: 20_000, sigma: 0.8 }, healthFactor: { min: 1.02, max: 2 } },
        ...protocol,
      },
    ],
  });
}

describe('cascadeMap from a scenario', () => {
  it('levels every 0.5% to −60%, each counting the accounts whose liquidation price is above it', () => {
    const sc = scenario();
    const map = cascadeMap(sc, OPTIONS);
    const protocol = buildWorld(sc).protocols[0];
    expect(map.initialPrice).toBe(2000);
    expect(map.levels).toHaveLength(120);
    map.levels.forEach((level, k) => {
      expect(level.price).toBeCloseTo(2000 * (1 - (k + 1) * 0.005), 9);
      let above = 0;
      for (let i = 0; i < protocol.book.count; i++) if (protocol.book.debt[i] > 0 && protocol.liquidationPrice(i) > level.price) above++;
      expect(level.accounts).toBe(above);
      expect(level.soldUsd).toBeCloseTo(level.soldUnits * level.price, 6);
      if (k > 0) expect(level.soldUnits).toBeGreaterThanOrEqual(map.levels[k - 1].soldUnits);
    });
    expect(map.levels.at(-1)?.accounts).toBeGreaterThan(0);
    expect(map.protocols).toEqual([expect.objectContaining({ id: 'lend', mechanism: 'aave-v3', model: 'health bands', accounts: 200 })]);
    expect(map.venues).toEqual([{ id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 500_000 }]);
  });

  it('whole-collateral mechanisms sell all collateral of every liquidatable account', () => {
    const sc = scenario({ liquidationRule: { type: 'maker-clip' } });
    const map = cascadeMap(sc, OPTIONS);
    expect(map.protocols[0].model).toBe('whole collateral sold');
    const protocol = buildWorld(sc).protocols[0];
    for (const level of map.levels.filter((_, k) => k % 10 === 9)) {
      let collateral = 0;
      for (let i = 0; i < protocol.book.count; i++) if (protocol.liquidationPrice(i) > level.price) collateral += protocol.book.collateral[i];
      expect(level.soldUnits).toBeCloseTo(collateral, 9);
      expect(level.emptiedAccounts).toBe(level.accounts);
    }
  });

  it('picks the model by rule: bands for Aave v3, volatility bonus, Morpho Blue and Euler v2; the rule per account otherwise', () => {
    const model = (protocol: Record<string, unknown>) => cascadeMap(scenario(protocol), { ...OPTIONS, shocks: [0.1] }).protocols[0].model;
    expect(model({ liquidationRule: { type: 'morpho-blue' } })).toBe('health bands');
    expect(model({ liquidationRule: { type: 'volatility-bonus', minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 } })).toBe('health bands');
    expect(model({ liquidationRule: { type: 'euler-v2' } })).toBe('health bands');
    expect(model({ liquidationRule: { type: 'aave-v3.3' } })).toBe('rule per account');
    expect(model({ thresholdTiers: [{ aboveDebtUsd: 1e6, liquidationThreshold: 0.8 }] })).toBe('rule per account');
    expect(model({ liquidationRule: { type: 'compound-v3' } })).toBe('whole collateral sold');
  });

  it('the rule per account gives the bands’ answer when a threshold tier is out of every account’s reach', () => {
    const banded = cascadeMap(scenario(), OPTIONS);
    const perAccount = cascadeMap(scenario({ thresholdTiers: [{ aboveDebtUsd: 1e12, liquidationThreshold: 0.5 }] }), OPTIONS);
    expect(perAccount.protocols[0].model).toBe('rule per account');
    perAccount.levels.forEach((level, k) => {
      expect(level.accounts).toBe(banded.levels[k].accounts);
      expect(level.soldUnits).toBeCloseTo(banded.levels[k].soldUnits, 6);
    });
    perAccount.shocks.forEach((s, k) => expect(s.finalPrice).toBeCloseTo(banded.shocks[k].finalPrice, 6));
  });

  it('is deterministic and follows the seed', () => {
    const a = cascadeMapJson(cascadeMap(scenario(), OPTIONS));
    expect(cascadeMapJson(cascadeMap(scenario(), OPTIONS))).toBe(a);
    expect(cascadeMapJson(cascadeMap(scenario(), OPTIONS, { seed: 4 }))).not.toBe(a);
  });

  it('names the allowed collateral when --asset is wrong', () => {
    expect(() => cascadeMap(scenario(), OPTIONS, { asset: 'BTC' })).toThrow(UsageError);
    expect(() => cascadeMap(scenario(), OPTIONS, { asset: 'BTC' })).toThrow(/allowed: ETH/);
  });

  it('defaultShocks spaces the grid evenly up to the maximum', () => {
    const shocks = defaultShocks(0.5, 100);
    expect(shocks).toHaveLength(100);
    expect(shocks[0]).toBeCloseTo(0.005, 15);
    expect(shocks[99]).toBe(0.5);
  });
});
