import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bankruptcyPrice, isolatedEquityUsd, isolatedLiquidationPrice } from './liquidation-price.js';
import { maintenanceMarginUsd, type MarginBracket } from './margin-tiers.js';
import { BTCUSDT_2021_03_18, bracketTable as bracketTableOf } from './brackets.test-helper.js';

/** Binance BTCUSDT tiers of 2021-03-18, first five brackets (cum 0, 50, 1,300, 16,300, 266,300; see
 * margin-tiers.test.ts). */
const BTCUSDT: readonly MarginBracket[] = BTCUSDT_2021_03_18.slice(0, 5);

const bracketTable = bracketTableOf(1e6);

const side = fc.constantFrom<1 | -1>(1, -1);
const position = fc.record({
  side,
  size: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  entry: fc.double({ min: 1, max: 1e5, noNaN: true }),
  // Margin as a fraction of entry notional: 0 (no margin) up to 1.5× (a long that can never be liquidated).
  marginFraction: fc.double({ min: 0, max: 1.5, noNaN: true }),
});

describe('isolated equity', () => {
  it('is margin plus side × size × (price − entry)', () => {
    expect(isolatedEquityUsd(1, 2, 30_000, 6_000, 28_000)).toBe(2_000); // 6,000 + 2 × (−2,000)
    expect(isolatedEquityUsd(-1, 2, 30_000, 6_000, 28_000)).toBe(10_000); // 6,000 − 2 × (−2,000)
    expect(isolatedEquityUsd(1, 2, 30_000, 6_000, 30_000)).toBe(6_000);
  });
});

describe('bankruptcy price (equity = 0)', () => {
  it('matches entry − side × margin / size by hand', () => {
    expect(bankruptcyPrice(1, 2, 30_000, 6_000)).toBe(27_000); // 30,000 − 3,000
    expect(bankruptcyPrice(-1, 2, 30_000, 6_000)).toBe(33_000); // 30,000 + 3,000
    expect(bankruptcyPrice(1, 2, 30_000, 0)).toBe(30_000); // no margin: bankrupt at entry
  });

  it('floors at 0: a fully collateralised long, or a short already under water at every price', () => {
    expect(bankruptcyPrice(1, 1, 100, 150)).toBe(0);
    expect(bankruptcyPrice(-1, 1, 100, -150)).toBe(0);
  });

  it('leaves zero equity whenever it is above 0 (property)', () => {
    fc.assert(
      fc.property(position, ({ side: s, size, entry, marginFraction }) => {
        const margin = marginFraction * size * entry;
        const price = bankruptcyPrice(s, size, entry, margin);
        if (price === 0) return;
        expect(Math.abs(isolatedEquityUsd(s, size, entry, margin, price))).toBeLessThanOrEqual(1e-9 * size * entry);
      }),
    );
  });

  it('refuses a non-positive size or entry and a non-finite margin', () => {
    expect(() => bankruptcyPrice(1, 0, 100, 10)).toThrow(RangeError);
    expect(() => bankruptcyPrice(1, 1, 0, 10)).toThrow(RangeError);
    expect(() => bankruptcyPrice(1, 1, 100, Number.NaN)).toThrow(RangeError);
  });
});

