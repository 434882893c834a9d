import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CascadeError } from '../../kernel/errors.js';
import { CometError, type CometErrorCode } from './errors.js';
import {
  absorb,
  buyCollateral,
  CometMarket,
  isLiquidatable,
  quoteCollateral,
  storeFrontDiscount,
  type BuyCollateralArgs,
} from './comet.js';

function rejects(call: () => unknown, code: CometErrorCode): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CometError);
  expect(caught).toBeInstanceOf(CascadeError);
  expect((caught as CometError).code).toBe(code);
}

/** WETH in a USDC market: liquidateCollateralFactor 0.85, liquidationFactor 0.93. */
const weth = (amount: number, price: number) => ({
  asset: 'WETH',
  amount,
  price,
  liquidateCollateralFactor: 0.85,
  liquidationFactor: 0.93,
});

describe('Comet liquidation (compound-finance/comet Comet.sol)', () => {
  it('isLiquidatable: balance·basePrice + Σ amount·price·liquidateCF < 0, strictly', () => {
    // −1,700 + 1·2,000·0.85 = 0: not liquidatable.
    expect(isLiquidatable(-1700, 1, [weth(1, 2000)])).toBe(false);
    // −1,700.01 + 1,700 < 0: liquidatable.
    expect(isLiquidatable(-1700.01, 1, [weth(1, 2000)])).toBe(true);
    // Two collaterals: −3,000 + 1·2,000·0.85 + 2,000·1·0.65 = 0: not liquidatable; one cent more debt is.
    const usdt = { amount: 2000, price: 1, liquidateCollateralFactor: 0.65 };
    expect(isLiquidatable(-3000, 1, [weth(1, 2000), usdt])).toBe(false);
    expect(isLiquidatable(-3000.01, 1, [weth(1, 2000), usdt])).toBe(true);
    // A base price of 2 doubles the debt's value: −1,000·2 + 1,700 < 0.
    expect(isLiquidatable(-1000, 2, [weth(1, 2000)])).toBe(true);
    // Suppliers are never liquidatable, with or without collateral.
    expect(isLiquidatable(0, 1, [])).toBe(false);
    expect(isLiquidatable(5, 1, [])).toBe(false);
  });

  it('absorb with a shortfall: the account is zeroed and reserves pay the whole debt', () => {
    // 1 ETH at 1,500 against 1,800 USDC: −1,800 + 1,275 < 0, liquidatable.
    // credited = 1·1,500·0.93 = 1,395; new balance max(0, −1,800 + 1,395) = 0; shortfall 1,800 − 1,395 = 405.
    // Reserves pay the 1,800 of debt: 5,000 → 3,200; the ETH joins the collateral reserves.
    const r = absorb({ baseBalance: -1800, basePrice: 1, collaterals: [weth(1, 1500)] }, 5000);
    expect(r.seized).toEqual([{ asset: 'WETH', amount: 1, valueUsd: 1500 }]);
    expect(r.debtAbsorbed).toBe(1800);
    expect(r.credited).toBe(1395);
    expect(r.newBaseBalance).toBe(0);
    expect(r.supplyCredited).toBe(0);
    expect(r.shortfall).toBe(405);
    expect(r.basePaidOut).toBe(1800);
    expect(r.reservesChange).toBe(-1800);
    expect(r.reserves).toBe(3200);
  });

  it('absorb with a surplus: the excess over the debt stays with the account as base supply', () => {
    // 1 ETH at 1,150 against 1,000 USDC: −1,000 + 977.5 < 0, liquidatable.
    // credited = 1,150·0.93 = 1,069.5 > 1,000: new balance +69.5 (supplied), shortfall 0.
    // Reserves pay 1,000 of debt and 69.5 of supply: 5,000 → 3,930.5.
    const r = absorb({ baseBalance: -1000, basePrice: 1, collaterals: [weth(1, 1150)] }, 5000);
    expect(r.credited).toBe(1069.5);
    expect(r.newBaseBalance).toBeCloseTo(69.5, 9);
    expect(r.supplyCredited).toBeCloseTo(69.5, 9);
    expect(r.shortfall).toBe(0);
    expect(r.basePaidOut).toBe(1069.5);
    expect(r.reserves).toBe(3930.5);
  });

  it('absorb divides the credited value by the base price, and refuses healthy accounts', () => {
    // Base at 2 USD: −1,000 base = −2,000 USD; credited = 1,500·0.93/2 = 697.5 base; shortfall 302.5 base.
    const r = absorb({ baseBalance: -1000, basePrice: 2, collaterals: [weth(1, 1500)] }, 0);
    expect(r.credited).toBe(697.5);
    expect(r.shortfall).toBe(302.5);
    expect(r.reserves).toBe(-1000);
    rejects(() => absorb({ baseBalance: -1700, basePrice: 1, collaterals: [weth(1, 2000)] }, 0), 'NotLiquidatable');
  });

  it('quoteCollateral: price 2,000, storeFront 0.6, liquidationFactor 0.93 → discount 0.042', () => {
    // discount = 0.6·(1 − 0.93) = 0.042; discounted price = 2,000·0.958 = 1,916; 1,000 USDC → 1,000/1,916 ETH.
    expect(storeFrontDiscount(0.6, 0.93)).toBeCloseTo(0.042, 15);
    expect(quoteCollateral(2000, 0.6, 0.93, 1000)).toBeCloseTo(1000 / 1916, 12);
    // 1,916 USDC buys exactly 1 ETH; at base price 2 it buys 2 ETH.
    expect(quoteCollateral(2000, 0.6, 0.93, 1916)).toBeCloseTo(1, 12);
    expect(quoteCollateral(2000, 0.6, 0.93, 1916, 2)).toBeCloseTo(2, 12);
    rejects(() => quoteCollateral(0, 0.6, 0.93, 1000), 'BadPrice');
  });

  it('buyCollateral: open only below target reserves, within the slippage bound and the collateral held', () => {
    const args: BuyCollateralArgs = {
      reserves: 4_999_999,
      targetReserves: 5_000_000,
      collateralReserves: 10,
      assetPrice: 2000,
      basePrice: 1,
      storeFrontPriceFactor: 0.6,
      liquidationFactor: 0.93,
      baseAmount: 1916,
      minAmount: 0,
    };
    // Below target: 1,916 USDC buys 1 ETH; reserves rise by 1,916, collateral reserves fall to 9.
    const ok = buyCollateral(args);
    expect(ok.collateralOut).toBeCloseTo(1, 12);
    expect(ok.reserves).toBe(5_001_915);
    expect(ok.collateralReserves).toBeCloseTo(9, 12);
    // At or above target: not for sale.
    rejects(() => buyCollateral({ ...args, reserves: 5_000_000 }), 'NotForSale');
    rejects(() => buyCollateral({ ...args, reserves: 6_000_000 }), 'NotForSale');
    // Negative reserves are always below target, even a target of 0.
    expect(buyCollateral({ ...args, reserves: -1, targetReserves: 0 }).reserves).toBe(1915);
    rejects(() => buyCollateral({ ...args, reserves: 0, targetReserves: 0 }), 'NotForSale');
    // 1 ETH quoted < 1.01 asked; 1 ETH quoted > 0.5 held.
    rejects(() => buyCollateral({ ...args, minAmount: 1.01 }), 'TooMuchSlippage');
    rejects(() => buyCollateral({ ...args, collateralReserves: 0.5 }), 'InsufficientReserves');
  });

  it('CometMarket: absorb moves the collateral into the reserves, buyCollateral sells it until target', () => {
    const market = new CometMarket(
      {
        storeFrontPriceFactor: 0.6,
        targetReserves: 1000,
        assets: { WETH: { liquidateCollateralFactor: 0.85, liquidationFactor: 0.93 } },
      },
      1500,
    );
    const prices = { base: 1, assets: { WETH: 1500 } };
    // Absorb 1 ETH against 1,800: reserves 1,500 → −300, WETH reserves 0 → 1.
    const r = market.absorb(-1800, { WETH: 1 }, prices);
    expect(r.shortfall).toBe(405);
    expect(market.reserves).toBe(-300);
    expect(market.collateralReserves('WETH')).toBe(1);
    expect(market.isForSale()).toBe(true);
    // Discounted price 1,500·0.958 = 1,437: 1,437 USDC buys the 1 ETH; reserves −300 → 1,137 ≥ target 1,000.
    expect(market.quoteCollateral('WETH', 1437, prices)).toBeCloseTo(1, 12);
    const sale = market.buyCollateral('WETH', 1437, 0.99, prices);
    expect(sale.collateralOut).toBeCloseTo(1, 12);
    expect(market.reserves).toBe(1137);
    expect(market.isForSale()).toBe(false);
    rejects(() => market.buyCollateral('WETH', 1, 0, prices), 'NotForSale');
    rejects(() => market.quoteCollateral('WBTC', 1, prices), 'BadAsset');
  });

  it('absorb conserves value: debt cleared = part covered by the credited collateral + shortfall', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.double({ min: 0, max: 1e4, noNaN: true }),
            price: fc.double({ min: 1e-2, max: 1e5, noNaN: true }),
            liquidateCollateralFactor: fc.double({ min: 0.3, max: 0.95, noNaN: true }),
            liquidationFactor: fc.double({ min: 0.8, max: 1, noNaN: true }),
          }),
          { maxLength: 4 },
        ),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        (collaterals, basePrice, excess, reserves) => {
          // Debt just above the liquidation threshold (small excess: often a surplus at absorb) or far above it.
          const threshold =
            collaterals.reduce((sum, c) => sum + c.amount * c.price * c.liquidateCollateralFactor, 0) / basePrice;
          const debt = threshold * (1 + excess) + 1;
          const account = { baseBalance: -debt, basePrice, collaterals };
          expect(isLiquidatable(account.baseBalance, basePrice, collaterals)).toBe(true);
          const r = absorb(account, reserves);
          const tol = 1e-9 * Math.max(1, debt, r.credited);
          const coveredByCollateral = r.credited - r.supplyCredited;
          // Debt cleared = credited part applied to the debt + shortfall.
          expect(Math.abs(coveredByCollateral + r.shortfall - r.debtAbsorbed)).toBeLessThanOrEqual(tol);
          // Reserves pay the debt and any supply credited: reserves change = −(debt + surplus).
          expect(Math.abs(r.reservesChange + r.debtAbsorbed + r.supplyCredited)).toBeLessThanOrEqual(tol);
          // Counting the seized collateral at its credited value, the protocol is down exactly the shortfall.
          expect(Math.abs(r.reservesChange + r.credited + r.shortfall)).toBeLessThanOrEqual(tol);
          expect(r.newBaseBalance).toBeGreaterThanOrEqual(0);
          expect(r.shortfall === 0 || r.supplyCredited === 0).toBe(true);
        },
      ),
    );
  });
});
