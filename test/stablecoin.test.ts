import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { runScenario } from '../src/analysis/run.js';
import { Redemptions } from '../src/protocol/lending/redemption.js';
import type { RunResult } from '../src/analysis/result.js';
import { attribution } from '../src/attribution/cascade-generations.js';

const PRESET = path.resolve('scenarios/cdp-stablecoin.yaml');
const preset = (...sets: string[]): Scenario => loadScenario(PRESET, sets).scenario;
const usdx = (r: RunResult) => {
  const report = r.stablecoins?.[0];
  if (!report) throw new Error('no stablecoin report');
  return report;
};
const liquidationsOf = (r: RunResult, protocol: string) => {
  const c = r.contagion;
  if (!c) throw new Error('no contagion report');
  const p = c.protocols.indexOf(protocol);
  return { total: c.liquidations.reduce((sum, row) => sum + row[p], 0), byOthers: c.causedByOthersShare[p] };
};

/** A flat-ETH world with one Liquity-style CDP whose book the tests write by hand. */
function cdpWorld() {
  const scenario = scenarioSchema.parse({
    name: 'redemption-unit',
    blocks: 10,
    chain: { blockTimeSeconds: 12, gasPriceGwei: 0, nativeAsset: 'ETH' },
    assets: [
      { symbol: 'ETH', price: { model: 'constant', initial: 2000 } },
      { symbol: 'USDX', price: { model: 'constant', initial: 1 } },
    ],
    venues: [{ type: 'offchain', id: 'cex', base: 'ETH', quote: 'USDX', depthUsdPer1Pct: 1e7 }],
    oracles: [{ id: 'eth', asset: 'ETH', sources: ['cex'], deviationPct: 0.5, heartbeatSeconds: 3600 }],
    protocols: [
      {
        type: 'lending',
        id: 'cdp',
        collateral: 'ETH',
        debt: 'USDX',
        oracle: 'eth',
        ltv: 0.9,
        liquidationThreshold: 1 / 1.1,
        liquidationRule: { type: 'liquity-v1' },
        borrowers: { count: 4, collateralUsd: { median: 1000, sigma: 0 }, healthFactor: { min: 1.5, max: 1.5 } },
      },
    ],
  });
  const world = buildWorld(scenario, { attribution });
  const cdp = world.protocols[0];
  // Collateral ratios (ETH at 2000): 2000/1500 = 1.333, 2000/1700 = 1.176, 2000/1900 = 1.053 (< MCR 1.1), 20000/1000 =
  // 20.
  const accounts: [number, number][] = [
    [1, 1500],
    [1, 1700],
    [1, 1900],
    [10, 1000],
  ];
  accounts.forEach(([collateral, debt], i) => {
    cdp.book.collateral[i] = collateral;
    cdp.book.debt[i] = debt;
  });
  cdp.reindex();
  return cdp;
}

describe('Liquity v1 redemptions against a CDP book', () => {
  const LIQUITY = { feeFloor: 0.005, beta: 2, halfLifeSeconds: 12 * 3600 };

  it('burn debt from the lowest safe collateral ratio up, pay face value at the oracle, and set the fee from the redeemed share', () => {
    const cdp = cdpWorld();
    const outcome = new Redemptions(cdp, LIQUITY).redeem(2000, 0);
    // By hand: account 2 is below 110% and skipped; account 1 (1.176) loses all 1700 debt and 0.85 ETH, then
    // account 0 (1.333) the last 300 debt and 0.15 ETH. Drawn: 2000 / 2000 = 1 ETH.
    expect(Array.from(cdp.book.debt)).toEqual([1200, 0, 1900, 1000]);
    expect(cdp.book.collateral[1]).toBeCloseTo(0.15, 12);
    expect(cdp.book.collateral[0]).toBeCloseTo(0.85, 12);
    expect(cdp.book.collateral[2]).toBe(1);
    expect(outcome.debtRedeemed).toBe(2000);
    expect(outcome.collateralDrawn).toBeCloseTo(1, 12);
    // baseRate = 0 + (2000 / 6100) / 2 = 0.1639344…; fee = 0.5% + baseRate of the ETH drawn.
    const baseRate = 2000 / 6100 / 2;
    expect(outcome.feeRate).toBeCloseTo(0.005 + baseRate, 12);
    expect(outcome.feeCollateral).toBeCloseTo(0.005 + baseRate, 12);
    expect(cdp.ledger.redeemedDebt).toBe(2000);
    expect(cdp.ledger.redeemedCollateral).toBeCloseTo(1, 12);
  });

  it('decay the base rate with a 12-hour half-life, and price the next redemption from the decayed rate', () => {
    const cdp = cdpWorld();
    const redemptions = new Redemptions(cdp, LIQUITY);
    redemptions.redeem(2000, 0);
    const baseRate = 2000 / 6100 / 2;
    expect(redemptions.decayedBaseRate(12 * 3600)).toBeCloseTo(baseRate / 2, 12);
    // Supply is now 4100: a further 410 redeemed 24 h later adds 410/4100/2 = 0.05 to a quarter of the first rate.
    expect(redemptions.feeRateFor(410, 4100, 24 * 3600)).toBeCloseTo(0.005 + baseRate / 4 + 0.05, 12);
  });

  it('are refused while the system is below its minimum collateral ratio (TCR < MCR)', () => {
    const cdp = cdpWorld();
    // Every account 1 ETH for 1900 debt: Σ collateral·price·LT = 4·2000/1.1 = 7273 < Σ debt = 7600.
    for (let i = 0; i < 4; i++) {
      cdp.book.collateral[i] = 1;
      cdp.book.debt[i] = 1900;
    }
    const redemptions = new Redemptions(cdp, LIQUITY);
    expect(redemptions.allowed()).toBe(false);
    expect(redemptions.redeem(1000, 0).debtRedeemed).toBe(0);
    expect(Array.from(cdp.book.debt)).toEqual([1900, 1900, 1900, 1900]);
  });
});

