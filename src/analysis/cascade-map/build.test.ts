import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../scenario/schema.js';
import { buildWorld } from '../../world/build-world.js';
import { UsageError } from '../../kernel/errors.js';
import { cascadeMap, defaultShocks } from './build.js';
import { cascadeMapJson } from './serialize.js';
import type { CascadeMapOptions } from './types.js';
import { attribution } from '../../attribution/cascade-generations.js';

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
    venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDC', depthUsdPer1Pct: 500_000, impact: 'linear' }],
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
    const protocol = buildWorld(sc, { attribution }).protocols[0];
    expect(map.initialPrice).toBe(2000);
    expect(map.levels).toHaveLength(120);
    map.levels.forEach((level, k) => {
      expect(level.price).toBeCloseTo(2000 * (1 - (k + 1) * 0.005), 9);
      let above = 0;
      for (let i = 0; i < protocol.book.count; i++)
        if (protocol.book.debt[i] > 0 && protocol.liquidationPrice(i) > level.price) above++;
      expect(level.accounts).toBe(above);
      expect(level.soldUsd).toBeCloseTo(level.soldUnits * level.price, 6);
      if (k > 0) expect(level.soldUnits).toBeGreaterThanOrEqual(map.levels[k - 1].soldUnits);
    });
    expect(map.levels.at(-1)?.accounts).toBeGreaterThan(0);
    expect(map.protocols).toEqual([
      expect.objectContaining({ id: 'lend', mechanism: 'aave-v3', model: 'health bands', accounts: 200 }),
    ]);
    expect(map.venues).toEqual([
      { id: 'cex', kind: 'offchain-linear', depthUsdPer1Pct: 500_000, resilienceHalfLifeSeconds: 600 },
    ]);
  });

  it('owners who top up reach health 1 only with their whole reserve added: liquidation price L·C/(C + R)', () => {
    const topUp = { share: 0.5, belowHealth: 1.05, targetHealth: 1.25, reserveShare: 0.4 };
    const sc = scenario({
      borrowers: {
        count: 200,
        collateralUsd: { median: 20_000, sigma: 0.8 },
        healthFactor: { min: 1.02, max: 2 },
        topUp,
      },
    });
    const map = cascadeMap(sc, OPTIONS);
    const protocol = buildWorld(sc, { attribution }).protocols[0];
    const { book } = protocol;
    const withReserve = [...Array(book.count).keys()].filter((i) => book.reserve[i] > 0);
    expect(withReserve.length).toBeGreaterThan(50);
    // reserveShare 0.4 of the initial collateral: C + R = 1.4·C, so L falls to L/1.4.
    const effective = (i: number) => protocol.liquidationPrice(i) / (book.reserve[i] > 0 ? 1.4 : 1);
    for (const level of map.levels.filter((_, k) => k % 10 === 9)) {
      let above = 0;
      for (let i = 0; i < book.count; i++) if (book.debt[i] > 0 && effective(i) > level.price) above++;
      expect(level.accounts).toBe(above);
    }
  });

  it('absorption (compound-v3) sells all collateral of every liquidatable account', () => {
    const sc = scenario({ liquidationRule: { type: 'compound-v3' } });
    const map = cascadeMap(sc, OPTIONS);
    expect(map.protocols[0].model).toBe('whole collateral sold');
    const protocol = buildWorld(sc, { attribution }).protocols[0];
    for (const level of map.levels.filter((_, k) => k % 10 === 9)) {
      let collateral = 0;
      for (let i = 0; i < protocol.book.count; i++)
        if (protocol.liquidationPrice(i) > level.price) collateral += protocol.book.collateral[i];
      expect(level.soldUnits).toBeCloseTo(collateral, 9);
      expect(level.emptiedAccounts).toBe(level.accounts);
    }
  });

  it('a Maker Clipper sells collateral worth the tab (debt·chop) at the price, or the whole lot when it is worth less', () => {
    const sc = scenario({ liquidationRule: { type: 'maker-clip', chop: 1.13 } });
    const map = cascadeMap(sc, OPTIONS);
    expect(map.protocols[0].model).toBe('auction sells the tab');
    const protocol = buildWorld(sc, { attribution }).protocols[0];
    for (const level of map.levels.filter((_, k) => k % 10 === 9)) {
      let sold = 0;
      for (let i = 0; i < protocol.book.count; i++) {
        if (!(protocol.liquidationPrice(i) > level.price)) continue;
        sold += Math.min(protocol.book.collateral[i], (protocol.book.debt[i] * 1.13) / level.price);
      }
      expect(level.soldUnits).toBeCloseTo(sold, 9);
    }
  });

  it('picks the model by rule: bands for Aave v3, volatility bonus, Morpho Blue and Euler v2; the rule per account otherwise', () => {
    const model = (protocol: Record<string, unknown>) =>
      cascadeMap(scenario(protocol), { ...OPTIONS, shocks: [0.1] }).protocols[0].model;
    expect(model({ liquidationRule: { type: 'morpho-blue' } })).toBe('health bands');
    expect(
      model({
        liquidationRule: { type: 'volatility-bonus', minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 },
      }),
    ).toBe('health bands');
    expect(model({ liquidationRule: { type: 'euler-v2' } })).toBe('health bands');
    expect(model({ liquidationRule: { type: 'aave-v3.3' } })).toBe('rule per account');
    expect(model({ thresholdTiers: [{ aboveDebtUsd: 1e6, liquidationThreshold: 0.8 }] })).toBe('rule per account');
    expect(model({ liquidationRule: { type: 'compound-v3' } })).toBe('whole collateral sold');
    expect(model({ liquidationRule: { type: 'maker-flip' } })).toBe('auction sells the tab');
  });

  it('the rule per account gives the bands’ answer when a threshold tier is out of every account’s reach', () => {
    const banded = cascadeMap(scenario(), OPTIONS);
    const perAccount = cascadeMap(
      scenario({ thresholdTiers: [{ aboveDebtUsd: 1e12, liquidationThreshold: 0.5 }] }),
      OPTIONS,
    );
    expect(perAccount.protocols[0].model).toBe('rule per account');
    perAccount.levels.forEach((level, k) => {
      expect(level.accounts).toBe(banded.levels[k].accounts);
      expect(level.soldUnits).toBeCloseTo(banded.levels[k].soldUnits, 6);
    });
    perAccount.shocks.forEach((s, k) => {
      expect(s.worstCase.finalPrice).toBeCloseTo(banded.shocks[k].worstCase.finalPrice, 6);
      expect(s.totalMove).toBeCloseTo(banded.shocks[k].totalMove, 9);
      expect(s.band.low).toBeCloseTo(banded.shocks[k].band.low, 9);
      expect(s.band.high).toBeCloseTo(banded.shocks[k].band.high, 9);
    });
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
