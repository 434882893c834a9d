import { describe, expect, it } from 'vitest';
import { aaveV3Rule } from '../../liquidation/rules/aave-v3.js';
import { fixedBonusBands } from './bands.js';
import { LiquidationLadder, type LadderSeizure } from './ladder.js';
import { cohortLiquidationPrice, LiquidationBook } from './cohorts.js';

const LT = 0.825;
const AAVE = { bonus: 0.05, protocolFeeShare: 0.1, closeFactor: 0.5, fullCloseBelowHealth: 0.95 };
const BANDS: LadderSeizure = { kind: 'bands', bands: fixedBonusBands({ ...AAVE, threshold: LT }), threshold: LT };
const RULE: LadderSeizure = {
  kind: 'rule',
  rule: aaveV3Rule({ liquidationBonus: 0.05, closeFactor: 0.5, fullCloseBelowHealth: 0.95, protocolFeeShare: 0.1 }),
  threshold: () => LT,
  volatilityAnnual: 0,
};
const SOLD_SHARE = 1 - 0.1 * (0.05 / 1.05);
const BETA = 1.05 * LT;

/** One account of 10 ETH liquidatable below 2,000 (debt 16,500 USDC). */
const ladder = (seizure: LadderSeizure) =>
  new LiquidationLadder({ liquidationPrice: [2000], collateral: [10], debt: [10 * 2000 * LT], debtPrice: 1 }, seizure);

describe('accounts followed after their first liquidation', () => {
  it('a half-close at health 0.995 lifts the account to T(h) = (h − cβ)/(1 − c), and it is liquidated again only below 1990/T(h)', () => {
    const book = new LiquidationBook(ladder(BANDS));
    const first = { ...book.fallTo(1990) };
    // Half the debt, 8,250 USDC, for 8,250·1.05/1990 ETH, less the protocol's fee.
    expect(first.repaidUsd).toBeCloseTo(8250, 9);
    expect(first.units).toBeCloseTo(((8250 * 1.05) / 1990) * SOLD_SHARE, 12);
    expect(first.accounts).toBe(1);
    const lifted = (0.995 - 0.5 * BETA) / 0.5;
    const next = 1990 / lifted;
    expect(book.fallTo(next * 1.0001).units).toBe(0);
    const second = book.fallTo(next * 0.999);
    // Health 0.999 again: half of the 8,250 left.
    expect(second.repaidUsd).toBeCloseTo(4125, 6);
    expect(second.units).toBeCloseTo(((4125 * 1.05) / (next * 0.999)) * SOLD_SHARE, 9);
    expect(book.fallTo(next * 0.9985).units).toBe(0); // not a new liquidation: already safe again
  });

  it('in a gradual fall each liquidation sells the share cβ of the collateral left: after k of them, 1 − (1 − cβ)^k', () => {
    const book = new LiquidationBook(ladder(BANDS));
    let sold = 0;
    // From 2,000 down to 1,000 in steps of 0.01%: each liquidation at health within 1e-4 of 1.
    for (let price = 2000; price > 1000; price *= 0.9999) sold += book.fallTo(price).units;
    // τ = (1 − cβ)/(1 − c): liquidations at 2000/τ^j > 1000, j = 0 … 5, so k = 6.
    const tau = (1 - 0.5 * BETA) / 0.5;
    const k = Math.floor(Math.log(2) / Math.log(tau)) + 1;
    expect(k).toBe(6);
    expect(sold / (10 * SOLD_SHARE)).toBeCloseTo(1 - Math.pow(1 - 0.5 * BETA, k), 3);
  });

  it('the protocol’s rule on the aggregate account gives the health bands’ answer for a one-account cohort', () => {
    const banded = new LiquidationBook(ladder(BANDS));
    const perAccount = new LiquidationBook(ladder(RULE));
    for (const price of [1990, 1900, 1760, 1700, 1500, 1400, 1000]) {
      const a = { ...banded.fallTo(price) };
      const b = perAccount.fallTo(price);
      expect(a.units).toBeCloseTo(b.units, 9);
      expect(a.repaidUsd).toBeCloseTo(b.repaidUsd, 6);
      expect(a.accounts).toBe(b.accounts);
    }
  });

  it('a cohort’s liquidation price is its debt over Σ collateral × threshold', () => {
    expect(
      cohortLiquidationPrice({ collateral: 2, debt: 3300, collateralThreshold: 1.65, accounts: 2 }, 1),
    ).toBeCloseTo(2000, 12);
  });
});
