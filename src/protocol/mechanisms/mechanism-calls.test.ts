import { describe, expect, it } from 'vitest';
import { aave, setup } from '../lending/lending-fixture.test-helper.js';
import type { FixedBonusLiquidation } from '../../liquidation/fixed-bonus.js';
import { InstantLiquidation } from './instant.js';
import { CompoundAbsorbLiquidation } from './compound-absorb.js';
import { MakerFlipLiquidation } from './maker-flip.js';
import { LiquityStabilityPoolLiquidation } from './liquity-pool.js';
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

describe('maker-flip mechanism calls (dss cat.sol bite, flip.sol tend/dent/deal)', () => {
  it('bites a whole vault at chop, takes tend and dent bids, and deals: principal first, the chop as a fee', () => {
    // 10 ETH against 15,000 USDC at 1,800: 10·1,800·0.825 = 14,850 < 15,000, liquidatable.
    const { protocol, book } = setup([[10, 15_000, 0]], 1800);
    const mechanism = new MakerFlipLiquidation(protocol, {
      type: 'maker-flip',
      chop: 1.13,
      dunkUsd: 1e9,
      boxUsd: 1e12,
      dustUsd: 0,
      beg: 1.05,
      ttlSeconds: 600,
      tauSeconds: 3600,
    });
    protocol.attach(mechanism);
    protocol.refresh(1, 12);
    expect(mechanism.bite(0)).toBeNull();
    // The whole vault: lot 10, tab 15,000·1.13 = 16,950 in the litterbox.
    expect(book.debt[0]).toBe(0);
    expectRel(mechanism.litter, 16_950);
    expect(mechanism.collateralPending()).toBe(10);
    expect(mechanism.debtPending()).toBe(15_000);
    mechanism.tend(1, 'A', 10_000);
    expect(mechanism.lockedUsd('A')).toBe(10_000);
    mechanism.tend(1, 'B', 16_950); // bid = tab: the dent phase
    expect(mechanism.lockedUsd('A')).toBe(0);
    mechanism.dent(1, 'C', 9); // 1 ETH back to the owner
    expect(mechanism.collateralPending()).toBe(9);
    expectRel(mechanism.lockedUsd('C'), 16_950);
    protocol.refresh(60, 720); // past the bid's ttl (12 + 600 s)
    const { deal, generation } = mechanism.deal(1);
    expect(generation).toBe(0);
    expect(deal).toMatchObject({ id: 1, account: 0, winner: 'C', lot: 9, initialLot: 10, principal: 15_000 });
    expectRel(deal.bid, 16_950);
    expect(deal.badDebtUsd).toBe(0);
    expect(mechanism.deals).toEqual([deal]);
    expect(mechanism.debtPending()).toBe(0);
    expect(mechanism.litter).toBeLessThan(1e-9);
    expectRel(protocol.ledger.protocolFeesUsd, 1950);
    expect(protocol.ledger.collateralToLiquidators).toBe(9);
  });
});

describe('liquity-v1 mechanism calls (TroveManager liquidate, StabilityPool offset)', () => {
  it('plans a liquidation without moving anything, then pays gas compensation and offsets the debt', () => {
    // Trove 0: 10 ETH, 9,500 LUSD at 1,000: ICR 105% < 110%. Trove 1 keeps the system out of recovery mode.
    const { protocol } = setup(
      [
        [10, 9500, 0],
        [100, 50_000, 0],
      ],
      1000,
    );
    const mechanism = new LiquityStabilityPoolLiquidation(protocol, {
      type: 'liquity-v1',
      stabilityPoolUsd: 1e6,
      depositorsSellShare: 0.5,
    });
    protocol.attach(mechanism);
    mechanism.beginCalls();
    const t = mechanism.troveOf(0);
    const plan = mechanism.plan(t);
    expect(plan.liquidated).toBe(true);
    // Gas compensation: 0.5% of the collateral and the 200 LUSD reserve.
    expectRel(plan.collGasCompensation, 0.05);
    expect(mechanism.compensationUsd(plan)).toBe(200);
    expect(mechanism.fitsAllowance(plan)).toBe(true);
    expect(protocol.book.debt[0]).toBe(9500);
    const call = mechanism.liquidate(t, 0);
    mechanism.endCalls();
    expectRel(call.keeperCollateral, 0.05);
    expect(call.keeperIncentiveUsd).toBe(200);
    // The pool offsets all 9,500 and gains 9.95 ETH; depositors sell half.
    expectRel(call.depositorsSell, 4.975);
    expectRel(mechanism.stats.depositorCollateralHeld, 4.975);
    expect(protocol.book.debt[0]).toBe(0);
    expectRel(protocol.ledger.collateralToLiquidators, 0.05);
    expect(protocol.ledger.keeperIncentivesUsd).toBe(200);
    expect(mechanism.history).toHaveLength(1);
    mechanism.recordDepositorSale(call.depositorsSell, 4975);
    expectRel(mechanism.stats.depositorCollateralSold, 4.975);
    expectRel(mechanism.stats.depositorProceedsUsd, 4975);
  });
});
