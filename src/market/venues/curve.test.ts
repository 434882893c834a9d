import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurveVenue, type CurveBeyond, type CurveVenueParams } from './curve.js';
import { ImpactCurve } from './curve-math.js';

/**
 * Hand-built table in base units at reference 100: selling 100 costs 100 bps on average, 200 costs 200 bps, so
 * selling 100 fetches 100·0.99 = 99 and 200 fetches 200·0.98 = 196 (reference value); the second 100 fill at
 * (196 − 99)/100 = 0.97. Buying mirrors it: 101 and 204, the second 100 at 1.03.
 */
const table = (beyond: CurveBeyond = 'refuse', over: Partial<CurveVenueParams> = {}) =>
  new CurveVenue({
    id: 'agg',
    base: 'ETH',
    quote: 'USD',
    reference: () => 100,
    sizeUnit: 'base',
    sells: { sizes: [100, 200], values: [99, 196] },
    buys: { sizes: [100, 200], values: [101, 204] },
    beyond,
    resilienceHalfLifeSeconds: 60,
    ...over,
  });

describe('CurveVenue within its table', () => {
  it('is exact at the rows and linear in cumulative proceeds between them', () => {
    const v = table();
    expect(v.quoteSell(100)).toBeCloseTo(9_900, 9);
    expect(v.quoteSell(200)).toBeCloseTo(19_600, 9);
    // 99 + 0.97·50 = 147.5 reference value, × 100.
    expect(v.quoteSell(150)).toBeCloseTo(14_750, 9);
    expect(v.quoteBuy(10_100)).toBeCloseTo(100, 12);
    expect(v.quoteBuy(20_400)).toBeCloseTo(200, 12);
    // (15,250 − 10,100)/(1.03·100) = 50 more after the first 100.
    expect(v.quoteBuy(15_250)).toBeCloseTo(150, 12);
  });

  it('reads USD sizes as notional at the reference: a 1M USD sale at 2000 is 500 ETH', () => {
    const v = new CurveVenue({
      id: 'agg',
      base: 'ETH',
      quote: 'USD',
      reference: () => 2000,
      sizeUnit: 'usd',
      sells: { sizes: [1e5, 1e6], values: [1e5 * 0.9995, 1e6 * 0.99] },
      buys: { sizes: [1e5, 1e6], values: [1e5 * 1.0005, 1e6 * 1.01] },
      beyond: 'refuse',
      resilienceHalfLifeSeconds: 600,
    });
    expect(v.quoteSell(500)).toBeCloseTo(990_000, 6);
    expect(v.quoteSell(50)).toBeCloseTo(99_950, 6);
    expect(v.quoteBuy(1_010_000)).toBeCloseTo(500, 9);
    // Mid at rest: mean of the first sale slope 0.9995 and the first purchase slope 1.0005, × 2000.
    expect(v.mid()).toBeCloseTo(2000, 9);
  });

  it('applies the fee on top of the table', () => {
    expect(table('refuse', { feeBps: 50 }).quoteSell(100)).toBeCloseTo(9_900 * 0.995, 9);
    expect(table('refuse', { feeBps: 50 }).quoteBuy(10_100 / 0.995)).toBeCloseTo(100, 9);
  });

  it('moves its mid along the table and recovers with the half-life, re-centred on the reference', () => {
    let reference = 100;
    const v = table('refuse', { reference: () => reference });
    expect(v.sell(150)).toBeCloseTo(14_750, 9);
    expect(v.mid()).toBeCloseTo(97, 12); // inside the second segment
    reference = 90;
    v.onBlock(60, 60); // one half-life: position 75, in the first segment (slope 0.99), reference 90
    expect(v.positionSize()).toBeCloseTo(75, 12);
    expect(v.mid()).toBeCloseTo(0.99 * 90, 12);
    v.onBlock(120, 0.0);
    expect(v.positionSize()).toBeCloseTo(75, 12);
  });

  it('has a depth per 1% of the size to leave every row priced within 1% of the mid', () => {
    // Mid 100 at rest; 0.97 is the first slope below 0.99: sell the first 100 base, 100 × 100 USD.
    expect(table().depthUsdPer1Pct()).toBeCloseTo(10_000, 9);
  });

  it('forks: trades on the copy never move the venue or its report', () => {
    const v = table();
    const copy = v.fork();
    copy.sell(300);
    expect(v.positionSize()).toBe(0);
    expect(v.beyondReport().sellTrades).toBe(0);
    expect(copy.beyondReport().sellTrades).toBe(1);
  });
});

