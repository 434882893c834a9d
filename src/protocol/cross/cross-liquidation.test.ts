import { describe, expect, it } from 'vitest';
import { healthFactorOf } from './cross-account.js';
import {
  liquidationCall,
  maxLiquidatableDebt,
  quoteLiquidation,
  type CrossLiquidationQuote,
  type CrossLiquidationResult,
} from './cross-liquidation.js';
import { bookOf, DAI, TWO_BY_TWO, USDC, WBTC, WETH } from './fixtures.test-helper.js';

/** Narrows a result to a quote, failing the test with the rejection reason otherwise. */
function accepted(result: CrossLiquidationResult): CrossLiquidationQuote {
  if (!result.ok) throw new Error(`liquidation rejected: ${result.reason}`);
  return result;
}

/** The 2×2 account with WETH at 1,600: Σ value·LT = 24,450, debt 25,000, health 0.978. */
function twoByTwoAt1600() {
  const book = bookOf([TWO_BY_TWO]);
  book.setPrice(WETH, 1600);
  return book;
}

describe('cross-asset liquidationCall: seizure with the collateral reserve’s bonus and fee (Aave v3)', () => {
  it('takes the higher-bonus collateral (WBTC, 10%) at its own bonus and fee', () => {
    // Repay 5,000 USDC for WBTC at 30,000: base 5,000/30,000 = 0.166667 WBTC, seized ·1.10 = 0.183333 WBTC;
    // bonus part 0.183333 − 0.166667 = 0.0166667; fee 10% of it = 0.00166667; liquidator 0.18166667 WBTC (5,450 USD).
    // Account after: WBTC 0.5 − 0.183333 = 0.316667, USDC 10,000.
    // Health after: (13,200 + 0.316667·30,000·0.75)/(25,000 − 5,000) = (13,200 + 7,125)/20,000 = 1.01625.
    const book = twoByTwoAt1600();
    const q = accepted(liquidationCall(book, 0, WBTC, USDC, 5000, 'v3'));
    expect(q.debtRepaid).toBe(5000);
    expect(q.collateralSeized).toBeCloseTo(0.55 / 3, 12);
    expect(q.protocolFee).toBeCloseTo(0.05 / 30, 12);
    expect(q.liquidatorReceives).toBeCloseTo(0.545 / 3, 12);
    expect(q.liquidatorReceives * 30_000).toBeCloseTo(5450, 6);
    expect(q.cappedByCollateral).toBe(false);
    expect(book.collateral[book.slot(0, WBTC)]).toBeCloseTo(0.5 - 0.55 / 3, 12);
    expect(book.collateral[book.slot(0, WETH)]).toBe(10);
    expect(book.debt[book.slot(0, USDC)]).toBeCloseTo(10_000, 9);
    expect(book.debt[book.slot(0, DAI)]).toBe(10_000);
    expect(q.healthFactorAfter).toBeCloseTo(1.01625, 12);
    expect(healthFactorOf(book, 0)).toBeCloseTo(1.01625, 12);
  });

  it('pays the lower bonus when the same repay takes WETH (5%)', () => {
    // Repay 5,000 USDC for WETH at 1,600: seized 5,000/1,600·1.05 = 3.28125 WETH; fee (3.28125 − 3.125)·0.1
    // = 0.015625; liquidator 3.265625 WETH = 5,225 USD (less than the 5,450 USD of WBTC above).
    const q = accepted(quoteLiquidation(twoByTwoAt1600(), 0, WETH, USDC, 5000, 'v3'));
    expect(q.collateralSeized).toBeCloseTo(3.28125, 12);
    expect(q.protocolFee).toBeCloseTo(0.015625, 12);
    expect(q.liquidatorReceives * 1600).toBeCloseTo(5225, 6);
  });

  it('v3 close factor: half of the chosen debt reserve above health 0.95, all of it at or below', () => {
    // Health 0.978 > 0.95: at most 0.5·15,000 = 7,500 USDC; a 10,000 request repays 7,500 for 7,500/30,000·1.1 = 0.275
    // WBTC.
    const book = twoByTwoAt1600();
    expect(maxLiquidatableDebt(book, 0, WBTC, USDC, 'v3')).toEqual({ closeFactor: 0.5, maxLiquidatableDebt: 7500 });
    const q = accepted(quoteLiquidation(book, 0, WBTC, USDC, 10_000, 'v3'));
    expect(q.debtRepaid).toBe(7500);
    expect(q.collateralSeized).toBeCloseTo(0.275, 12);
    // WETH at 1,500: Σ value·LT = 15,000·0.825 + 11,250 = 23,625 → health 0.945 ≤ 0.95 → all 15,000 USDC.
    book.setPrice(WETH, 1500);
    expect(maxLiquidatableDebt(book, 0, WBTC, USDC, 'v3')).toEqual({ closeFactor: 1, maxLiquidatableDebt: 15_000 });
  });

  it('caps the seizure at a too-small collateral balance and shrinks the repay to match', () => {
    // 10 WETH + 0.1 WBTC against 15,000 USDC + 5,000 DAI at WETH 1,600:
    // health (13,200 + 3,000·0.75)/20,000 = 0.7725 ≤ 0.95, so all 15,000 USDC may be repaid;
    // taking WBTC would need 15,000/30,000·1.1 = 0.55 WBTC > 0.1: seize 0.1 WBTC, repay 0.1·30,000/1.1 = 2,727.27 USDC.
    for (const variant of ['v3', 'v3.3'] as const) {
      const book = bookOf([{ collateral: [10, 0.1, 0, 0], debt: [0, 0, 15_000, 5000] }]);
      book.setPrice(WETH, 1600);
      const q = accepted(liquidationCall(book, 0, WBTC, USDC, 15_000, variant));
      expect(q.cappedByCollateral).toBe(true);
      expect(q.collateralSeized).toBe(0.1);
      expect(q.debtRepaid).toBeCloseTo(3000 / 1.1, 9);
      expect(q.protocolFee).toBeCloseTo((0.1 - 0.1 / 1.1) * 0.1, 12);
      // WETH is still there: no deficit, the rest of the debt stays.
      expect(q.collateralExhausted).toBe(false);
      expect(q.deficitUsd).toBe(0);
      expect(book.collateral[book.slot(0, WBTC)]).toBe(0);
      expect(book.debt[book.slot(0, USDC)]).toBeCloseTo(15_000 - 3000 / 1.1, 9);
      expect(book.debt[book.slot(0, DAI)]).toBe(5000);
    }
  });

  it('rejects calls Aave reverts and leaves the book unchanged', () => {
    const book = bookOf([TWO_BY_TWO]); // health 1.11
    expect(liquidationCall(book, 0, WETH, USDC, 1000, 'v3')).toEqual({
      ok: false,
      reason: 'health-factor-not-below-threshold',
    });
    book.setPrice(WETH, 1600);
    expect(liquidationCall(book, 0, DAI, USDC, 1000, 'v3')).toEqual({
      ok: false,
      reason: 'collateral-cannot-be-liquidated',
    });
    expect(liquidationCall(book, 0, WETH, WBTC, 1000, 'v3')).toEqual({
      ok: false,
      reason: 'specified-currency-not-borrowed',
    });
    expect(liquidationCall(book, 0, WETH, USDC, 0, 'v3.3')).toEqual({ ok: false, reason: 'invalid-amount' });
    expect(liquidationCall(book, 0, WETH, USDC, Number.NaN, 'v3.3')).toEqual({ ok: false, reason: 'invalid-amount' });
    expect(Array.from(book.collateral)).toEqual([10, 0.5, 0, 0]);
    expect(Array.from(book.debt)).toEqual([0, 0, 15_000, 10_000]);
    expect(() => quoteLiquidation(book, 1, WETH, USDC, 1, 'v3')).toThrow(RangeError);
  });
});

