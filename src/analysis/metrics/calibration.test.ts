import { describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../../cli/default-scenario.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';
import { runScenario } from '../run.js';
import { CALIBRATION_LIMITS, calibrationWarnings, impactDepths, type CalibrationInput } from './calibration.js';

// The default scenario with its cex on the linear law: cex (off-chain, D = 2M per 1%, resilience half-life 1,800 s)
// and pool, both ETH/USDC on the main chain; 12-second blocks.
const base = loadScenario(defaultScenarioPath(), ['venues.0.impact=linear']).scenario;
const F = 2000;

/** A run of `prices.length` blocks: ETH's fundamental at F, the given cex and pool prices, and quiet drawdowns. */
function run(
  cex: number[],
  pool: number[] = cex,
  metrics: Partial<CalibrationInput['metrics']> = {},
): CalibrationInput {
  const column = (name: string, values: number[]) => ({ name, unit: 'usd', values: Float64Array.from(values) });
  return {
    blockTimeSeconds: 12,
    series: [
      column(
        'fundamental:ETH',
        cex.map(() => F),
      ),
      column('venue:cex', cex),
      column('venue:pool', pool),
    ],
    metrics: { amplification: 1, externalDrawdown: 0.1, oracleDrawdown: 0.1, ...metrics },
  };
}
const flat = (n: number) => Array.from({ length: n }, () => F);
const codes = (scenario: Scenario, input: CalibrationInput) => calibrationWarnings(scenario, input).map((w) => w.code);

describe('impactDepths', () => {
  it('inverts the off-chain curves: 0.99^n (linear) and 0.99^(sign·√n) (square root)', () => {
    expect(impactDepths(0.99 ** 25, 'linear')).toBeCloseTo(25, 10);
    expect(impactDepths(0.99 ** -7, 'linear')).toBeCloseTo(-7, 10);
    // √(V/D) = 5 ⇒ V/D = 25.
    expect(impactDepths(0.99 ** 5, 'sqrt')).toBeCloseTo(25, 10);
    expect(impactDepths(0.99 ** -3, 'sqrt')).toBeCloseTo(-9, 10);
  });
});

describe('impact-beyond-calibration', () => {
  it('fires when outstanding net sales pass 20 depths per 1% (0.99^21 on the linear cex), not at 19', () => {
    const over = calibrationWarnings(base, run([F, F * 0.99 ** 21, F * 0.99 ** 10]));
    expect(over.map((w) => w.code)).toEqual(['impact-beyond-calibration']);
    expect(over[0]).toMatchObject({ subject: 'cex', block: 1, limit: CALIBRATION_LIMITS.maxImpactDepths });
    expect(over[0].value).toBeCloseTo(21, 9);
    expect(over[0].message).toContain('net sales');
    expect(codes(base, run([F, F * 0.99 ** 19]))).toEqual([]);
  });

  it('counts purchases too, and reads the square-root curve as √(V/D): 0.99^4.6 is 21.16 depths there', () => {
    const up = calibrationWarnings(base, run([F, F * 0.99 ** -21]));
    expect(up[0].message).toContain('net purchases');
    const sqrt = loadScenario(defaultScenarioPath(), ['venues.0.impact=sqrt']).scenario;
    expect(calibrationWarnings(sqrt, run([F, F * 0.99 ** 4.6]))[0].value).toBeCloseTo(4.6 ** 2, 9);
    expect(codes(sqrt, run([F, F * 0.99 ** 4.4]))).toEqual([]);
  });
});

describe('impact-beyond-calibration on the bounded law (the default)', () => {
  // Defaults: c = 2, value buyers from 5% (s = 0.95) to 25% (b = 0.75), h = 50. Book slope dv_b/dx = (x + a)/(2aλ)
  // (a = 2λ); value buyers' dv_l/dx = 2h·u·(s − u)(S + w)/(w²S) with u = e^(−x), w = u − b, S = s − b. The limit is
  // v(x*) where they are equal (value buyers take half of each further sale), found here by bisection.
  const bounded = loadScenario(defaultScenarioPath()).scenario;
  const lambda = -Math.log(0.99);
  const a = 2 * lambda;
  const [s, b, h] = [0.95, 0.75, 50];
  const bookSlope = (x: number) => (x + a) / (2 * a * lambda);
  const buyersSlope = (x: number) => {
    const u = Math.exp(-x);
    const w = u - b;
    return (2 * h * u * (s - u) * (s - b + w)) / (w * w * (s - b));
  };
  let lo = -Math.log(s);
  let hi = -Math.log(b);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (buyersSlope(mid) < bookSlope(mid)) lo = mid;
    else hi = mid;
  }
  const closure = (lo + hi) / 2;
  const depths = (x: number) =>
    (x + a) ** 2 / (4 * a * lambda) + (2 * h * (s - Math.exp(-x)) ** 2) / ((Math.exp(-x) - b) * (s - b));

  it('fires past the flow at which value buyers take half of each sale (≈ 24 depths, 9.4% below), not before', () => {
    expect(bounded.venues[0]).toMatchObject({ impact: 'bounded', maxGapPct: 25 });
    const over = calibrationWarnings(bounded, run([F, F * Math.exp(-closure * 1.01)]));
    expect(over.map((w) => w.code)).toEqual(['impact-beyond-calibration']);
    expect(over[0].limit).toBeCloseTo(depths(closure), 6);
    expect(over[0].value).toBeCloseTo(depths(closure * 1.01), 6);
    expect(over[0].message).toContain('value buyers take more than 50.0% of each further sale');
    expect(codes(bounded, run([F, F * Math.exp(-closure * 0.99)]))).toEqual([]);
    expect(1 - Math.exp(-closure)).toBeGreaterThan(0.09);
    expect(1 - Math.exp(-closure)).toBeLessThan(0.1);
  });

  it('fires on an extreme run: the default shock on a market ten times thinner, held off the fundamental for an hour', () => {
    const thin = loadScenario(defaultScenarioPath(), ['venues.0.depthUsdPer1Pct=200000', 'blocks=400']).scenario;
    const result = runScenario(thin);
    const found = (result.warnings ?? []).map((w) => w.code);
    expect(found).toContain('impact-beyond-calibration');
    expect(found).toContain('market-off-fundamental');
    // The floor holds: the cex never trades below 0.75 of the fundamental.
    const cex = result.series.find((c) => c.name === 'venue:cex')?.values ?? new Float64Array();
    const fundamental = result.series.find((c) => c.name === 'fundamental:ETH')?.values ?? new Float64Array();
    expect(cex.length).toBe(401); // block 0 and the 400 blocks run
    expect(fundamental.length).toBe(401);
    for (let k = 0; k < cex.length; k++) expect(cex[k] / fundamental[k]).toBeGreaterThan(0.75);
  });
});