describe('isolated liquidation price with tiered maintenance (Binance USDⓈ-M)', () => {
  it('matches hand computations on a two-bracket table for each side', () => {
    const two: MarginBracket[] = [
      { notionalCapUsd: 50_000, maintenanceMarginRate: 0.004 },
      { notionalCapUsd: 250_000, maintenanceMarginRate: 0.005 },
    ];
    // Long 2 at 30,000, margin 6,000: bracket 1 (cum 50): (6,000 + 50 − 60,000)/(2 × (0.005 − 1)) = 53,950/1.99.
    const long = isolatedLiquidationPrice(1, 2, 30_000, 6_000, two);
    expect(long).toBeCloseTo(53_950 / 1.99, 8); // 27,110.5527…
    // Short 2 at 30,000, margin 6,000: (6,000 + 50 + 60,000)/(2 × (0.005 + 1)) = 66,050/2.01.
    const short = isolatedLiquidationPrice(-1, 2, 30_000, 6_000, two);
    expect(short).toBeCloseTo(66_050 / 2.01, 8); // 32,860.6965…
  });

  it('matches hand computations on the BTCUSDT table (10x, bracket 3: mmr 2.5%, cum 16,300)', () => {
    // Long 100 BTC at 30,000 with 300,000 margin: (300,000 + 16,300 − 3,000,000)/(100 × (0.025 − 1)) = 2,683,700/97.5.
    expect(isolatedLiquidationPrice(1, 100, 30_000, 300_000, BTCUSDT)).toBeCloseTo(2_683_700 / 97.5, 8); // 27,525.128…
    // Short: (300,000 + 16,300 + 3,000,000)/(100 × 1.025) = 3,316,300/102.5.
    expect(isolatedLiquidationPrice(-1, 100, 30_000, 300_000, BTCUSDT)).toBeCloseTo(3_316_300 / 102.5, 8); // 32,354.146…
  });

  it('uses the bracket of the liquidation notional, not of the entry notional', () => {
    // Long 40 BTC at 30,000 (entry notional 1.2M, bracket 3) with 240,000 margin.
    // Bracket 3 would give (240,000 + 16,300 − 1,200,000)/(−39) = 24,197.44, notional 967,897: not in bracket 3.
    // Bracket 2 gives (240,000 + 1,300 − 1,200,000)/(40 × (0.01 − 1)) = 958,700/39.6 = 24,209.596, notional 968,384: in
    // it.
    const price = isolatedLiquidationPrice(1, 40, 30_000, 240_000, BTCUSDT);
    expect(price).toBeCloseTo(958_700 / 39.6, 8);
    // At that price equity = 240,000 − 40 × 5,790.404 = 8,383.84 and MM = 968,383.84 × 1% − 1,300 = 8,383.84.
    expect(isolatedEquityUsd(1, 40, 30_000, 240_000, price!)).toBeCloseTo(8_383.838_383_8, 4);
    expect(maintenanceMarginUsd(40 * price!, BTCUSDT)).toBeCloseTo(8_383.838_383_8, 4);
  });

  it('finds a root that sits exactly on a cap', () => {
    // Long 40 at 30,000 liquidated at 25,000 (notional 1,000,000, MM 8,700 in either bracket) needs
    // margin − 40 × 5,000 = 8,700, i.e. margin 208,700. Bracket 2: 990,000/39.6 = 25,000; bracket 3: 975,000/39 =
    // 25,000.
    expect(isolatedLiquidationPrice(1, 40, 30_000, 208_700, BTCUSDT)).toBeCloseTo(25_000, 7);
  });

  it('returns 0 for a long that can never be liquidated and for a short liquidatable at every price', () => {
    expect(isolatedLiquidationPrice(1, 1, 100, 100, BTCUSDT)).toBe(0); // margin = entry notional
    expect(isolatedLiquidationPrice(1, 1, 100, 250, BTCUSDT)).toBe(0);
    expect(isolatedLiquidationPrice(-1, 1, 100, -150, BTCUSDT)).toBe(0);
  });

  it('gives a long with no margin a price above entry (liquidatable at once)', () => {
    // 1 at 100, margin 0, bracket 0: (0 − 100)/(0.004 − 1) = 100/0.996 = 100.4016…
    expect(isolatedLiquidationPrice(1, 1, 100, 0, BTCUSDT)).toBeCloseTo(100 / 0.996, 10);
  });

  it('returns null only when the root overflows float64', () => {
    expect(isolatedLiquidationPrice(-1, 1e-10, 100, 1e308, BTCUSDT)).toBeNull();
    // A huge but representable margin still gives a finite price: (1e12 + 100)/(1 × 1.004), bracket 0 of a table whose
    // single bracket covers every notional.
    const one: MarginBracket[] = [{ notionalCapUsd: Infinity, maintenanceMarginRate: 0.004 }];
    expect(isolatedLiquidationPrice(-1, 1, 100, 1e12, one)).toBeCloseTo((1e12 + 100) / 1.004, 0);
  });

  it('refuses a non-positive size and an empty bracket list', () => {
    expect(() => isolatedLiquidationPrice(1, 0, 100, 10, BTCUSDT)).toThrow(RangeError);
    expect(() => isolatedLiquidationPrice(1, 1, 100, 10, [])).toThrow(RangeError);
  });

  it('equity equals tiered maintenance at the returned price, and the side of it is right (property)', () => {
    fc.assert(
      fc.property(bracketTable, position, (brackets, { side: s, size, entry, marginFraction }) => {
        const margin = marginFraction * size * entry;
        const price = isolatedLiquidationPrice(s, size, entry, margin, brackets);
        expect(price).not.toBeNull();
        if (price === null) return;
        expect(Number.isFinite(price)).toBe(true);
        if (price === 0) {
          // Only a long with margin ≥ entry notional gets 0 here (margins are ≥ 0, so no short is always liquidatable).
          expect(s).toBe(1);
          expect(margin).toBeGreaterThanOrEqual(size * entry);
          return;
        }
        const tolerance = 1e-9 * Math.max(margin, size * entry, size * price);
        const gap = (p: number) =>
          isolatedEquityUsd(s, size, entry, margin, p) - maintenanceMarginUsd(size * p, brackets);
        expect(Math.abs(gap(price))).toBeLessThanOrEqual(tolerance);
        // 1% further in the losing direction the position is below maintenance; 1% the other way, above.
        expect(gap(price * (1 - s * 0.01))).toBeLessThan(tolerance);
        expect(gap(price * (1 + s * 0.01))).toBeGreaterThan(-tolerance);
        // Maintenance is positive, so a long is liquidated above its bankruptcy price and a short below it.
        const bankrupt = bankruptcyPrice(s, size, entry, margin);
        if (s === 1) expect(price).toBeGreaterThanOrEqual(bankrupt - 1e-12 * entry);
        else expect(price).toBeLessThanOrEqual(bankrupt + 1e-12 * entry);
      }),
    );
  });
});
