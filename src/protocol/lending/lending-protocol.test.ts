import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aaveV3Rule } from '../../liquidation/rules/aave-v3.js';
import { morphoBlueRule } from '../../liquidation/rules/morpho-blue.js';
import { healthFactor } from '../../liquidation/health.js';
import { aave, setup } from './lending-fixture.test-helper.js';

describe('Aave-like lending protocol', () => {
  it('repays at most half the debt while health is above 0.95', () => {
    // 1 ETH at 2,000, LT 0.825, debt 1,700: health 1650/1700 = 0.9706.
    const { protocol, book } = setup([[1, 1700, 0]]);
    expect(protocol.liquidatable).toEqual([0]);
    const r = protocol.liquidate(0, 1e9);
    expect(r.debtRepaid).toBe(850);
    expect(r.collateralSeized).toBeCloseTo((850 / 2000) * 1.05, 12);
    expect(book.debt[0]).toBe(850);
    expect(book.collateral[0]).toBeCloseTo(1 - 0.44625, 12);
  });

  it('plans into a reused object with the numbers of a fresh plan, changing no state', () => {
    // Health 0.9706 as above: at most 850 repaid, for 850/2000·1.05 = 0.44625 ETH.
    const { protocol, book } = setup([[1, 1700, 0]]);
    const out = { debtRepaid: 0, collateralSeized: 0, protocolFee: 0, liquidatorReceives: 0 };
    expect(protocol.plan(0, 1e9, out)).toBe(out);
    expect(out.debtRepaid).toBe(850);
    expect(out.collateralSeized).toBeCloseTo(0.44625, 12);
    protocol.plan(0, 100, out);
    expect(out.debtRepaid).toBe(100);
    expect(out.collateralSeized).toBeCloseTo((100 / 2000) * 1.05, 12);
    expect(out).toEqual(protocol.plan(0, 100));
    expect([book.collateral[0], book.debt[0]]).toEqual([1, 1700]);
    // context() still hands out its own object each time.
    expect(protocol.context(0)).not.toBe(protocol.context(0));
    expect(protocol.context(0).health).toBeCloseTo(1650 / 1700, 12);
  });

  it('repays all the debt at or below health 0.95', () => {
    // Debt 1,800: health 0.9167 → close factor 1; seize 1800/2000·1.05 = 0.945 ETH.
    const { protocol, book } = setup([[1, 1800, 0]]);
    const r = protocol.liquidate(0, 1e9);
    expect(r.debtRepaid).toBe(1800);
    expect(book.debt[0]).toBe(0);
    expect(book.collateral[0]).toBeCloseTo(0.055, 12);
    expect(protocol.ledger.badDebtUsd).toBe(0);
  });

  it('caps the seizure at the collateral and writes off the rest as bad debt, once, covered by the fund first', () => {
    // Debt 2,000 on 1 ETH at 2,000: seize all 1 ETH for 2000/1.05 = 1,904.76 repaid; 95.24 left is bad debt.
    const { protocol, book } = setup([[1, 2000, 0]], 2000, 50);
    const r = protocol.liquidate(0, 1e9);
    expect(r.collateralSeized).toBe(1);
    expect(r.debtRepaid).toBeCloseTo(2000 / 1.05, 9);
    const badDebt = 2000 - 2000 / 1.05;
    expect(book.collateral[0]).toBe(0);
    expect(book.debt[0]).toBe(0);
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(badDebt, 9);
    expect(protocol.fund.usedUsd).toBe(50);
    expect(protocol.fund.uncoveredUsd).toBeCloseTo(badDebt - 50, 9);
    expect(() => protocol.liquidate(0, 1)).toThrow(/not liquidatable/);
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(badDebt, 9);
  });

  it('pays the protocol fee share of the bonus into the insurance fund', () => {
    const { protocol } = setup([[1, 1700, 0]], 2000, 0, 'index', aave(0.1));
    const r = protocol.liquidate(0, 100);
    // Seized 100/2000·1.05 = 0.0525 ETH; bonus part 0.0025 ETH; fee 0.00025 ETH = 0.5 USD.
    expect(r.protocolFee).toBeCloseTo(0.00025, 12);
    expect(protocol.fund.balanceUsd()).toBeCloseTo(0.5, 9);
  });

  it('lists owners with a reserve who fall below their top-up health, and tops them up from the reserve only', () => {
    // Health 1.05 < 1.1 with a reserve of 0.2 ETH.
    const { protocol, book } = setup([[1, 1650 / 1.05, 0.2]]);
    expect(protocol.wantsTopUp).toEqual([0]);
    expect(protocol.liquidatable).toEqual([]);
    expect(protocol.topUp(0, 0.5)).toBe(0.2);
    expect(book.collateral[0]).toBeCloseTo(1.2, 12);
    expect(book.reserve[0]).toBe(0);
    expect(protocol.topUp(0, 0.5)).toBe(0);
  });

  it('assigns a generation when an account becomes unsafe and clears it when it is safe again', () => {
    const { book, moveTo } = setup([[1, 1500, 0]]); // liquidation price 1818.18
    expect(book.generation[0]).toBe(-1);
    moveTo(1800, 1);
    expect(book.generation[0]).toBe(0);
    expect(book.unsafeSince[0]).toBe(1);
    moveTo(1900, 2);
    expect(book.generation[0]).toBe(-1);
    expect(book.unsafeSince[0]).toBe(-1);
  });

  it('finds the same accounts with the trigger index as with a scan of every account', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.01, max: 100, noNaN: true }),
            fc.double({ min: 1, max: 2, noNaN: true }),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 200 },
        ),
        fc.array(fc.double({ min: 1000, max: 2500, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (specs, prices) => {
          const accounts = specs.map(([collateral, health, tops]): [number, number, number] => [
            collateral,
            (collateral * 2000 * 0.825) / health,
            tops ? collateral / 4 : 0,
          ]);
          // Positions above 50k USD of debt use a tighter threshold, so tiers are exercised too.
          const tiers = [{ aboveDebtUsd: 50_000, liquidationThreshold: 0.78 }];
          const index = setup(accounts, 2000, 0, 'index', aave(0), undefined, tiers);
          const naive = setup(accounts, 2000, 0, 'naive', aave(0), undefined, tiers);
          prices.forEach((price, b) => {
            index.moveTo(price, b + 1);
            naive.moveTo(price, b + 1);
            expect(index.protocol.liquidatable).toEqual(naive.protocol.liquidatable);
            expect(index.protocol.wantsTopUp).toEqual(naive.protocol.wantsTopUp);
            // Liquidate the first listed account in both, so the books keep changing.
            const first = index.protocol.liquidatable[0];
            if (first !== undefined) {
              index.protocol.liquidate(first, 1e9);
              naive.protocol.liquidate(first, 1e9);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('makes an account less healthy exactly when its loan-to-value exceeds 1/(1 + bonus) (toxic liquidation)', () => {
    // Repaying d and seizing d·(1+b)/p: HF'/HF = (1 − d(1+b)/(c·p)) / (1 − d/D), below 1 iff (1+b) > c·p/D = 1/LTV.
    for (const bonus of [0.02, 0.05, 0.08, 0.1, 0.15]) {
      for (let ltv = 0.83; ltv < 1.1; ltv += 0.01) {
        if (Math.abs(ltv - 1 / (1 + bonus)) < 1e-3) continue; // the boundary itself is a tie
        const rule = aaveV3Rule({
          liquidationBonus: bonus,
          closeFactor: 1,
          fullCloseBelowHealth: 0.95,
          protocolFeeShare: 0,
        });
        const { protocol, book } = setup([[1, ltv * 2000, 0]], 2000, 1e9, 'index', rule);
        const before = healthFactor(book.collateral[0], 2000, 0.825, book.debt[0], 1);
        protocol.liquidate(0, book.debt[0] * 0.01);
        const after = healthFactor(book.collateral[0], 2000, 0.825, book.debt[0], 1);
        expect(after < before, `bonus ${bonus}, LTV ${ltv.toFixed(2)}`).toBe(ltv > 1 / (1 + bonus));
      }
    }
  });

  it('charges bad debt to the suppliers, not the fund, under Morpho Blue', () => {
    // LLTV 0.825: LIF = 1/(1 − 0.3·0.175) = 1.05540…; debt 2,000 on 1 ETH at 2,000 leaves 2000 − 2000/LIF unpaid.
    const { protocol } = setup([[1, 2000, 0]], 2000, 1e6, 'index', morphoBlueRule(0.825));
    const lif = 1 / (1 - 0.3 * 0.175);
    protocol.liquidate(0, 1e9);
    expect(protocol.ledger.badDebtUsd).toBeCloseTo(2000 - 2000 / lif, 9);
    expect(protocol.ledger.socialisedBadDebtUsd).toBeCloseTo(2000 - 2000 / lif, 9);
    expect(protocol.fund.usedUsd).toBe(0);
  });

  it('applies a lower threshold to larger positions (tiered margin)', () => {
    // Same 1.05 collateral ratio at LT 0.825: 1 ETH against 1,571.43 and 1,000 ETH against 1,571,428.57 USDC.
    // Above 1M USD of debt the threshold is 0.8: health 1000·2000·0.8/1571428.57 = 1.018 → still safe at 2,000,
    // liquidatable below 1571428.57/(1000·0.8) = 1,964.29, while the small one waits until 1,904.76.
    const tiers = [{ aboveDebtUsd: 1e6, liquidationThreshold: 0.8 }];
    const small = 1650 / 1.05;
    const { protocol, moveTo } = setup(
      [
        [1, small, 0],
        [1000, small * 1000, 0],
      ],
      2000,
      0,
      'index',
      aave(0),
      undefined,
      tiers,
    );
    expect(protocol.thresholdOf(0)).toBe(0.825);
    expect(protocol.thresholdOf(1)).toBe(0.8);
    expect(protocol.liquidationPrice(1)).toBeCloseTo((small * 1000) / 800, 6);
    moveTo(1950, 1);
    expect(protocol.liquidatable).toEqual([1]);
    moveTo(1900, 2);
    expect(protocol.liquidatable).toEqual([1, 0]);
  });
});
