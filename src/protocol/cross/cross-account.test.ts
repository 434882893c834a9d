import { describe, expect, it } from 'vitest';
import {
  CrossAccountBook,
  accountData,
  healthFactorOf,
  healthFactors,
  liquidatableAccounts,
  totalDebtUsd,
} from './cross-account.js';
import { reserveFromAaveBps, validateReserve, liquidatorUnitsPerRepaid, type CrossReserve } from './reserves.js';
import { bookOf, PRICES, RESERVES, TWO_BY_TWO, USDC, WETH } from './fixtures.test-helper.js';

describe('CrossAccountBook account data (Aave v3 GenericLogic.calculateUserAccountData)', () => {
  it('totals, value-weighted LTV and threshold, health factor and available borrows of a 2-collateral, 2-debt account', () => {
    // 10 WETH·2,000 = 20,000 USD and 0.5 WBTC·30,000 = 15,000 USD: collateral 35,000 USD.
    // Debt 15,000 USDC + 10,000 DAI at 1 USD = 25,000 USD.
    // Σ value·LTV = 20,000·0.80 + 15,000·0.70 = 16,000 + 10,500 = 26,500 → average LTV 26,500/35,000.
    // Σ value·LT = 20,000·0.825 + 15,000·0.75 = 16,500 + 11,250 = 27,750 → average LT 27,750/35,000,
    // health 27,750/25,000 = 1.11; available borrows 26,500 − 25,000 = 1,500.
    const book = bookOf([TWO_BY_TWO]);
    const data = accountData(book, 0);
    expect(data.totalCollateralUsd).toBeCloseTo(35_000, 9);
    expect(data.totalDebtUsd).toBeCloseTo(25_000, 9);
    expect(data.averageLtv).toBeCloseTo(26_500 / 35_000, 12);
    expect(data.averageLiquidationThreshold).toBeCloseTo(27_750 / 35_000, 12);
    expect(data.healthFactor).toBeCloseTo(1.11, 12);
    expect(data.borrowingPowerUsd).toBeCloseTo(26_500, 9);
    expect(data.availableBorrowsUsd).toBeCloseTo(1_500, 9);
    expect(data.hasZeroLtvCollateral).toBe(false);
    expect(healthFactorOf(book, 0)).toBeCloseTo(1.11, 12);
    expect(totalDebtUsd(book, 0)).toBeCloseTo(25_000, 9);
  });

  it('follows a price move: WETH at 1,600 puts the account below 1 and borrowing power below the debt', () => {
    // Σ value·LT = 16,000·0.825 + 11,250 = 24,450 → health 24,450/25,000 = 0.978.
    // Borrowing power 16,000·0.8 + 10,500 = 23,300 < 25,000 → available borrows 0.
    const book = bookOf([TWO_BY_TWO]);
    book.setPrice(WETH, 1600);
    const data = accountData(book, 0);
    expect(data.healthFactor).toBeCloseTo(0.978, 12);
    expect(data.availableBorrowsUsd).toBe(0);
    expect(liquidatableAccounts(book)).toEqual([0]);
  });

  it('leaves threshold-0 supplies out of the collateral and counts ltv-0 collateral in the average LTV denominator only', () => {
    const reserves: CrossReserve[] = [
      RESERVES[WETH],
      { name: 'GOV', ltv: 0, liquidationThreshold: 0, liquidationBonus: 0, liquidationProtocolFee: 0 },
      { name: 'FROZEN', ltv: 0, liquidationThreshold: 0.5, liquidationBonus: 0.1, liquidationProtocolFee: 0 },
      RESERVES[USDC],
    ];
    const book = new CrossAccountBook(reserves, [2000, 10, 10, 1], 1);
    book.collateral[book.slot(0, 0)] = 10; // 20,000 USD
    book.collateral[book.slot(0, 1)] = 1000; // 10,000 USD, not collateral (threshold 0)
    book.collateral[book.slot(0, 2)] = 1000; // 10,000 USD collateral with ltv 0
    book.debt[book.slot(0, 3)] = 10_000;
    // Collateral 20,000 + 10,000 = 30,000; Σ value·ltv = 16,000 → average LTV 16,000/30,000;
    // Σ value·LT = 16,500 + 5,000 = 21,500 → health 2.15.
    const data = accountData(book, 0);
    expect(data.totalCollateralUsd).toBeCloseTo(30_000, 9);
    expect(data.averageLtv).toBeCloseTo(16_000 / 30_000, 12);
    expect(data.averageLiquidationThreshold).toBeCloseTo(21_500 / 30_000, 12);
    expect(data.healthFactor).toBeCloseTo(2.15, 12);
    expect(data.hasZeroLtvCollateral).toBe(true);
  });

  it('reports an account without debt as infinitely healthy and without collateral as zero averages', () => {
    const book = bookOf([
      { collateral: [1, 0, 0, 0], debt: [0, 0, 0, 0] },
      { collateral: [0, 0, 0, 0], debt: [0, 0, 0, 0] },
    ]);
    expect(accountData(book, 0).healthFactor).toBe(Number.POSITIVE_INFINITY);
    expect(accountData(book, 1).averageLtv).toBe(0);
    expect(accountData(book, 1).averageLiquidationThreshold).toBe(0);
    expect(liquidatableAccounts(book)).toEqual([]);
  });

  it('computes 105,000 accounts × 4 assets in one pass and ranks the liquidatable ones by debt', () => {
    // Account i: (1 + i mod 10) WETH at 2,000 against 1,000·(1 + i mod 7) USDC.
    // Health 1,650·(1 + a)/(1,000·(1 + b)) < 1 with a = i mod 10, b = i mod 7, i.e. 1.65(1 + a) < 1 + b:
    // a = 0: b ≥ 1 (6 pairs); a = 1: b ≥ 3 (4); a = 2: b ≥ 4 (3); a = 3: b = 6 (1) → 14 of every 70 accounts.
    const accounts = 70 * 1500;
    const book = new CrossAccountBook(RESERVES, PRICES, accounts);
    for (let i = 0; i < accounts; i++) {
      book.collateral[book.slot(i, WETH)] = 1 + (i % 10);
      book.debt[book.slot(i, USDC)] = 1000 * (1 + (i % 7));
    }
    const health = healthFactors(book);
    expect(health[13]).toBeCloseTo((1650 * 4) / 7000, 12);
    expect(health[104_999]).toBeCloseTo((1650 * 10) / (1000 * (1 + (104_999 % 7))), 12);
    const liquidatable = liquidatableAccounts(book);
    expect(liquidatable.length).toBe(14 * 1500);
    // Largest debt (7,000) first; the smallest such index with a ≤ 3 and b = 6 is 13 (a = 3), then 20 (a = 0).
    expect(liquidatable.slice(0, 2)).toEqual([13, 20]);
  });
});

