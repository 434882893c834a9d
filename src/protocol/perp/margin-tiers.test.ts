import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bracketIndex, cumulativeMaintenanceAmounts, maintenanceMarginUsd, validateBrackets } from './margin-tiers.js';
import { BTCUSDT_2021_03_18, bracketTable as bracketTableOf } from './brackets.test-helper.js';

const bracketTable = bracketTableOf(1e7);

describe('cumulative maintenance amounts (Binance USDⓈ-M)', () => {
  it('matches the amounts worked out by hand for the published BTCUSDT table', () => {
    // cum_k = cum_{k−1} + cap_{k−1}·(mmr_k − mmr_{k−1}):
    //   0
    //   0          + 50,000 × 0.001        = 50
    //   50         + 250,000 × 0.005       = 1,300
    //   1,300      + 1,000,000 × 0.015     = 16,300
    //   16,300     + 10,000,000 × 0.025    = 266,300
    //   266,300    + 20,000,000 × 0.05     = 1,266,300
    //   1,266,300  + 50,000,000 × 0.025    = 2,516,300
    //   2,516,300  + 100,000,000 × 0.025   = 5,016,300
    //   5,016,300  + 200,000,000 × 0.10    = 25,016,300
    //   25,016,300 + 300,000,000 × 0.25    = 100,016,300
    const expected = [0, 50, 1_300, 16_300, 266_300, 1_266_300, 2_516_300, 5_016_300, 25_016_300, 100_016_300];
    const cum = cumulativeMaintenanceAmounts(BTCUSDT_2021_03_18);
    expect(cum).toHaveLength(expected.length);
    cum.forEach((value, k) => expect(value).toBeCloseTo(expected[k], 6));
  });

  it('is empty for an empty table and [0] for one bracket', () => {
    expect(cumulativeMaintenanceAmounts([])).toEqual([]);
    expect(cumulativeMaintenanceAmounts([{ notionalCapUsd: Infinity, maintenanceMarginRate: 0.01 }])).toEqual([0]);
  });
});

describe('bracket index', () => {
  it('treats caps as inclusive and sends notionals above every cap to the last bracket', () => {
    expect(bracketIndex(0, BTCUSDT_2021_03_18)).toBe(0);
    expect(bracketIndex(50_000, BTCUSDT_2021_03_18)).toBe(0); // "0 < position ≤ 50,000"
    expect(bracketIndex(50_000.01, BTCUSDT_2021_03_18)).toBe(1);
    expect(bracketIndex(250_000, BTCUSDT_2021_03_18)).toBe(1);
    expect(bracketIndex(2_000_000, BTCUSDT_2021_03_18)).toBe(3);
    expect(bracketIndex(500_000_000, BTCUSDT_2021_03_18)).toBe(9);
    expect(bracketIndex(1e12, BTCUSDT_2021_03_18)).toBe(9);
  });

  it('uses the magnitude of a signed notional', () => {
    expect(bracketIndex(-2_000_000, BTCUSDT_2021_03_18)).toBe(3);
  });

  it('refuses an empty table', () => {
    expect(() => bracketIndex(1, [])).toThrow(RangeError);
    expect(() => maintenanceMarginUsd(1, [])).toThrow(RangeError);
  });
});

