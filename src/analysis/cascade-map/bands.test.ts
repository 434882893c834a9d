import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aaveV3Rule } from '../../liquidation/rules/aave-v3.js';
import { morphoBlueRule, liquidationIncentiveFactor } from '../../liquidation/rules/morpho-blue.js';
import { eulerV2Rule } from '../../liquidation/rules/euler-v2.js';
import { eulerBands, fixedBonusBands, wholeCollateralBands } from './bands.js';
import { seizeUntilSafe, type SeizureAccount } from './seizure.js';
import { LiquidationLadder } from './ladder.js';

const AAVE = { bonus: 0.05, protocolFeeShare: 0.1, closeFactor: 0.5, fullCloseBelowHealth: 0.95 };

/** An account of `collateral` ETH whose health at `price` is `health`, LT 0.825. */
function account(collateral: number, health: number, price: number): SeizureAccount {
  return {
    collateral,
    debt: (collateral * price * 0.825) / health,
    debtPrice: 1,
    threshold: () => 0.825,
    volatilityAnnual: 0,
  };
}

describe('fixed-bonus health bands', () => {
  it('Aave v3 defaults: half the debt above health 0.95, all of it down to β = 1.05·0.825, everything below', () => {
    const b = fixedBonusBands({ ...AAVE, threshold: 0.825 });
    // β = 0.86625; one half-call from h ≥ 0.95 gives T(h) = 2h − β ≥ 1.033 > 1, so a single partial band.
    expect(b.emptiedBelow).toBeCloseTo(0.86625, 14);
    expect(b.bands).toHaveLength(2);
    expect(b.bands[0]).toEqual({ lower: 0.95, upper: 1, debtShare: 0.5 });
    expect(b.bands[1].lower).toBeCloseTo(0.86625, 14);
    expect(b.bands[1].upper).toBe(0.95);
    expect(b.bands[1].debtShare).toBe(1);
    expect(b.seizedPerRepaid).toBe(1.05);
    // Fee: 10% of the bonus part 0.05/1.05 of what is seized.
    expect(b.soldShare).toBeCloseTo(1 - 0.1 * (0.05 / 1.05), 15);
  });

  it('Morpho Blue (whole debt per call): one band [β, 1) repaying everything', () => {
    const lif = liquidationIncentiveFactor(0.86);
    const b = fixedBonusBands({
      bonus: lif - 1,
      protocolFeeShare: 0,
      closeFactor: 1,
      fullCloseBelowHealth: 1,
      threshold: 0.86,
    });
    expect(b.emptiedBelow).toBeCloseTo(0.86 / 0.958, 14);
    expect(b.bands).toHaveLength(1);
    expect(b.bands[0].upper).toBe(1);
    expect(b.bands[0].debtShare).toBe(1);
    expect(b.soldShare).toBe(1);
  });

  it('when the full close starts below β, partial calls stack: θ_k = (1 − c)θ_{k−1} + cβ, share 1 − (1 − c)^k', () => {
    // b = 0, LT = 0.8: β = 0.8; c = 0.5; hf = 0.5 < β. θ1 = 0.9, θ2 = 0.85, θ3 = 0.825.
    const b = fixedBonusBands({
      bonus: 0,
      protocolFeeShare: 0,
      closeFactor: 0.5,
      fullCloseBelowHealth: 0.5,
      threshold: 0.8,
    });
    expect(b.emptiedBelow).toBeCloseTo(0.8, 15);
    expect(b.bands.slice(0, 3).map((x) => x.lower)).toEqual([0.9, 0.85, 0.825].map((v) => expect.closeTo(v, 14)));
    expect(b.bands.slice(0, 3).map((x) => x.debtShare)).toEqual([0.5, 0.75, 0.875]);
    // The last band reaches down to β and repays (all but 1e-17 of) the debt.
    expect(b.bands.at(-1)?.lower).toBeCloseTo(0.8, 15);
    expect(b.bands.at(-1)?.debtShare).toBeCloseTo(1, 12);
  });

  it('a bonus so large that β ≥ 1 empties every liquidatable account', () => {
    const b = fixedBonusBands({
      bonus: 0.25,
      protocolFeeShare: 0,
      closeFactor: 0.5,
      fullCloseBelowHealth: 0.95,
      threshold: 0.85,
    });
    expect(b.emptiedBelow).toBe(1);
    expect(b.bands).toEqual([]);
    expect(wholeCollateralBands()).toEqual({ emptiedBelow: 1, bands: [], seizedPerRepaid: 1, soldShare: 1 });
  });
});

