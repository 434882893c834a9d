import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedBonusLiquidation } from './fixed-bonus.js';

describe('fixed-bonus liquidation (Aave v3 LiquidationLogic)', () => {
  it('seizes repaid·debtPrice/collateralPrice·(1+bonus) and splits the bonus with the protocol', () => {
    // Repay 1,000 USDC at ETH 2,000 with a 5% bonus: base 0.5 ETH, seized 0.525 ETH;
    // bonus part 0.525 − 0.525/1.05 = 0.025 ETH; protocol fee 10% of it = 0.0025 ETH.
    const r = fixedBonusLiquidation(1000, 10, 2000, 1, 0.05, 0.1);
    expect(r.debtRepaid).toBe(1000);
    expect(r.collateralSeized).toBeCloseTo(0.525, 12);
    expect(r.protocolFee).toBeCloseTo(0.0025, 12);
    expect(r.liquidatorReceives).toBeCloseTo(0.5225, 12);
  });

  it('caps the seizure at the balance and shrinks the repaid debt to match', () => {
    // 0.3 ETH left at 2,000 with 5% bonus: repay at most 0.3·2000/1.05 = 571.43 USDC.
    const r = fixedBonusLiquidation(1000, 0.3, 2000, 1, 0.05, 0);
    expect(r.collateralSeized).toBe(0.3);
    expect(r.debtRepaid).toBeCloseTo(600 / 1.05, 9);
    expect(r.protocolFee).toBe(0);
  });

  it('writes into a given object the numbers it would return, and returns that object', () => {
    const out = { debtRepaid: -1, collateralSeized: -1, protocolFee: -1, liquidatorReceives: -1 };
    // The capped case of the test above: seized 0.3 ETH, repaid 600/1.05 USDC, no fee.
    expect(fixedBonusLiquidation(1000, 0.3, 2000, 1, 0.05, 0, out)).toBe(out);
    expect(out.collateralSeized).toBe(0.3);
    expect(out.debtRepaid).toBeCloseTo(600 / 1.05, 9);
    expect(out.liquidatorReceives).toBe(0.3);
    // Reused for the uncapped case of the first test: every field is overwritten.
    fixedBonusLiquidation(1000, 10, 2000, 1, 0.05, 0.1, out);
    expect(out.debtRepaid).toBe(1000);
    expect(out.collateralSeized).toBeCloseTo(0.525, 12);
    expect(out.protocolFee).toBeCloseTo(0.0025, 12);
    expect(out.liquidatorReceives).toBeCloseTo(0.5225, 12);
    expect(out).toEqual(fixedBonusLiquidation(1000, 10, 2000, 1, 0.05, 0.1));
  });

  it('conserves collateral and never seizes more than the balance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (repay, balance, price, bonus, feeShare) => {
          const r = fixedBonusLiquidation(repay, balance, price, 1, bonus, feeShare);
          expect(r.collateralSeized).toBeLessThanOrEqual(balance);
          expect(r.debtRepaid).toBeLessThanOrEqual(repay * (1 + 1e-12));
          expect(r.liquidatorReceives + r.protocolFee).toBeCloseTo(r.collateralSeized, 9);
          // Seized value = repaid value × (1 + bonus) in every case.
          expect(r.collateralSeized * price).toBeCloseTo(r.debtRepaid * (1 + bonus), 6);
        },
      ),
    );
  });
});
