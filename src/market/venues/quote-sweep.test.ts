import { describe, expect, it } from 'vitest';
import { ConstantProductPool } from './cpamm.js';
import { CurveVenue } from './curve.js';
import { sweepCsv, sweepQuotes } from './quote-sweep.js';
import { readCurveCsv } from '../../scenario/curve-csv.js';

/**
 * Round trip: sweep a Uniswap v2 pool's quotes into a table, read the table as a curve venue, and compare with the
 * pool. The pool sells b base for P(b) = γ·b·Y/(X + γ·b) (getAmountOut, γ = 1 − fee); in the table's USD notional
 * x = b·r, F(x) = P(x/r) is concave with F'(x) = γ·X·Y/(r·(X + γ·x/r)²). The curve is the chord of F between rows, so
 * on a segment [x0, x1] of width h: 0 ≤ F − chord ≤ h·(F'(x0) − F'(x1))/4 (the two tangents at the ends bound F from
 * above; the largest gap between their minimum and the chord is h·(s0 − c)(c − s1)/(s0 − s1) ≤ h·(s0 − s1)/4, with
 * c the chord slope).
 */
const SIZES = [1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];
const pool = () =>
  ConstantProductPool.fromLiquidity({
    id: 'pool',
    base: 'ETH',
    quote: 'USDC',
    price: 2000,
    liquidityUsd: 4e6,
    feeBps: 30,
  });

function curveFromSweep(beyond: 'refuse' | 'extrapolate-sqrt' = 'refuse') {
  const { reference, rows } = sweepQuotes(pool(), SIZES);
  const reading = readCurveCsv(sweepCsv(rows), 'sweep.csv', 'average');
  if (!reading.value) throw new Error(reading.problems.map((p) => p.text).join('\n'));
  return new CurveVenue({
    id: 'agg',
    base: 'ETH',
    quote: 'USDC',
    reference: () => reference,
    sizeUnit: 'usd',
    sells: reading.value.sells,
    buys: reading.value.buys,
    beyond,
    resilienceHalfLifeSeconds: 600,
  });
}

describe('a quote sweep of a constant-product pool, read back as a curve venue', () => {
  it('reproduces the pool at every swept size (float64 rounding of the impact column only)', () => {
    const curve = curveFromSweep();
    const p = pool();
    for (const size of SIZES) {
      const base = size / 2000;
      expect(Math.abs(curve.quoteSell(base) - p.quoteSell(base)) / p.quoteSell(base)).toBeLessThan(1e-12);
      expect(Math.abs(curve.quoteBuy(size) - p.quoteBuy(size)) / p.quoteBuy(size)).toBeLessThan(1e-12);
    }
  });

  it('stays below the pool between rows, by at most the chord bound of a concave function', () => {
    const curve = curveFromSweep();
    const p = pool();
    const { base: X, quote: Y } = p.reserves();
    const gamma = 1 - 30 / 10_000;
    const slope = (x: number) => (gamma * X * Y) / (2000 * (X + (gamma * x) / 2000) ** 2);
    const knots = [0, ...SIZES];
    for (let k = 0; k + 1 < knots.length; k++) {
      const [x0, x1] = [knots[k], knots[k + 1]];
      const bound = ((x1 - x0) * (slope(x0) - slope(x1))) / 4;
      for (const t of [0.1, 0.25, 0.5, 0.75, 0.9]) {
        const base = (x0 + t * (x1 - x0)) / 2000;
        const gap = p.quoteSell(base) - curve.quoteSell(base);
        const slack = 1e-12 * p.quoteSell(base);
        expect(gap).toBeGreaterThanOrEqual(-slack);
        expect(gap).toBeLessThanOrEqual(bound + slack);
      }
    }
  });

  it('writes a table the curve CSV reader accepts, one row per side and size', () => {
    const text = sweepCsv(sweepQuotes(pool(), [1e4, 1e5]).rows);
    expect(text.split('\n')[0]).toBe('side,size_usd,impact_bps');
    // 1e4 USD sold into a 2M/1000 ETH pool at 30 bps: P = γ·5·2e6/(1000 + 5γ); impact 1 − P/1e4.
    const gamma = 0.997;
    const p = (gamma * 5 * 2e6) / (1000 + 5 * gamma);
    const row = text.split('\n')[1].split(',');
    expect(row[0]).toBe('sell');
    expect(Number(row[2])).toBeCloseTo((1 - p / 1e4) * 10_000, 9);
  });

  it('counts the sale past the last swept size', () => {
    const curve = curveFromSweep('extrapolate-sqrt');
    curve.sell(600); // 1.2M USD at 2000: 200k USD past the 1M row
    expect(curve.beyondReport().sellUsd).toBeCloseTo(200_000, 6);
    expect(curve.beyondReport().peakSellReach).toBeCloseTo(1.2, 12);
  });
});