describe('maintenance margin (notional × mmr − cum)', () => {
  it('matches hand-computed values on the BTCUSDT table', () => {
    expect(maintenanceMarginUsd(0, BTCUSDT_2021_03_18)).toBe(0);
    expect(maintenanceMarginUsd(40_000, BTCUSDT_2021_03_18)).toBeCloseTo(160, 9); // 40,000 × 0.4%
    expect(maintenanceMarginUsd(100_000, BTCUSDT_2021_03_18)).toBeCloseTo(450, 9); // 100,000 × 0.5% − 50
    expect(maintenanceMarginUsd(2_000_000, BTCUSDT_2021_03_18)).toBeCloseTo(33_700, 6); // 2e6 × 2.5% − 16,300
    // Above every cap the last bracket continues: 6e8 × 50% − 100,016,300 = 199,983,700.
    expect(maintenanceMarginUsd(600_000_000, BTCUSDT_2021_03_18)).toBeCloseTo(199_983_700, 4);
    // A short's signed notional gives the same margin.
    expect(maintenanceMarginUsd(-2_000_000, BTCUSDT_2021_03_18)).toBeCloseTo(33_700, 6);
  });

  it('is continuous at every BTCUSDT cap: both neighbouring brackets agree there', () => {
    // At cap 1,000,000 bracket 2 gives 1e6 × 1% − 1,300 = 8,700 and bracket 3 gives 1e6 × 2.5% − 16,300 = 8,700.
    expect(maintenanceMarginUsd(1_000_000, BTCUSDT_2021_03_18)).toBeCloseTo(8_700, 6);
    expect(maintenanceMarginUsd(1_000_000 + 1e-6, BTCUSDT_2021_03_18)).toBeCloseTo(8_700, 6);
    const cum = cumulativeMaintenanceAmounts(BTCUSDT_2021_03_18);
    for (let k = 0; k + 1 < BTCUSDT_2021_03_18.length; k++) {
      const cap = BTCUSDT_2021_03_18[k].notionalCapUsd;
      const below = cap * BTCUSDT_2021_03_18[k].maintenanceMarginRate - cum[k];
      const above = cap * BTCUSDT_2021_03_18[k + 1].maintenanceMarginRate - cum[k + 1];
      expect(above).toBeCloseTo(below, 6);
      expect(maintenanceMarginUsd(cap, BTCUSDT_2021_03_18)).toBeCloseTo(below, 6);
    }
  });

  it('is continuous at every cap of any valid table (property)', () => {
    fc.assert(
      fc.property(bracketTable, (brackets) => {
        const cum = cumulativeMaintenanceAmounts(brackets);
        for (let k = 0; k + 1 < brackets.length; k++) {
          const cap = brackets[k].notionalCapUsd;
          const fromBelow = cap * brackets[k].maintenanceMarginRate - cum[k];
          const fromAbove = cap * brackets[k + 1].maintenanceMarginRate - cum[k + 1];
          expect(Math.abs(fromAbove - fromBelow)).toBeLessThanOrEqual(1e-9 * Math.max(1, fromBelow));
          // Just past the cap (the next bracket) the margin moves by no more than the top rate × the step.
          const step = cap * 1e-12;
          const jump = maintenanceMarginUsd(cap + step, brackets) - maintenanceMarginUsd(cap, brackets);
          expect(Math.abs(jump)).toBeLessThanOrEqual(step + 1e-9 * Math.max(1, fromBelow));
        }
      }),
    );
  });

  it('is non-decreasing and lies between notional × first rate and notional × own rate (property)', () => {
    fc.assert(
      fc.property(
        bracketTable,
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        (brackets, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const mmLow = maintenanceMarginUsd(low, brackets);
          const mmHigh = maintenanceMarginUsd(high, brackets);
          expect(mmHigh).toBeGreaterThanOrEqual(mmLow - 1e-9 * Math.max(1, mmHigh));
          // MM is the integral of the marginal rate, which runs from mmr_0 up to the bracket's own rate.
          const own = brackets[bracketIndex(high, brackets)].maintenanceMarginRate;
          const tolerance = 1e-9 * Math.max(1, high);
          expect(mmHigh).toBeGreaterThanOrEqual(high * brackets[0].maintenanceMarginRate - tolerance);
          expect(mmHigh).toBeLessThanOrEqual(high * own + tolerance);
        },
      ),
    );
  });
});

describe('bracket validation', () => {
  it('accepts the published BTCUSDT table and one with an infinite last cap', () => {
    expect(validateBrackets(BTCUSDT_2021_03_18)).toBeNull();
    expect(
      validateBrackets([...BTCUSDT_2021_03_18.slice(0, 9), { notionalCapUsd: Infinity, maintenanceMarginRate: 0.5 }]),
    ).toBeNull();
  });

  it('accepts every generated valid table (property)', () => {
    fc.assert(
      fc.property(bracketTable, (brackets) => {
        expect(validateBrackets(brackets)).toBeNull();
      }),
    );
  });

  it('names the bracket and value that break a rule', () => {
    expect(validateBrackets([])).toBe('margin brackets: the list is empty');
    expect(
      validateBrackets([
        { notionalCapUsd: 50_000, maintenanceMarginRate: 0.005 },
        { notionalCapUsd: 40_000, maintenanceMarginRate: 0.01 },
      ]),
    ).toBe('margin bracket 1: notionalCapUsd 40000 must be above the previous cap 50000');
    expect(
      validateBrackets([
        { notionalCapUsd: 50_000, maintenanceMarginRate: 0.005 },
        { notionalCapUsd: 50_000, maintenanceMarginRate: 0.01 },
      ]),
    ).toBe('margin bracket 1: notionalCapUsd 50000 must be above the previous cap 50000');
    expect(
      validateBrackets([
        { notionalCapUsd: 50_000, maintenanceMarginRate: 0.01 },
        { notionalCapUsd: 60_000, maintenanceMarginRate: 0.005 },
      ]),
    ).toBe('margin bracket 1: maintenanceMarginRate 0.005 must not be below the previous rate 0.01');
    expect(validateBrackets([{ notionalCapUsd: 50_000, maintenanceMarginRate: 0 }])).toBe(
      'margin bracket 0: maintenanceMarginRate 0 must be in (0, 1)',
    );
    expect(validateBrackets([{ notionalCapUsd: 50_000, maintenanceMarginRate: 1 }])).toBe(
      'margin bracket 0: maintenanceMarginRate 1 must be in (0, 1)',
    );
    expect(validateBrackets([{ notionalCapUsd: 50_000, maintenanceMarginRate: Number.NaN }])).toBe(
      'margin bracket 0: maintenanceMarginRate NaN must be in (0, 1)',
    );
    expect(
      validateBrackets([
        { notionalCapUsd: Infinity, maintenanceMarginRate: 0.01 },
        { notionalCapUsd: Infinity, maintenanceMarginRate: 0.02 },
      ]),
    ).toBe('margin bracket 0: notionalCapUsd Infinity must be a positive finite number');
    expect(validateBrackets([{ notionalCapUsd: 0, maintenanceMarginRate: 0.01 }])).toBe(
      'margin bracket 0: notionalCapUsd 0 must be a positive number or Infinity',
    );
    expect(validateBrackets([{ notionalCapUsd: Number.NaN, maintenanceMarginRate: 0.01 }])).toBe(
      'margin bracket 0: notionalCapUsd NaN must be a positive number or Infinity',
    );
  });
});
