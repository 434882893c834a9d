/**
 * Multi-collateral, multi-debt Aave v3 accounts (protocols of type cross-lending) in a world: the shipped
 * cross-collateral-shock scenario and variations of it, every conservation law checked after every block.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { buildWorld } from '../src/world/build-world.js';
import { stepBlock } from '../src/world/block-order.js';
import { runScenario } from '../src/analysis/run.js';
import { Invariants } from '../src/analysis/metrics/invariants.js';
import { bookSize, computeMetrics } from '../src/analysis/metrics/metrics.js';
import { enginesOfKind } from '../src/protocol/engine-kinds.js';
import { attribution } from '../src/attribution/cascade-generations.js';

const FILE = path.resolve('scenarios/cross-collateral-shock.yaml');
// Reserve order in the scenario: ETH, WBTC, USDC, DAI.
const ETH = 0;
const WBTC = 1;
const USDC = 2;
const DAI = 3;

/** Runs the shipped scenario with `overrides`, invariants checked every block; notes the per-collateral counts at the
 * first liquidation. */
function run(overrides: string[] = []) {
  const { scenario, dir } = loadScenario(FILE, overrides);
  const world = buildWorld(scenario, { attribution, baseDir: dir });
  const invariants = new Invariants(world);
  const pool = enginesOfKind(world, 'cross-lending')[0];
  let firstBlockByCollateral: number[] | undefined;
  for (let b = 0; b < world.blocks; b++) {
    stepBlock(world);
    invariants.check();
    if (!firstBlockByCollateral && pool.ledger.liquidations > 0)
      firstBlockByCollateral = [...pool.totals.liquidationsByCollateral];
  }
  return { world, pool, metrics: computeMetrics(world, bookSize(world)), firstBlockByCollateral };
}

/** A sharp fall of both collaterals (ETH −60%, WBTC −55% in 2 minutes) on a smaller book. */
const DEEP = [
  'assets.0.price.dropPct=60',
  'assets.0.price.dropMinutes=2',
  'assets.1.price.dropPct=55',
  'assets.1.price.dropMinutes=2',
  'blocks=200',
  'protocols.0.borrowers.count=2000',
];