describe('reserve configuration (Aave v3 PoolConfigurator rules)', () => {
  it('converts Aave basis points with a 1.05-style bonus into 0.05-style fractions', () => {
    const weth = reserveFromAaveBps({
      name: 'WETH',
      ltvBps: 8000,
      liquidationThresholdBps: 8250,
      liquidationBonusBps: 10500,
      liquidationProtocolFeeBps: 1000,
    });
    expect(weth.ltv).toBeCloseTo(0.8, 15);
    expect(weth.liquidationThreshold).toBeCloseTo(0.825, 15);
    expect(weth.liquidationBonus).toBeCloseTo(0.05, 12);
    expect(weth.liquidationProtocolFee).toBeCloseTo(0.1, 15);
    // Per repaid USD at WETH 2,000: 1/2,000·(1 + 0.05 − 0.1·0.05) = 0.0005225 WETH to the liquidator.
    expect(liquidatorUnitsPerRepaid(weth, 2000, 1)).toBeCloseTo(0.0005225, 15);
  });

  it('rejects configurations the configurator refuses', () => {
    const base = RESERVES[WETH];
    expect(() => validateReserve({ ...base, ltv: 0.9 })).toThrow(/ltv/);
    expect(() => validateReserve({ ...base, liquidationThreshold: 0.97, ltv: 0.9 })).toThrow(/1 \+ liquidationBonus/);
    expect(() => validateReserve({ ...base, liquidationBonus: 0 })).toThrow(/liquidationBonus > 0/);
    expect(() => validateReserve({ ...base, ltv: 0, liquidationThreshold: 0 })).toThrow(/liquidationBonus 0/);
    expect(() => validateReserve({ ...base, liquidationProtocolFee: 1.5 })).toThrow(/liquidationProtocolFee/);
    expect(() => new CrossAccountBook(RESERVES, [2000, 30_000, 1, 0], 1)).toThrow(/price/);
  });
});
