import { describe, expect, it } from 'vitest';
import { healthFactorOf } from './cross-account.js';
import { liquidationCall } from './cross-liquidation.js';
import { healthAfterLiquidation, isToxicLiquidation, toxicHealthThreshold } from './toxic.js';
import { bookOf, DAI, RESERVES, USDC, WBTC, WETH } from './fixtures.test-helper.js';

describe('toxic liquidation frontier with several collaterals: HF < LT_j·(1 + b_j)', () => {
  it('states the threshold per collateral', () => {
    // WETH 0.825·1.05 = 0.86625; WBTC 0.75·1.10 = 0.825.
    expect(toxicHealthThreshold(RESERVES[WETH])).toBeCloseTo(0.86625, 15);
    expect(toxicHealthThreshold(RESERVES[WBTC])).toBeCloseTo(0.825, 15);
    expect(isToxicLiquidation(0.85, RESERVES[WETH])).toBe(true);
    expect(isToxicLiquidation(0.85, RESERVES[WBTC])).toBe(false);
    // HF' = HF + r·(HF − T)/(D − r): 0.9 + 5,000·(0.9 − 0.825)/20,000 = 0.91875; all debt repaid → +Infinity.
    expect(healthAfterLiquidation(0.9, 25_000, 5000, RESERVES[WBTC])).toBeCloseTo(0.91875, 15);
    expect(healthAfterLiquidation(0.9, 25_000, 25_000, RESERVES[WBTC])).toBe(Number.POSITIVE_INFINITY);
  });

  it('on one account at health 0.85, taking WETH lowers the health and taking WBTC raises it', () => {
    // 10 WETH at 1,600 and 0.5 WBTC at 30,000: Σ value·LT = 13,200 + 11,250 = 24,450.
    // Debt 20,000 USDC + DAI chosen so that D = 24,450/0.85 = 28,764.71 USD → health 0.85 (close factor 1).
    // Repay 2,000 USDC: D − r = 26,764.71.
    //   via WETH (T = 0.86625): 0.85 + 2,000·(0.85 − 0.86625)/26,764.71 = 0.85 − 32.5/26,764.71 ≈ 0.848786;
    //   via WBTC (T = 0.825):   0.85 + 2,000·(0.85 − 0.825)/26,764.71 = 0.85 + 50/26,764.71 ≈ 0.851868.
    const debtUsd = 24_450 / 0.85;
    const position = { collateral: [10, 0.5, 0, 0], debt: [0, 0, 20_000, debtUsd - 20_000] };
    const fresh = () => {
      const book = bookOf([position]);
      book.setPrice(WETH, 1600);
      return book;
    };
    const viaWeth = fresh();
    expect(healthFactorOf(viaWeth, 0)).toBeCloseTo(0.85, 12);
    liquidationCall(viaWeth, 0, WETH, USDC, 2000, 'v3');
    expect(healthFactorOf(viaWeth, 0)).toBeCloseTo(0.85 - 32.5 / (debtUsd - 2000), 12);
    const viaWbtc = fresh();
    liquidationCall(viaWbtc, 0, WBTC, DAI, 2000, 'v3');
    expect(healthFactorOf(viaWbtc, 0)).toBeCloseTo(0.85 + 50 / (debtUsd - 2000), 12);
  });

  it('reduces to the single-collateral loan-to-value frontier LTV > 1/(1 + b)', () => {
    // One WETH collateral: HF = 0.825·C/D, and HF < 0.825·1.05 ⇔ D/C > 1/1.05 ≈ 0.95238.
    for (const ltv of [0.9, 0.95, 0.953, 0.99]) {
      expect(isToxicLiquidation(0.825 / ltv, RESERVES[WETH])).toBe(ltv > 1 / 1.05);
    }
  });
});