describe('cross-asset Aave v3 pool in a world', () => {
  it('runs the shipped scenario: both collaterals liquidated against both debts, ledgers and metrics agree', () => {
    const { world, pool, metrics } = run();
    const { totals, ledger } = pool;
    expect(pool.variant).toBe('v3.3');
    expect(metrics.accounts).toBe(5000);
    expect(metrics.liquidations).toBeGreaterThan(100);
    expect(metrics.liquidations).toBe(ledger.liquidations);
    for (const asset of [ETH, WBTC]) expect(totals.liquidationsByCollateral[asset]).toBeGreaterThan(0);
    for (const asset of [USDC, DAI]) expect(totals.liquidationsByDebt[asset]).toBeGreaterThan(0);
    // Stablecoins are never seized (no account supplies them); volatile assets are never repaid (no account owes them).
    expect(totals.liquidationsByCollateral[USDC] + totals.liquidationsByCollateral[DAI]).toBe(0);
    expect(totals.liquidationsByDebt[ETH] + totals.liquidationsByDebt[WBTC]).toBe(0);
    expect(totals.liquidationsByCollateral[ETH] + totals.liquidationsByCollateral[WBTC]).toBe(ledger.liquidations);
    // USD: debt repaid is the USDC + DAI units at $1; the borrower's penalty is seized − repaid; fee is 10% of the
    // bonus part.
    expect(metrics.liquidatedDebtUsd).toBeCloseTo(totals.debtRepaid[USDC] + totals.debtRepaid[DAI], 3);
    expect(metrics.borrowerPenaltiesUsd).toBeCloseTo(metrics.liquidatedCollateralUsd - metrics.liquidatedDebtUsd, 3);
    // Bonus 5–7.5% of the repay, the treasury's 10% of it: fees lie between 0.05·0.1/1.05 and 0.075·0.1/1.075 of the
    // seizure.
    expect(metrics.protocolFeesUsd / metrics.liquidatedCollateralUsd).toBeGreaterThan((0.05 * 0.1) / 1.05 - 1e-9);
    expect(metrics.protocolFeesUsd / metrics.liquidatedCollateralUsd).toBeLessThan((0.075 * 0.1) / 1.075 + 1e-9);
    expect(metrics.liquidationsByGeneration.reduce((a, b) => a + b, 0)).toBe(metrics.liquidations);
    // Keepers made every call, and the recorder's per-block series add up to the ledger.
    expect(world.keepers.reduce((n, k) => n + k.liquidations, 0)).toBe(metrics.liquidations);
    const series = (name: string) => world.recorder.column(name) as Float64Array;
    expect(series('liquidations').reduce((a, b) => a + b, 0)).toBe(metrics.liquidations);
    expect(series('liquidatedUsd').reduce((a, b) => a + b, 0)).toBeCloseTo(metrics.liquidatedCollateralUsd, 3);
    expect(series('badDebtUsd')[world.blocks]).toBe(metrics.badDebtUsd);
    expect(series('insuranceFundUsd')[world.blocks]).toBeCloseTo(2_000_000 - metrics.insuranceFundUsedUsd, 6);
  });

  it('keepers take the collateral with the much larger bonus first, whichever it is', () => {
    // Without jitter every account holds 60% ETH / 40% WBTC by value. Per repaid USD a keeper gets 1 + b − 0.1·b of
    // collateral value: 1.18 at a 20% bonus against 1.018 at 2%, so the high-bonus side pays ~10× more per dollar
    // and its reserve (≥ 40% of the collateral, seizure capped at value/1.2) covers every first call's close factor.
    const common = ['protocols.0.borrowers.mixJitter=0', 'blocks=300'];
    const wbtcRich = run([
      ...common,
      'protocols.0.reserves.0.liquidationBonus=0.02',
      'protocols.0.reserves.1.liquidationBonus=0.2',
    ]);
    const ethRich = run([
      ...common,
      'protocols.0.reserves.0.liquidationBonus=0.2',
      'protocols.0.reserves.1.liquidationBonus=0.02',
    ]);
    expect(wbtcRich.firstBlockByCollateral?.[WBTC]).toBeGreaterThan(0);
    expect(wbtcRich.firstBlockByCollateral?.[ETH]).toBe(0);
    expect(ethRich.firstBlockByCollateral?.[ETH]).toBeGreaterThan(0);
    expect(ethRich.firstBlockByCollateral?.[WBTC]).toBe(0);
    // Every account's first liquidationCall seizes the high-bonus collateral; the other follows once it runs out.
    for (const [{ pool }, high, low] of [
      [wbtcRich, WBTC, ETH],
      [ethRich, ETH, WBTC],
    ] as const) {
      expect(pool.ledger.accountsLiquidated).toBeGreaterThan(100);
      expect(pool.totals.firstLiquidationsByCollateral[high]).toBe(pool.ledger.accountsLiquidated);
      expect(pool.totals.firstLiquidationsByCollateral[low]).toBe(0);
      expect(pool.totals.liquidationsByCollateral[low]).toBeGreaterThan(0);
    }
  });

  it('v3.3 writes the debt of accounts left without collateral off as bad debt, paid by the insurance fund first', () => {
    const { pool, metrics } = run(DEEP);
    expect(metrics.badDebtUsd).toBeGreaterThan(2_000_000);
    // The 2,000,000 USD fund is used up; the rest is uncovered.
    expect(metrics.insuranceFundUsedUsd).toBeCloseTo(2_000_000, 6);
    expect(pool.fund.balanceUsd()).toBeCloseTo(0, 6);
    expect(metrics.uncoveredBadDebtUsd).toBeCloseTo(metrics.badDebtUsd - 2_000_000, 3);
    expect(metrics.insuranceDraws).toBeGreaterThan(0);
    // Written-off units of USDC and DAI at $1 are the bad debt.
    expect(pool.totals.debtWrittenOff[USDC] + pool.totals.debtWrittenOff[DAI]).toBeCloseTo(metrics.badDebtUsd, 3);
    // Same fall under v3: nothing is written off, the debt of emptied accounts stays on the books.
    const v3 = run([...DEEP, 'protocols.0.variant=v3']);
    expect(v3.metrics.badDebtUsd).toBe(0);
    expect(v3.metrics.insuranceFundUsedUsd).toBe(0);
    const { book } = v3.pool;
    let strandedDebtUsd = 0;
    for (let account = 0; account < book.accounts; account++) {
      const slot = (asset: number) => book.slot(account, asset);
      const collateral = book.collateral[slot(ETH)] + book.collateral[slot(WBTC)];
      if (collateral === 0) strandedDebtUsd += book.debt[slot(USDC)] + book.debt[slot(DAI)];
    }
    expect(strandedDebtUsd).toBeGreaterThan(0);
  });

  it('is deterministic: same seed, identical metrics; another seed, another population', () => {
    const { scenario, dir } = loadScenario(FILE, ['blocks=300']);
    const first = runScenario(scenario, { baseDir: dir });
    const second = runScenario(scenario, { baseDir: dir });
    expect(second.metrics).toEqual(first.metrics);
    expect(second.series).toEqual(first.series);
    const other = runScenario(scenario, { baseDir: dir, seed: 2 });
    expect(other.metrics.initialCollateralUsd).not.toBe(first.metrics.initialCollateralUsd);
  });
});
