import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';
import { buildWorld } from '../../src/world/build-world.js';
import { stepBlock } from '../../src/world/block-order.js';
import { Invariants } from '../../src/analysis/metrics/invariants.js';
import { runScenario } from '../../src/analysis/run.js';
import { CompoundAbsorbLiquidation } from '../../src/protocol/mechanisms/compound-absorb.js';
import { attribution } from '../../src/attribution/cascade-generations.js';

const TARGET = 5_000_000;

/** 400 Comet borrowers on ETH/USDC; ETH falls 15% over 10 minutes; reserves (the insurance fund) start at
 * `reservesUsd`. */
function comet(
  reservesUsd: number,
  shock = { dropPct: 15, dropMinutes: 10 },
  health = { min: 1.01, max: 1.6 },
): Scenario {
  return scenarioSchema.parse({
    name: 'comet-shock',
    seed: 7,
    blocks: 300,
    chain: { nativeAsset: 'ETH', gasPriceGwei: 20 },
    assets: [
      { symbol: 'ETH', price: { model: 'shock', initial: 2000, startMinute: 2, ...shock } },
      { symbol: 'USDC', price: { model: 'constant', initial: 1 } },
    ],
    venues: [
      {
        type: 'offchain',
        id: 'cex',
        base: 'ETH',
        quote: 'USDC',
        depthUsdPer1Pct: 2_000_000,
        resilienceHalfLifeSeconds: 600,
      },
      { type: 'cpamm', id: 'pool', base: 'ETH', quote: 'USDC', liquidityUsd: 10_000_000, feeBps: 5 },
    ],
    oracles: [{ id: 'o', asset: 'ETH', sources: ['cex', 'pool'], deviationPct: 0.5, delayBlocks: 1 }],
    protocols: [
      {
        type: 'lending',
        id: 'comet',
        collateral: 'ETH',
        debt: 'USDC',
        oracle: 'o',
        ltv: 0.8,
        liquidationThreshold: 0.85,
        liquidationRule: {
          type: 'compound-v3',
          liquidationFactor: 0.93,
          storeFrontPriceFactor: 0.5,
          targetReserves: TARGET,
        },
        insuranceFundUsd: reservesUsd,
        borrowers: { count: 400, collateralUsd: { median: 50_000, sigma: 1 }, healthFactor: health },
      },
    ],
    keepers: [
      { id: 'fast', capitalUsd: 2_000_000, latencyBlocks: 0, minProfitUsd: 20, priorityFeeGwei: 2 },
      { id: 'slow', capitalUsd: 1_000_000, latencyBlocks: 2, minProfitUsd: 20, priorityFeeGwei: 1 },
    ],
    arbitrageurs: [{ id: 'arb', capitalUsd: 5_000_000 }],
  });
}

/** The mechanism's state at the end of each block (index = block). */
interface Path {
  reserves: number[];
  fund: number[];
  absorbs: number[];
  purchases: number[];
  held: number[];
  pendingDebt: number[];
  badDebt: number[];
  /** Comet's reserves − (fund − uncovered bad debt − pending debt − owed surplus): 0 when the mapping holds. */
  mappingGap: number[];
}

/** Runs the world block by block with the conservation laws checked after each, recording the mechanism's state. */
function run(scenario: Scenario) {
  const world = buildWorld(scenario, { attribution });
  const invariants = new Invariants(world);
  const protocol = world.protocols[0];
  const mechanism = protocol.mechanism as CompoundAbsorbLiquidation;
  const path: Path = {
    reserves: [],
    fund: [],
    absorbs: [],
    purchases: [],
    held: [],
    pendingDebt: [],
    badDebt: [],
    mappingGap: [],
  };
  const sample = () => {
    path.reserves.push(mechanism.reservesUsd());
    path.fund.push(protocol.fund.balanceUsd());
    path.absorbs.push(mechanism.totals.absorbs);
    path.purchases.push(mechanism.totals.purchases);
    path.held.push(mechanism.collateralPending());
    path.pendingDebt.push(mechanism.debtPending());
    path.badDebt.push(protocol.ledger.badDebtUsd);
    const { fund } = protocol;
    path.mappingGap.push(
      mechanism.reservesUsd() -
        (fund.balanceUsd() - fund.uncoveredUsd - mechanism.debtPending() - mechanism.surplusOwedUsd()),
    );
  };
  sample();
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants.check();
    sample();
  }
  return { world, protocol, mechanism, path };
}