describe('Euler v2 health bands', () => {
  it('√LT above 1 − maxDiscount: emptied below √LT, above it the discount is the health', () => {
    // LT 0.825: √LT = 0.9083 > 0.85.
    expect(eulerBands(0.15, 0.825)).toEqual({
      emptiedBelow: Math.sqrt(0.825),
      bands: [{ lower: Math.sqrt(0.825), upper: 1, debtShare: 1, inverseHealth: true }],
      seizedPerRepaid: 1 / 0.85,
      soldShare: 1,
    });
  });

  it('√LT below 1 − maxDiscount: discount by health down to 1 − maxDiscount, then fixed down to LT/(1 − maxDiscount)', () => {
    // LT 0.5, maxDiscount 0.2: √0.5 = 0.707 < 0.8; emptied below 0.5/0.8 = 0.625.
    const b = eulerBands(0.2, 0.5);
    expect(b.emptiedBelow).toBeCloseTo(0.625, 15);
    expect(b.bands).toEqual([
      { lower: 0.8, upper: 1, debtShare: 1, inverseHealth: true },
      { lower: b.emptiedBelow, upper: 0.8, debtShare: 1 },
    ]);
    expect(b.seizedPerRepaid).toBeCloseTo(1.25, 15);
  });
});

describe('seizeUntilSafe (the protocol rule, call after call)', () => {
  const rule = aaveV3Rule({
    liquidationBonus: 0.05,
    closeFactor: 0.5,
    fullCloseBelowHealth: 0.95,
    protocolFeeShare: 0.1,
  });

  it('health 0.97: one call repays half the debt for debt/2·1.05/P and leaves health 2·0.97 − 0.86625', () => {
    const a = account(10, 0.97, 1800);
    const s = seizeUntilSafe(rule, a, 1800);
    expect(s.calls).toBe(1);
    expect(s.seized).toBeCloseTo(((a.debt / 2) * 1.05) / 1800, 12);
    expect(s.sold).toBeCloseTo(s.seized * (1 - 0.1 * (0.05 / 1.05)), 12);
    expect(s.emptied).toBe(false);
  });

  it('health 0.9 (≤ 0.95, ≥ β): one full close, debt·1.05/P', () => {
    const a = account(10, 0.9, 1800);
    const s = seizeUntilSafe(rule, a, 1800);
    expect(s.calls).toBe(1);
    expect(s.seized).toBeCloseTo((a.debt * 1.05) / 1800, 12);
  });

  it('health 0.8 (< β): the collateral runs out', () => {
    const s = seizeUntilSafe(rule, account(10, 0.8, 1800), 1800);
    expect(s.seized).toBe(10);
    expect(s.emptied).toBe(true);
  });

  it('a safe account gives nothing', () => {
    expect(seizeUntilSafe(rule, account(10, 1.01, 1800), 1800)).toEqual({
      seized: 0,
      sold: 0,
      repaid: 0,
      collateralLeft: 10,
      debtLeft: (10 * 1800 * 0.825) / 1.01,
      calls: 0,
      emptied: false,
    });
  });

  it('several calls when the close factor is small: k calls until T^k(h) ≥ 1, repaying 1 − (1 − c)^k of the debt', () => {
    // b = 0, LT = 0.825: β = 0.825, T(h) = (h − 0.0825)/0.9. From h = 0.98: 0.997, then 1.0161: two calls, 1 − 0.9² =
    // 0.19 of the debt.
    const small = aaveV3Rule({ liquidationBonus: 0, closeFactor: 0.1, fullCloseBelowHealth: 0.5, protocolFeeShare: 0 });
    const a = account(10, 0.98, 1000);
    const s = seizeUntilSafe(small, a, 1000);
    expect(s.calls).toBe(2);
    expect(s.seized).toBeCloseTo((0.19 * a.debt) / 1000, 12);
  });
});

/** Deterministic non-round numbers in (0, 1) from integers, so no value lands exactly on a band edge. */
const unit = (k: number) => (k + Math.SQRT2 / 3) / 1000.5;

