import { describe, expect, it } from 'vitest';
import { aave, setup } from '../lending/lending-fixture.test-helper.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import { InstantLiquidation } from './instant.js';
import { CompoundAbsorbLiquidation } from './compound-absorb.js';
import { GenerationSales } from '../../attribution/cascade-generations.js';
import { clipWorld } from '../../agents/liquidators/maker-clip-fixture.test-helper.js';
import { expectRel } from '../../liquidation/maker-2.0/maker.test-helper.js';

// What each mechanism's calls cost and yield, without a keeper's strategy (agents/liquidators tests that).

const scratch = (): FixedBonusLiquidation => ({
  debtRepaid: 0,
  collateralSeized: 0,
  protocolFee: 0,
  liquidatorReceives: 0,
});

describe('instant mechanism calls', () => {
  it('quotes a liquidation without changing the book, and executes exactly what it quoted', () => {
    // 1 ETH at 2,000 against 1,700 USDC: health 2,000·0.825/1,700 ≈ 0.97, liquidatable with close factor 0.5.
    const { protocol, book } = setup([[1, 1700, 0]], 2000, 0, 'index', aave(0.1));
    const mechanism = new InstantLiquidation(protocol, aave(0.1));
    protocol.attach(mechanism);
    const quote = { ...mechanism.quote(0, 500, scratch()) };
    expect(book.debt[0]).toBe(1700);
    expect(book.collateral[0]).toBe(1);
    // Repay 500: seize 500·1.05/2,000 = 0.2625 ETH; the protocol keeps 10% of the bonus, 0.1·500·0.05/2,000.
    expectRel(quote.debtRepaid, 500);
    expectRel(quote.collateralSeized, 0.2625);
    expectRel(quote.protocolFee, 0.00125);
    expectRel(quote.liquidatorReceives, 0.26125);
    expect(mechanism.liquidate(0, 500)).toEqual(quote);
    expect(book.debt[0]).toBe(1700 - quote.debtRepaid);
    expect(book.collateral[0]).toBe(1 - quote.collateralSeized);
    expect(mechanism.collateralPending()).toBe(0);
    expect(mechanism.debtPending()).toBe(0);
  });
});

describe('maker-clip mechanism calls (dss dog.sol, clip.sol)', () => {
  it('quotes a bark at tip + chip·tab, books it, and a take settles principal first and the chop as a fee', () => {
    const w = clipWorld({ accounts: [[10, 14_000]], rule: { chop: 1.1 } });
    const { mechanism, protocol, book } = w;
    // tab = 14,000·1.1 = 15,400: incentive 300 + 0.001·15,400 = 315.4, nothing moved yet.
    expectRel(mechanism.barkIncentiveUsd(0, Number.POSITIVE_INFINITY)!, 315.4);
    expect(book.debt[0]).toBe(14_000);
    expect(mechanism.bark(0, Number.POSITIVE_INFINITY)).toBe(10 * 1600);
    expectRel(protocol.ledger.keeperIncentivesUsd, 315.4);
    expect(book.collateral[0]).toBe(0);
    const status = mechanism.status(1);
    expectRel(status.price, 1920); // top = 1,600·buf 1.2
    expectRel(status.tab, 15_400);
    // Buy 5 ETH at 1,920: owe 9,600, all principal (14,000 due); nothing of the chop yet.
    const take = mechanism.take(1, 5, status.price);
    expect(take.generation).toBe(0);
    expectRel(take.slice, 5);
    expectRel(take.owe, 9600);
    expectRel(mechanism.debtPending(), 4400);
    expectRel(mechanism.collateralPending(), 5);
    expectRel(protocol.ledger.collateralToLiquidators, 5);
    // The rest of the tab, 5,800 at 1,920 = 3.02 ETH: principal 4,400 repaid, 1,400 of chop to the protocol, and
    // the leftover lot back to the owner.
    const last = mechanism.take(1, 5, status.price);
    expectRel(last.owe, 5800);
    expect(mechanism.debtPending()).toBe(0);
    expect(mechanism.collateralPending()).toBe(0);
    expectRel(protocol.ledger.protocolFeesUsd, 1400);
  });

  it('has no bark for a vault without collateral, and the breaker allowance is 0 once only residue is left', () => {
    const w = clipWorld({ accounts: [[0, 14_000]], maxLiquidatedUsdPerBlock: 1e-20 });
    expect(w.mechanism.barkIncentiveUsd(0, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(w.mechanism.barkAllowanceUsd(1e9)).toBe(0);
    expect(w.mechanism.dogHasRoom()).toBe(true);
  });
});

describe('compound-v3 mechanism calls (Comet absorb, buyCollateral)', () => {
  it('absorbs at the liquidation factor, sells at the store-front price, and settles once nothing is left', () => {
    // 1 ETH against 1,800 USDC, LT 0.825; at 1,500: 1,500·0.825 = 1,237.5 < 1,800, liquidatable.
    const { protocol, moveTo } = setup([[1, 1800, 0]], 2000, 5000);
    const mechanism = new CompoundAbsorbLiquidation(protocol, {
      type: 'compound-v3',
      liquidationFactor: 0.93,
      storeFrontPriceFactor: 0.6,
      targetReserves: 1e6,
    });
    protocol.attach(mechanism);
    moveTo(1500, 1);
    expect(mechanism.canAbsorb(0)).toBe(true);
    mechanism.absorb(0);
    // Credited 1,500·0.93 = 1,395 < 1,800: Comet's reserves pay the whole debt, 5,000 → 3,200.
    expectRel(mechanism.reservesUsd(), 3200);
    expectRel(mechanism.totals.shortfallUsd, 405);
    expect(mechanism.debtPending()).toBe(1800);
    expect(mechanism.collateralForSale()).toBe(1);
    // Store front: 1,500·(1 − 0.6·(1 − 0.93)) = 1,437 per ETH.
    expectRel(mechanism.storeFrontPriceUsd(), 1437);
    expectRel(mechanism.quoteUnits(718.5, 1), 0.5);
    const sales = new GenerationSales(600);
    const half = mechanism.buy(718.5, 1);
    expectRel(half.bought, 0.5);
    expectRel(half.paidUsd, 718.5);
    mechanism.recordResale(sales, half.bought, 750);
    expectRel(mechanism.debtPending(), 1800 - 718.5);
    const rest = mechanism.buy(718.5, mechanism.collateralForSale());
    mechanism.recordResale(sales, rest.bought, 750);
    // The lot sold for 1,437 against 1,800 of debt: 363 written off (the fund first).
    expect(mechanism.collateralPending()).toBeLessThan(1e-9);
    expect(mechanism.debtPending()).toBe(0);
    expectRel(mechanism.totals.writtenOffUsd, 363);
  });
});
