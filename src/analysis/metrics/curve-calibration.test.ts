import { describe, expect, it } from 'vitest';
import { curveReports, curveWarnings } from './curve-calibration.js';
import { CurveVenue } from '../../market/venues/curve.js';
import { ConstantProductPool } from '../../market/venues/cpamm.js';

const venue = () =>
  new CurveVenue({
    id: 'agg',
    base: 'ETH',
    quote: 'USD',
    reference: () => 100,
    sizeUnit: 'base',
    sells: { sizes: [100, 200], values: [99, 196] },
    buys: { sizes: [100, 200], values: [101, 204] },
    beyond: 'refuse',
    resilienceHalfLifeSeconds: 60,
  });

describe('beyond-measured-curve', () => {
  it('reports only curve venues, and warns only when a trade went past the table', () => {
    const agg = venue();
    const pool = ConstantProductPool.fromLiquidity({
      id: 'p',
      base: 'ETH',
      quote: 'USD',
      price: 100,
      liquidityUsd: 1e6,
      feeBps: 30,
    });
    agg.sell(150);
    expect(curveReports({ venues: [pool, agg] }).map((r) => r.venue)).toEqual(['agg']);
    expect(curveWarnings(curveReports({ venues: [agg] }), 12)).toEqual([]);
  });

  it('names the venue, the volume past the table, its reach and the block it started in', () => {
    const agg = venue();
    agg.onBlock(36, 12); // block 3 of a 12-second chain
    agg.sell(300); // 100 base past the 200 row: 10,000 USD at the reference, reach 1.5
    const [warning] = curveWarnings(curveReports({ venues: [agg] }), 12);
    expect(warning).toMatchObject({ code: 'beyond-measured-curve', subject: 'agg', value: 1.5, limit: 1, block: 3 });
    expect(warning.message).toMatch(/1 sale \(100 base, 10,000 USD/);
    expect(warning.message).toMatch(/refused/);
  });
});