describe('bands agree with the rule called per account', () => {
  it('for random Aave v3, Morpho Blue and Euler v2 parameters, books and prices', () => {
    const params = fc.record({
      bonus: fc.integer({ min: 0, max: 999 }).map((k) => 0.2 * unit(k)),
      closeFactor: fc.integer({ min: 0, max: 999 }).map((k) => 0.1 + 0.9 * unit(k)),
      fullClose: fc.integer({ min: 0, max: 999 }).map((k) => 0.5 + 0.5 * unit(k)),
      threshold: fc.integer({ min: 0, max: 999 }).map((k) => 0.5 + 0.45 * unit(k)),
      fee: fc.integer({ min: 0, max: 999 }).map((k) => 0.5 * unit(k)),
      kind: fc.constantFrom('aave', 'morpho', 'euler'),
      maxDiscount: fc.integer({ min: 0, max: 999 }).map((k) => 0.02 + 0.5 * unit(k)),
    });
    const book = fc.array(fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 })), {
      minLength: 1,
      maxLength: 25,
    });
    const priceShare = fc.integer({ min: 0, max: 999 }).map((k) => 0.3 + 0.7 * unit(k));
    fc.assert(
      fc.property(params, book, priceShare, (p, rows, share) => {
        const P0 = 2000;
        const collateral = rows.map(([c]) => 0.1 + 100 * unit(c));
        const debt = rows.map(([, h], i) => (collateral[i] * P0 * p.threshold) / (0.3 + 1.7 * unit(h)));
        const liquidationPrice = debt.map((d, i) => d / (collateral[i] * p.threshold));
        const lif = liquidationIncentiveFactor(p.threshold);
        const aave = {
          liquidationBonus: p.bonus,
          closeFactor: p.closeFactor,
          fullCloseBelowHealth: p.fullClose,
          protocolFeeShare: p.fee,
        };
        const rule =
          p.kind === 'morpho'
            ? morphoBlueRule(p.threshold)
            : p.kind === 'euler'
              ? eulerV2Rule(p.maxDiscount)
              : aaveV3Rule(aave);
        const bands =
          p.kind === 'morpho'
            ? fixedBonusBands({
                bonus: lif - 1,
                protocolFeeShare: 0,
                closeFactor: 1,
                fullCloseBelowHealth: 1,
                threshold: p.threshold,
              })
            : p.kind === 'euler'
              ? eulerBands(p.maxDiscount, p.threshold)
              : fixedBonusBands({
                  bonus: p.bonus,
                  protocolFeeShare: p.fee,
                  closeFactor: p.closeFactor,
                  fullCloseBelowHealth: p.fullClose,
                  threshold: p.threshold,
                });
        const ladderBook = { liquidationPrice, collateral, debt, debtPrice: 1 };
        const banded = new LiquidationLadder(ladderBook, { kind: 'bands', bands, threshold: p.threshold });
        const perAccount = new LiquidationLadder(ladderBook, {
          kind: 'rule',
          rule,
          threshold: () => p.threshold,
          volatilityAnnual: 0,
        });
        const price = P0 * share;
        const a = banded.volumeAt(price);
        const b = perAccount.volumeAt(price);
        expect(a.accounts).toBe(b.accounts);
        expect(a.emptiedAccounts).toBe(b.emptiedAccounts);
        expect(a.seizedUnits).toBeCloseTo(b.seizedUnits, 8);
        expect(a.soldUnits).toBeCloseTo(b.soldUnits, 8);
        // First liquidations of the accounts between `price` and a higher price (those above it were liquidated
        // before): the same work and the same accounts left in debt, summed, whichever way they are computed.
        const above = price / (0.5 + 0.5 * share);
        const x = banded.firstLiquidations(price, above);
        const y = perAccount.firstLiquidations(price, above);
        expect(x.work.accounts).toBe(y.work.accounts);
        expect(x.work.units).toBeCloseTo(y.work.units, 8);
        // Repaid for an emptied account: what its collateral buys at the fixed bonus (Euler's discount varies with h).
        if (p.kind !== 'euler') expect(x.work.repaidUsd).toBeCloseTo(y.work.repaidUsd, 6);
        expect(x.left?.collateral ?? 0).toBeCloseTo(y.left?.collateral ?? 0, 8);
        expect(x.left?.debt ?? 0).toBeCloseTo(y.left?.debt ?? 0, 6);
        expect(x.left?.collateralThreshold ?? 0).toBeCloseTo(y.left?.collateralThreshold ?? 0, 8);
        expect(x.left?.accounts ?? 0).toBe(y.left?.accounts ?? 0);
      }),
      { numRuns: 400, seed: 4 },
    );
  });
});