const last = (values: number[]) => values[values.length - 1];
/** Blocks in which `values` rose. */
const risesAt = (values: number[]) => values.flatMap((v, b) => (b > 0 && v > values[b - 1] ? [b] : []));

describe('Compound v3 absorb and buyCollateral in a world', () => {
  it('absorbs every unsafe account, sells the collateral at the store front and books reserves, keeping every conservation law', () => {
    // Reserves 1M < target 5M: the store front is open throughout. ETH falls 15% over 10 minutes.
    const scenario = comet(1_000_000);
    const { world, protocol, mechanism, path } = run(scenario);
    const { totals } = mechanism;
    expect(totals.absorbs).toBeGreaterThan(50);
    expect(totals.purchases).toBeGreaterThan(0);
    // Keepers count absorbs as their liquidations and received exactly the collateral bought.
    expect(world.keepers.reduce((n, k) => n + k.liquidations, 0)).toBe(totals.absorbs);
    expect(protocol.ledger.liquidations).toBe(totals.absorbs);
    expect(world.keepers.reduce((n, k) => n + k.collateralReceived, 0)).toBeCloseTo(totals.collateralBought, 9);
    expect(world.keepers[0].profitUsd).toBeGreaterThan(0);
    expect(protocol.liquidatable).toHaveLength(0);
    // A gradual fall absorbs accounts at health just under 1: credit/debt = health·0.93/0.85 > 1, so every
    // absorb leaves the owner a surplus and none has a shortfall.
    expect(totals.shortfallUsd).toBe(0);
    expect(totals.surplusCreditedUsd).toBeGreaterThan(0);
    // Everything was sold: no collateral or debt left pending, every owner paid, no bad debt.
    expect(last(path.held)).toBeLessThan(1e-9);
    expect(last(path.pendingDebt)).toBe(0);
    expect(mechanism.surplusOwedUsd()).toBeCloseTo(0, 3);
    expect(last(path.badDebt)).toBe(0);
    // Reserves path: down by max(debt, credit) at each absorb, up by each payment; at every block they equal the fund
    // less what it still owes (pending debt, owed surplus); the fund ends at start + payments − debt − surplus.
    for (const gap of path.mappingGap) expect(Math.abs(gap)).toBeLessThan(1e-6);
    const expectedEnd = 1_000_000 + totals.paymentsUsd - totals.reservesChargedUsd;
    expect(last(path.reserves)).toBeCloseTo(expectedEnd, 3);
    expect(last(path.fund)).toBeCloseTo(
      1_000_000 + totals.paymentsUsd - totals.debtAbsorbedUsd - totals.surplusCreditedUsd,
      3,
    );
    expect(totals.penaltyIncomeUsd).toBeGreaterThan(0);
    // runScenario with invariants on gives the same run.
    const result = runScenario(scenario, { checkInvariants: true });
    expect(result.metrics.liquidations).toBe(totals.absorbs);
    expect(result.metrics.liquidatedDebtUsd).toBeCloseTo(totals.debtAbsorbedUsd, 3);
    // Every absorb credited the owner collateral·price·0.93 − debt, so each borrower lost 7% of the collateral taken.
    expect(result.metrics.borrowerPenaltiesUsd).toBeCloseTo(result.metrics.liquidatedCollateralUsd * (1 - 0.93), 3);
    expect(result.metrics.collateralReturnedUsd).toBeCloseTo(totals.surplusCreditedUsd, 3);
    // What buyers paid beyond the debt and the owners' surplus is the protocol's income.
    expect(result.metrics.protocolFeesUsd).toBeCloseTo(totals.penaltyIncomeUsd, 3);
    expect(last(Array.from(result.series.find((c) => c.name === 'insuranceFundUsd')!.values))).toBeCloseTo(
      last(path.fund),
      3,
    );
  });

  it('holds absorbed collateral while reserves are at or above target, and sells only once absorbs pull them below', () => {
    // Reserves 8M > target 5M, same shock. Absorbs lower Comet's reserves by the debt they take over; nothing is for
    // sale until reserves drop under 5M; each purchase then raises them until they are back above target.
    const open = run(comet(1_000_000));
    const { mechanism, path } = run(comet(8_000_000));
    const firstAbsorb = path.absorbs.findIndex((n) => n > 0);
    const firstPurchase = path.purchases.findIndex((n) => n > 0);
    expect(firstAbsorb).toBeGreaterThan(0);
    expect(firstPurchase).toBeGreaterThan(firstAbsorb);
    // Before the first purchase, collateral piled up in the protocol with reserves still at or above target.
    expect(path.held[firstPurchase - 1]).toBeGreaterThan(0);
    expect(path.reserves[firstPurchase - 1]).toBeGreaterThanOrEqual(TARGET);
    // No purchase in a block that started at or above target unless that block's absorbs pulled reserves below it.
    for (const b of risesAt(path.purchases)) {
      expect(path.reserves[b - 1] < TARGET || path.absorbs[b] > path.absorbs[b - 1]).toBe(true);
    }
    expect(path.reserves[firstPurchase - 1]).toBeLessThan(8_000_000);
    for (const gap of path.mappingGap) expect(Math.abs(gap)).toBeLessThan(1e-6);
    // The run ends above target with collateral and its absorbed debt still held (pending, not bad debt):
    // reserves already carry that debt, the fund (cash) has not lost anything.
    expect(last(path.reserves)).toBeGreaterThanOrEqual(TARGET);
    expect(last(path.held)).toBeGreaterThan(0);
    expect(last(path.pendingDebt)).toBeGreaterThan(0);
    expect(last(path.badDebt)).toBe(0);
    expect(Math.min(...path.fund)).toBeGreaterThanOrEqual(8_000_000);
    // Fewer units reach the market than when the store front is always open.
    expect(mechanism.totals.collateralBought).toBeLessThan(open.mechanism.totals.collateralBought);
  });

  it('on a 20% gap, reserves take the shortfalls and bad debt appears once the collateral has sold for less than the debt', () => {
    // Health 1.01–1.05 before a 20% gap: at most 1.05·0.8 = 0.84 after it, so credit/debt ≤ 0.84·0.93/0.85 ≈ 0.919:
    // every absorb has a shortfall and no surplus. Every payment therefore repays absorbed debt, and what is not
    // repaid when the protocol holds no collateral is bad debt: debt absorbed − payments. The fund (1M) pays first.
    const { protocol, mechanism, path } = run(
      comet(1_000_000, { dropPct: 20, dropMinutes: 0 }, { min: 1.01, max: 1.05 }),
    );
    const { totals } = mechanism;
    expect(totals.absorbs).toBe(400);
    expect(totals.surplusCreditedUsd).toBe(0);
    expect(totals.shortfallUsd).toBeGreaterThan(0);
    expect(totals.reservesChargedUsd).toBeCloseTo(totals.debtAbsorbedUsd, 3);
    const badDebt = totals.debtAbsorbedUsd - totals.paymentsUsd;
    expect(badDebt).toBeGreaterThan(1_000_000);
    expect(last(path.badDebt)).toBeCloseTo(badDebt, 3);
    // Written off only in blocks that end with no collateral left in the protocol.
    for (const b of risesAt(path.badDebt)) expect(path.held[b]).toBeLessThan(1e-9);
    expect(protocol.fund.usedUsd).toBe(1_000_000);
    expect(protocol.fund.uncoveredUsd).toBeCloseTo(badDebt - 1_000_000, 3);
    // Comet's reserves end negative by exactly the uncovered part.
    expect(last(path.reserves)).toBeCloseTo(-(badDebt - 1_000_000), 3);
  });
});