describe('CurveVenue beyond its table', () => {
  it('refuses: a sale past 200 fetches nothing more, a purchase past it gets nothing more, both counted', () => {
    const v = table('refuse');
    expect(v.quoteSell(300)).toBeCloseTo(19_600, 9);
    expect(v.quoteBuy(30_000)).toBeCloseTo(200, 12);
    v.sell(250);
    const report = v.beyondReport();
    expect(report.sellTrades).toBe(1);
    expect(report.sellBase).toBeCloseTo(50, 12);
    expect(report.sellUsd).toBeCloseTo(5_000, 9);
    expect(report.peakSellReach).toBeCloseTo(1.25, 12);
    expect(v.marginalSellRate()).toBe(0);
  });

  it('extrapolates linearly: marginal 1 − 2·a·s/200 with a = 2%, never above the last slope', () => {
    // ∫_200^300 (1 − 0.04·u/200) du = 100 − 0.0001·(300² − 200²) = 95; 196 + 95 = 291 reference value.
    expect(table('extrapolate-linear').quoteSell(300)).toBeCloseTo(29_100, 8);
    // The price reaches 0 at u = 200/0.04 = 5000: 196 + 4800 − 0.0001·(5000² − 200²) = 2500; nothing more after.
    expect(table('extrapolate-linear').quoteSell(1e4)).toBeCloseTo(250_000, 6);
  });

  it('extrapolates by the square root: marginal 1 − 1.5·a·√(s/200)', () => {
    // k = 0.03: ∫_200^300 (1 − 0.03·√(u/200)) du = 100 − 0.03·200·(2/3)·(1.5^1.5 − 1) = 100 − 4·(1.5^1.5 − 1).
    const expected = (196 + 100 - 4 * (Math.pow(1.5, 1.5) - 1)) * 100;
    expect(table('extrapolate-sqrt').quoteSell(300)).toBeCloseTo(expected, 8);
    const v = table('extrapolate-sqrt');
    v.sell(300);
    expect(v.beyondReport().sellBase).toBeCloseTo(100, 12);
  });

  it('extrapolates purchases: buying back what a sale sold past the table repays it', () => {
    for (const beyond of ['extrapolate-linear', 'extrapolate-sqrt'] as const) {
      const v = table(beyond);
      const proceeds = v.sell(400);
      // Buying the same path back costs exactly what the sale fetched (no fee): position back to 0.
      expect(v.buy(proceeds)).toBeCloseTo(400, 8);
      expect(Math.abs(v.positionSize())).toBeLessThan(1e-8);
    }
  });
});

/** A random concave table: sizes increasing, slopes falling (sales) and rising (purchases). */
const tables = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    steps: fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 }),
    drops: fc.array(fc.double({ min: 0, max: 0.05, noNaN: true }), { minLength: 6, maxLength: 6 }),
    beyond: fc.constantFrom<CurveBeyond>('refuse', 'extrapolate-linear', 'extrapolate-sqrt'),
  })
  .map(({ n, steps, drops, beyond }) => {
    const side = (sign: 1 | -1) => {
      const sizes: number[] = [];
      const values: number[] = [];
      let size = 0;
      let value = 0;
      let slope = 1 + sign * 0.001;
      for (let i = 0; i < n; i++) {
        slope = sign < 0 ? slope * (1 - drops[i]) : slope * (1 + drops[i]);
        size += steps[i];
        value += steps[i] * slope;
        sizes.push(size);
        values.push(value);
      }
      return { sizes, values };
    };
    return { sells: side(-1), buys: side(1), beyond };
  });

describe('CurveVenue between and past its rows (property)', () => {
  it('proceeds rise with size at a marginal price that never rises; purchases mirror it', () => {
    fc.assert(
      fc.property(
        tables,
        fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (t, raw) => {
          const v = new CurveVenue({
            id: 'c',
            base: 'X',
            quote: 'USD',
            reference: () => 10,
            sizeUnit: 'base',
            ...t,
            resilienceHalfLifeSeconds: 60,
          });
          const [a, b, c] = [...raw].sort((x, y) => x - y);
          const [pa, pb, pc] = [a, b, c].map((x) => v.quoteSell(x));
          const slack = 1e-9 * Math.max(pc, 1);
          expect(pb).toBeGreaterThanOrEqual(pa - slack);
          expect(pc).toBeGreaterThanOrEqual(pb - slack);
          // Concavity: the average price over [b, c] is at most the one over [a, b] (when both spans are real).
          if (b - a > 1e-6 && c - b > 1e-6) expect((pc - pb) / (c - b)).toBeLessThanOrEqual((pb - pa) / (b - a) + 1e-6);
          // Never more than the marginal rate now (κ = 0 promise of the Venue interface).
          expect(pc).toBeLessThanOrEqual(v.marginalSellRate() * c + slack);
          const [qa, qb, qc] = [a, b, c].map((x) => v.quoteBuy(x * 10));
          expect(qb).toBeGreaterThanOrEqual(qa - 1e-9 * Math.max(qc, 1));
          expect(qc).toBeLessThanOrEqual(v.marginalBuyRate() * c * 10 + 1e-9 * Math.max(qc, 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ImpactCurve', () => {
  it('rejects a table whose marginal price rises with size', () => {
    // Slopes 0.99 then 0.995: a later unit would sell better than an earlier one.
    expect(
      () => new ImpactCurve({ sizes: [100, 200], values: [99, 198.5] }, { sizes: [1], values: [1.01] }, 'refuse'),
    ).toThrow(/not increasing and concave/);
  });
});

describe('CurveVenue at the end of an extrapolated tail', () => {
  it('keeps a positive mid where the law reaches its floor, and fetches nothing past it', () => {
    // Linear law with a = 2% reaches a zero price at 200/0.04 = 5000 base; the venue stops at a 1e-9 floor.
    const v = table('extrapolate-linear');
    v.sell(1e5);
    expect(v.mid()).toBeGreaterThan(0);
    expect(v.mid()).toBeLessThan(1e-6);
    expect(v.quoteSell(10)).toBe(0);
  });
});