describe('cross-asset liquidationCall: Aave v3.3 close factor, dust rule and deficit', () => {
  it('halves the account’s TOTAL debt (capped at the reserve) when both chosen reserves are worth ≥ 2,000 USD', () => {
    // Health 0.978 > 0.95; WETH reserve 16,000 USD and USDC reserve 15,000 USD are ≥ 2,000:
    // limit 0.5·25,000 = 12,500 USD of total debt < 15,000 USDC → 12,500 USDC (v3 would allow 7,500).
    const book = twoByTwoAt1600();
    expect(maxLiquidatableDebt(book, 0, WETH, USDC, 'v3.3')).toEqual({ closeFactor: 0.5, maxLiquidatableDebt: 12_500 });
    // DAI reserve 10,000 ≤ 12,500: the whole DAI reserve may go.
    expect(maxLiquidatableDebt(book, 0, WETH, DAI, 'v3.3')).toEqual({ closeFactor: 0.5, maxLiquidatableDebt: 10_000 });
    const q = accepted(quoteLiquidation(book, 0, WETH, USDC, 20_000, 'v3.3'));
    expect(q.debtRepaid).toBe(12_500);
  });

  it('allows a full close when the chosen collateral or debt reserve is worth less than 2,000 USD', () => {
    // 10 WETH (16,000 USD) + 0.06 WBTC (1,800 USD) against 13,500 USDC + 1,500 DAI:
    // health (13,200 + 1,800·0.75)/15,000 = 14,550/15,000 = 0.97 > 0.95.
    const book = bookOf([{ collateral: [10, 0.06, 0, 0], debt: [0, 0, 13_500, 1500] }]);
    book.setPrice(WETH, 1600);
    expect(healthFactorOf(book, 0)).toBeCloseTo(0.97, 12);
    // WBTC reserve 1,800 < 2,000 → close factor 1 on USDC: 13,500.
    expect(maxLiquidatableDebt(book, 0, WBTC, USDC, 'v3.3')).toEqual({ closeFactor: 1, maxLiquidatableDebt: 13_500 });
    // DAI reserve 1,500 < 2,000 → close factor 1: 1,500.
    expect(maxLiquidatableDebt(book, 0, WETH, DAI, 'v3.3')).toEqual({ closeFactor: 1, maxLiquidatableDebt: 1500 });
    // Both ≥ 2,000: half the total, 7,500 < 13,500.
    expect(maxLiquidatableDebt(book, 0, WETH, USDC, 'v3.3')).toEqual({ closeFactor: 0.5, maxLiquidatableDebt: 7500 });
  });

  it('rejects a partial repay that leaves less than 1,000 USD of the debt reserve', () => {
    // 2 WETH (3,200 USD) against 3,000 USDC: health 3,200·0.825/3,000 = 0.88 ≤ 0.95 → close factor 1.
    const position = { collateral: [2, 0, 0, 0], debt: [0, 0, 3000, 0] };
    const at1600 = () => {
      const book = bookOf([position]);
      book.setPrice(WETH, 1600);
      return book;
    };
    // Repay 2,500: 500 USD of USDC would remain → MUST_NOT_LEAVE_DUST (v3 has no such rule).
    expect(quoteLiquidation(at1600(), 0, WETH, USDC, 2500, 'v3.3')).toEqual({
      ok: false,
      reason: 'must-not-leave-dust',
    });
    expect(quoteLiquidation(at1600(), 0, WETH, USDC, 2500, 'v3').ok).toBe(true);
    // Repay 2,000: 1,000 USD of debt remains (≥ 1,000); seized 2,000/1,600·1.05 = 1.3125 WETH, liquidator part
    // 1.3125 − 0.00625 = 1.30625, leftover (2 − 1.30625)·1,600 = 1,110 ≥ 1,000 → allowed.
    const partial = accepted(quoteLiquidation(at1600(), 0, WETH, USDC, 2000, 'v3.3'));
    expect(partial.debtRepaid).toBe(2000);
    expect(partial.collateralSeized).toBeCloseTo(1.3125, 12);
    // Repay all 3,000: takes all the debt → no dust check (seizes 3,000/1,600·1.05 = 1.96875 WETH ≤ 2).
    const full = accepted(quoteLiquidation(at1600(), 0, WETH, USDC, 3000, 'v3.3'));
    expect(full.debtRepaid).toBe(3000);
    expect(full.collateralSeized).toBeCloseTo(1.96875, 12);
  });

  it('rejects a partial repay that leaves less than 1,000 USD of collateral, measured before the treasury fee as in the source', () => {
    // 1.5 WETH (2,400 USD at 1,600) against 2,800 USDC: health 0.7071.
    // Per repaid USD, 1.05/1,600 WETH leaves the account, of which 1.045/1,600 to the liquidator.
    // Source leftover = 2,400 − 1.045·r; real leftover = 2,400 − 1.05·r.
    const book = bookOf([{ collateral: [1.5, 0, 0, 0], debt: [0, 0, 2800, 0] }]);
    book.setPrice(WETH, 1600);
    // r = 1,500: source leftover 2,400 − 1,567.5 = 832.5 < 1,000 → dust.
    expect(quoteLiquidation(book, 0, WETH, USDC, 1500, 'v3.3')).toEqual({ ok: false, reason: 'must-not-leave-dust' });
    // r = 1,336: real leftover 2,400 − 1,402.8 = 997.2 < 1,000 but source leftover 2,400 − 1,396.12 = 1,003.88 →
    // allowed.
    const q = accepted(quoteLiquidation(book, 0, WETH, USDC, 1336, 'v3.3'));
    expect((1.5 - q.collateralSeized) * 1600).toBeCloseTo(997.2, 6);
    // r = 1,200: leftovers 1,146 USD of collateral and 1,600 USD of debt → allowed.
    expect(quoteLiquidation(book, 0, WETH, USDC, 1200, 'v3.3').ok).toBe(true);
  });

  it('writes every remaining debt off as deficit when the last collateral is taken (v3.3), keeps it in v3', () => {
    // 0.1 WBTC (3,000 USD) against 3,000 USDC + 1,000 DAI: health 2,250/4,000 = 0.5625 → close factor 1.
    // Repay 3,000 USDC would need 0.11 WBTC > 0.1: seize 0.1 WBTC, repay 3,000/1.1 = 2,727.27 USDC.
    // No collateral left in any asset → deficit: USDC 3,000 − 2,727.27 = 272.73 and DAI 1,000; 1,272.73 USD.
    const position = { collateral: [0, 0.1, 0, 0], debt: [0, 0, 3000, 1000] };
    const book = bookOf([position]);
    const q = accepted(liquidationCall(book, 0, WBTC, USDC, 3000, 'v3.3'));
    expect(q.debtRepaid).toBeCloseTo(3000 / 1.1, 9);
    expect(q.collateralExhausted).toBe(true);
    expect(q.deficit[USDC]).toBeCloseTo(3000 - 3000 / 1.1, 9);
    expect(q.deficit[DAI]).toBe(1000);
    expect(q.deficit[WETH]).toBe(0);
    expect(q.deficitUsd).toBeCloseTo(4000 - 3000 / 1.1, 9);
    expect(Array.from(book.debt)).toEqual([0, 0, 0, 0]);
    expect(q.healthFactorAfter).toBe(Number.POSITIVE_INFINITY);

    const v3 = bookOf([position]);
    const old = accepted(liquidationCall(v3, 0, WBTC, USDC, 3000, 'v3'));
    expect(old.collateralExhausted).toBe(true);
    expect(old.deficitUsd).toBe(0);
    expect(v3.debt[v3.slot(0, USDC)]).toBeCloseTo(3000 - 3000 / 1.1, 9);
    expect(v3.debt[v3.slot(0, DAI)]).toBe(1000);
    expect(old.healthFactorAfter).toBe(0);
  });
});
