import { describe, expect, it } from 'vitest';
import { aaveV3Rule } from './aave-v3.js';
import { aaveV33CloseFactor, aaveV33Rule } from './aave-v33.js';
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
    const rule = aaveV3Rule({
      liquidationBonus: 0.05,
      closeFactor: 0.5,
      fullCloseBelowHealth: 0.95,
      protocolFeeShare: 0.1,
    });
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
    expect(out.collateralSeized).toBeCloseTo(1000 / 0.958 / 2000, 12);
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
    const rule = volatilityBonusRule({
      liquidationBonus: 0.05,
      closeFactor: 0.5,
      fullCloseBelowHealth: 0.95,
      protocolFeeShare: 0,
      minBonus: 0.02,
      maxBonus: 0.15,
      referenceVolatilityAnnual: 0.8,
    });
    // σ = 1.6: bonus 10%; 1,000 repaid at 2,000 seizes 0.55 ETH.
    expect(rule.seize(1000, account(1800, 1, 1.6)).collateralSeized).toBeCloseTo(0.55, 12);
  });
});

describe('Aave v3.3 rule', () => {
  const rule = aaveV33Rule({
    liquidationBonus: 0.05,
    closeFactor: 0.5,
    fullCloseBelowHealth: 0.95,
    protocolFeeShare: 0,
  });

  it('keeps the 0.5 close factor only for positions of at least 2,000 USD on both sides', () => {
    // 1 ETH (2,000 USD) against 1,700: health 0.97, both sides ≥ 2,000? debt 1,700 < 2,000 → close factor 1.
    expect(aaveV33CloseFactor(account(1700), 0.5, 0.95)).toBe(1);
    // 2 ETH (4,000 USD) against 3,400: health 0.97 and both ≥ 2,000 → 0.5.
    expect(aaveV33CloseFactor(account(3400, 2), 0.5, 0.95)).toBe(0.5);
    expect(rule.maxRepay(account(3400, 2))).toBe(1700);
  });

  it('lowers a repay that would leave dust to the largest one that leaves 1,000 USD of debt and collateral', () => {
    // 2 ETH against 3,400 (health 0.97): repaying 1,700 leaves 1,700 debt and 2 − 1700·1.05/2000 = 1.1075 ETH; fine.
    const c = account(3400, 2);
    expect(rule.admissibleRepay!(1700, c)).toBe(1700);
    // 3 ETH (6,000) against 5,000 (health 0.99): max repay 2,500. Collateral bound: (6000 − 1000)/1.05 = 4,761.9;
    // debt bound: 5000 − 1000 = 4,000. Both above 2,500, so 2,500 stays.
    expect(rule.admissibleRepay!(2500, account(5000, 3))).toBe(2500);
    // 1.2 ETH (2,400) against 1,900 (health 1.042 → not liquidatable, but the rule is pure): a 1,500 repay would leave
    // 400 of debt; the largest partial leaving 1,000 of debt is 900, and of collateral (2400 − 1000)/1.05 = 1,333.3.
    expect(rule.admissibleRepay!(1500, account(1900, 1.2))).toBeCloseTo(900, 9);
    // Taking all the debt is always allowed.
    expect(rule.admissibleRepay!(1900, account(1900, 1.2))).toBe(1900);
  });

  it('raises the repay to the full amount when no partial repay can avoid dust', () => {
    // 0.5 ETH (1,000 USD) against 900 (health 0.917, close factor 1): any partial repay leaves under 1,000 USD of
    // collateral ((1000 − 1000)/1.05 = 0), so the call must take the whole 900.
    const c = account(900, 0.5);
    expect(rule.admissibleRepay!(100, c)).toBe(900);
    // 0.6 ETH (1,200) against 1,150: a 100 repay leaves 1,050 of debt and 1,095 of collateral, so it stands.
    expect(rule.admissibleRepay!(100, account(1150, 0.6))).toBe(100);
  });

  it('every rule writes its seizure into a given object, with the numbers it would return', () => {
    const aave = { liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0.1 };
    const rules = [
      aaveV3Rule(aave),
      aaveV33Rule(aave),
      morphoBlueRule(0.86),
      eulerV2Rule(0.15),
      volatilityBonusRule({ ...aave, minBonus: 0.02, maxBonus: 0.15, referenceVolatilityAnnual: 0.8 }),
    ];
    const c = account(1800); // health 0.917
    for (const rule of rules) {
      const out = { debtRepaid: -1, collateralSeized: -1, protocolFee: -1, liquidatorReceives: -1 };
      expect(rule.seize(500, c, out)).toBe(out);
      expect(out).toEqual(rule.seize(500, c));
      expect(out.debtRepaid).toBe(500); // 500 USDC buys far less than the 1 ETH held
    }
    // Aave v3 by hand: 500/2000·1.05 = 0.2625 ETH seized.
    const out = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };
    expect(rules[0].seize(500, c, out).collateralSeized).toBeCloseTo(0.2625, 12);
  });
});
