import { describe, expect, it } from 'vitest';
import { aaveV3Rule } from './aave-v3.js';
import { liquidationIncentiveFactor, morphoBlueRule } from './morpho-blue.js';
import { eulerDiscountFactor, eulerV2Rule } from './euler-v2.js';
import { volatilityBonusRule, volatilityScaledBonus } from './volatility-bonus.js';
import type { LiquidationContext } from './rule.js';

/** 1 ETH at 2,000 against `debt` USDC, LT 0.825 (health = 1650/debt). */
const account = (debt: number, collateral = 1, volatilityAnnual = 0.8): LiquidationContext => ({
  health: (collateral * 2000 * 0.825) / debt,
  debt,
  collateral,
  collateralPrice: 2000,
  debtPrice: 1,
  volatilityAnnual,
});

describe('liquidation rules', () => {
  it('Aave v3: close factor 0.5 above health 0.95, bonus 5%, protocol fee on the bonus', () => {
    const rule = aaveV3Rule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0.1 });
    expect(rule.maxRepay(account(1700))).toBe(850); // health 0.97
    expect(rule.maxRepay(account(1800))).toBe(1800); // health 0.917
    const out = rule.seize(1000, account(1800));
    expect(out.collateralSeized).toBeCloseTo(0.525, 12);
    expect(out.protocolFee).toBeCloseTo(0.0025, 12);
    expect(rule.badDebtBearer).toBe('insurance-fund');
  });

  it('Morpho Blue: LIF = min(1.15, 1/(1 − 0.3(1 − LLTV))), whole debt repayable, no fee', () => {
    expect(liquidationIncentiveFactor(0.86)).toBeCloseTo(1 / 0.958, 12);
    expect(liquidationIncentiveFactor(0.945)).toBeCloseTo(1 / 0.9835, 12);
    expect(liquidationIncentiveFactor(0.3)).toBe(1.15); // 1/0.79 = 1.266 capped
    const rule = morphoBlueRule(0.86);
    expect(rule.maxRepay(account(1800))).toBe(1800);
    const out = rule.seize(1000, account(1800));
    expect(out.collateralSeized).toBeCloseTo((1000 / 0.958) / 2000, 12);
    expect(out.protocolFee).toBe(0);
    expect(rule.badDebtBearer).toBe('suppliers');
  });

  it('Euler v2: discount = 1 − max(health, 1 − maxDiscount), capped by the collateral', () => {
    expect(eulerDiscountFactor(0.93, 0.15)).toBe(0.93);
    expect(eulerDiscountFactor(0.7, 0.15)).toBe(0.85);
    const rule = eulerV2Rule(0.15);
    // Health 1650/1774.19 = 0.93: 1,000 repaid buys 1000/0.93 USD = 0.53763 ETH.
    const c = account(1650 / 0.93);
    expect(rule.maxRepay(c)).toBeCloseTo(1650 / 0.93, 9);
    expect(rule.seize(1000, c).collateralSeized).toBeCloseTo(1000 / 0.93 / 2000, 12);
    // Health 0.7 on 0.5 ETH: discount floored at 15%; the whole 0.5 ETH costs 1000·0.85 = 850.
    const deep = account((0.5 * 2000 * 0.825) / 0.7, 0.5);
    const out = rule.seize(2000, deep);
    expect(out.collateralSeized).toBe(0.5);
    expect(out.debtRepaid).toBeCloseTo(850, 9);
  });

  it('volatility bonus: base·σ/σref, clamped to its bounds', () => {
    expect(volatilityScaledBonus(0.05, 1.6, 0.8, 0.02, 0.15)).toBeCloseTo(0.1, 12);
    expect(volatilityScaledBonus(0.05, 0.1, 0.8, 0.02, 0.15)).toBe(0.02);
    expect(volatilityScaledBonus(0.05, 8, 0.8, 0.02, 0.15)).toBe(0.15);
    const rule = volatilityBonusRule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0, minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 });
    // σ = 1.6: bonus 10%; 1,000 repaid at 2,000 seizes 0.55 ETH.
    expect(rule.seize(1000, account(1800, 1, 1.6)).collateralSeized).toBeCloseTo(0.55, 12);
  });
});