describe('holders of a CDP stablecoin', () => {
  it('sell exitPctPerHour of the initial supply per hour at full intensity, capped at maxExitPct', () => {
    const scenario = preset(
      'assets.0.price={"model":"constant","initial":2000}',
      'stablecoins.0.holders.exitBelowCollateralRatio=100',
      'stablecoins.0.holders.fullExitAtCollateralRatio=99',
      'stablecoins.0.holders.exitPctPerHour=3.6',
      'stablecoins.0.holders.maxExitPct=0.5',
      'blocks=100',
    );
    delete scenario.stablecoins[0].redemption;
    const world = buildWorld(scenario, { attribution });
    let supply = 0;
    for (let i = 0; i < world.protocols[0].book.count; i++) supply += world.protocols[0].book.debt[i];
    for (let b = 0; b < 30; b++) stepBlock(world);
    // 3.6%/h over 12-second blocks is 0.012% of supply per block: 30 blocks sell 0.36% of it.
    expect(world.stablecoins[0].summary().heldSold).toBeCloseTo(supply * 0.0036, 3);
    for (let b = 30; b < 100; b++) stepBlock(world);
    // 100 blocks would be 1.2%: the cap is 0.5%.
    expect(world.stablecoins[0].summary().heldSold).toBeCloseTo(supply * 0.005, 3);
  });

  it('do not sell while the CDP stays above exitBelowCollateralRatio: no de-peg, no liquidations in the lending market', () => {
    const r = runScenario(preset('assets.0.price={"model":"constant","initial":2000}'));
    expect(usdx(r).heldSold).toBe(0);
    expect(usdx(r).minPrice).toBe(1);
    expect(liquidationsOf(r, 'stable-lend').total).toBe(0);
  });
});

describe('the cdp-stablecoin preset', () => {
  const base = runScenario(preset(), { checkInvariants: true });

  it("de-pegs USDX and liquidates the lending market that takes it, mostly caused by the CDP's sales", () => {
    expect(usdx(base).minPrice).toBeLessThan(0.99);
    const lend = liquidationsOf(base, 'stable-lend');
    expect(lend.total).toBeGreaterThan(0);
    expect(lend.byOthers).toBeGreaterThan(0.5);
  });

  it('liquidates nothing in the lending market when it does not accept USDX (collateral factor zero)', () => {
    const r = runScenario(preset('protocols.1.liquidationThreshold=0', 'protocols.1.ltv=0'));
    expect(liquidationsOf(r, 'stable-lend').total).toBe(0);
  });

  it('without a run (holders never sell) USDX holds its peg and the lending market is untouched', () => {
    const r = runScenario(preset('stablecoins.0.holders.exitPctPerHour=0'));
    expect(usdx(r).heldSold).toBe(0);
    expect(usdx(r).minPrice).toBe(1);
    expect(liquidationsOf(r, 'stable-lend').total).toBe(0);
  });

  it('redemptions put a floor under the price: without them the de-peg is deeper', () => {
    const scenario = preset();
    delete scenario.stablecoins[0].redemption;
    const r = runScenario(scenario);
    expect(usdx(base).redeemed).toBeGreaterThan(0);
    expect(usdx(r).redemptions).toBe(0);
    expect(usdx(r).minPrice).toBeLessThan(usdx(base).minPrice);
  });

  it('a deeper crash takes the CDP below its 110% minimum ratio: redemptions stall and the de-peg deepens', () => {
    const r = runScenario(preset('assets.0.price.dropPct=50'));
    expect(usdx(base).blocksStalled).toBe(0);
    expect(usdx(r).blocksStalled).toBeGreaterThan(0);
    expect(usdx(r).minPrice).toBeLessThan(usdx(base).minPrice);
  });

  it("keepers of an instant-liquidation CDP buy USDX in the pool to repay, lifting it above par (Black Thursday's DAI premium)", () => {
    const scenario = preset(
      'stablecoins.0.holders.exitPctPerHour=0',
      'protocols.0.liquidationThreshold=0.8',
      'protocols.0.ltv=0.75',
      'blocks=600',
    );
    scenario.protocols[0] = {
      ...scenario.protocols[0],
      liquidationRule: { type: 'aave-v3' },
    } as Scenario['protocols'][number];
    const r = runScenario(scenario, { checkInvariants: true });
    expect(r.metrics.liquidatedDebtUsd).toBeGreaterThan(0);
    // Every unit of debt repaid was bought in the pool (debt price 1: USD repaid = units).
    expect(usdx(r).boughtBackByKeepers).toBeGreaterThanOrEqual(r.metrics.liquidatedDebtUsd * (1 - 1e-9));
    expect(usdx(r).maxPrice).toBeGreaterThan(1);
    expect(liquidationsOf(r, 'stable-lend').total).toBe(0);
  });
});

describe('stablecoins[] references', () => {
  it('name the field and what is allowed when the issuer does not lend the stablecoin or the venue does not trade it', () => {
    expect(() => preset('stablecoins.0.issuer=stable-lend')).toThrow(
      /stablecoins\.0\.issuer: stable-lend lends USDC, not USDX: the issuer's debt must be the stablecoin/,
    );
    expect(() => preset('stablecoins.0.venue=cex')).toThrow(
      /stablecoins\.0\.venue: must be a venue trading USDX as its base \(got "cex"\)/,
    );
    expect(() => preset('stablecoins.0.asset=ETH')).toThrow(
      /stablecoins\.0\.asset: ETH must use the constant price model/,
    );
  });
});