describe('market-off-fundamental', () => {
  // 11% below: ln 0.89/ln 0.99 = 11.6 depths, under the impact limit; the half-life is 30 min = 150 blocks of 12 s.
  const gap = (blocks: number) => [...flat(5), ...Array.from({ length: blocks }, () => F * 0.89), ...flat(5)];

  it('fires when the market stays more than 10% off for longer than its resilience half-life: 151 blocks yes, 150 no', () => {
    const [w] = calibrationWarnings(base, run(gap(151)));
    expect(w.code).toBe('market-off-fundamental');
    expect(w.value).toBeCloseTo((151 * 12) / 60, 9);
    expect(w.limit).toBe(30);
    expect(w.block).toBe(5);
    expect(w.message).toContain('at most 11.0% below');
    expect(codes(base, run(gap(150)))).toEqual([]);
  });

  it('lists every long episode, below and above, and uses at least 5 minutes when the half-life is shorter', () => {
    const twice = [...gap(160), ...Array.from({ length: 160 }, () => F * 1.12)];
    expect(calibrationWarnings(base, run(twice))[0].message).toMatch(
      /32 minutes from minute 1 \(at most 11\.0% below\) and 32 from minute 34 \(at most 12\.0% above\)/,
    );
    const fast = loadScenario(defaultScenarioPath(), [
      'venues.0.impact=linear',
      'venues.0.resilienceHalfLifeSeconds=60',
    ]).scenario;
    // 26 blocks = 5.2 min > max(1 min, 5 min).
    expect(codes(fast, run(gap(26)))).toEqual(['market-off-fundamental']);
    expect(codes(fast, run(gap(25)))).toEqual([]);
  });
});

describe('venues-diverge', () => {
  // The pool 12% above the cex (which stays at the fundamental) for n blocks; 10 minutes = 50 blocks.
  const apart = (blocks: number) => [...flat(3), ...Array.from({ length: blocks }, () => F * 1.12), ...flat(3)];

  it('fires when two venues of one pair and chain stay more than 10% apart for longer than 10 minutes: 51 blocks yes, 50 no', () => {
    const [w] = calibrationWarnings(base, run(flat(57), apart(51)));
    expect(w).toMatchObject({ code: 'venues-diverge', subject: 'cex/pool', block: 3, limit: 10 });
    expect(w.value).toBeCloseTo(10.2, 9);
    expect(w.message).toContain('at most 12.0% with cex below');
    expect(codes(base, run(flat(56), apart(50)))).toEqual([]);
  });

  it('reads the limit exactly at its edge: ln(pool/cex) just above ln 1.1 counts, just below does not, on both sides', () => {
    // pool/cex = 1.1·(1 ± 1e-12) and 1/(1.1·(1 ± 1e-12)): |ln| within ~1e-12 of ln 1.1, on either side of it.
    const at = (ratio: number) =>
      run(flat(57), [...flat(3), ...Array.from({ length: 51 }, () => F * ratio), ...flat(3)]);
    expect(codes(base, at(1.1 * (1 + 1e-12)))).toEqual(['venues-diverge']);
    expect(codes(base, at(1.1 * (1 - 1e-12)))).toEqual([]);
    expect(codes(base, at(1 / (1.1 * (1 + 1e-12))))).toEqual(['venues-diverge']);
    expect(codes(base, at(1 / (1.1 * (1 - 1e-12))))).toEqual([]);
  });

  it('does not compare venues on different chains (arbitrage between them is a bridge away)', () => {
    const split = structuredClone(base);
    split.venues[1] = { ...split.venues[1], chain: 'l2' };
    expect(codes(split, run(flat(57), apart(51)))).toEqual([]);
  });
});

describe('runaway-amplification', () => {
  it('fires above 3× the exogenous drawdown, only when there was an exogenous move of at least 1%', () => {
    const [w] = calibrationWarnings(
      base,
      run(flat(3), flat(3), { amplification: 3.5, externalDrawdown: 0.1, oracleDrawdown: 0.35 }),
    );
    expect(w).toMatchObject({ code: 'runaway-amplification', value: 3.5, limit: 3 });
    expect(w.message).toContain('The oracle fell 35.0%, 3.5× the exogenous 10.0%');
    expect(
      codes(base, run(flat(3), flat(3), { amplification: 3, externalDrawdown: 0.1, oracleDrawdown: 0.3 })),
    ).toEqual([]);
    expect(
      codes(base, run(flat(3), flat(3), { amplification: 8, externalDrawdown: 0.005, oracleDrawdown: 0.04 })),
    ).toEqual([]);
    expect(
      codes(base, run(flat(3), flat(3), { amplification: null, externalDrawdown: 0, oracleDrawdown: 0.2 })),
    ).toEqual([]);
  });
});

describe('price-bound', () => {
  const withFundamental = (values: number[]): CalibrationInput => {
    const input = run(values.map(() => F));
    input.series[0] = { name: 'fundamental:ETH', unit: 'usd', values: Float64Array.from(values) };
    return input;
  };

  it('fires when an exogenous price is held at initial / 1e12 (or × 1e12), naming the block, and not an inch before', () => {
    const bound = (input: CalibrationInput) => calibrationWarnings(base, input).filter((x) => x.code === 'price-bound');
    const [w] = bound(withFundamental([2000, 1, 2000 / 1e12, 2000 / 1e12]));
    expect(w).toMatchObject({ code: 'price-bound', subject: 'ETH', block: 2, limit: 1e12 });
    expect(w.value).toBeCloseTo(1e-12, 24);
    expect(bound(withFundamental([2000, 2000 * 1e12]))).toHaveLength(1);
    // A hundredth above the floor is an extreme path, not a clamped one.
    expect(codes(base, withFundamental([2000, 2000 / 1e10]))).not.toContain('price-bound');
  });
});
