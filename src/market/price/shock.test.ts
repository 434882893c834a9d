import { describe, it, expect } from 'vitest';
import { ScenarioError } from '../../kernel/errors.js';
import { RandomStream } from '../../kernel/random.js';
import { createShock, type ShockParams } from './shock.js';
import { SECONDS_PER_YEAR } from './time.js';

const BLOCK = 12;

/** Runs the process in `block`-second blocks (default 12) up to `lastMinute`; returns price by block-end time in
 * seconds. */
function run(params: ShockParams, lastMinute: number, seed = 1, block = BLOCK): Map<number, number> {
  const process = createShock(params, new RandomStream(seed, 'shock'));
  const prices = new Map<number, number>([[0, process.initial]]);
  for (let t = block; t <= lastMinute * 60; t += block) prices.set(t, process.next(t, block));
  return prices;
}

function at(prices: Map<number, number>, minute: number): number {
  const price = prices.get(minute * 60);
  if (price === undefined) throw new Error(`no block ends at minute ${minute}`);
  return price;
}

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-12);
};

describe('createShock', () => {
  // 2000 → bottom 2000·(1 − 0.30) = 1400 between minutes 10 and 30; hold to 45;
  // recover 50% of the 600 drop (to 1700) between minutes 45 and 55; flat afterwards.
  const params: ShockParams = {
    initial: 2000,
    startMinute: 10,
    dropPct: 30,
    dropMinutes: 20,
    holdMinutes: 15,
    recoveryPct: 50,
    recoveryMinutes: 10,
  };
  const prices = run(params, 90);

  it('follows the scripted path exactly without noise', () => {
    close(at(prices, 0), 2000);
    close(at(prices, 5), 2000);
    close(at(prices, 10), 2000); // drop starts here
    close(at(prices, 15), 1850); // a quarter of the way down: 2000 − 600/4
    close(at(prices, 20), 1700); // halfway down
    close(at(prices, 30), 1400); // bottom
    close(at(prices, 40), 1400); // holding
    close(at(prices, 45), 1400); // end of hold
    close(at(prices, 50), 1550); // halfway through recovery: 1400 + 300/2
    close(at(prices, 55), 1700); // recovered 50% of the drop
    close(at(prices, 90), 1700); // flat afterwards
  });

  it('is linear in price during the drop (not in log-price)', () => {
    // 1 minute into the 20-minute drop: 2000 − 600·(1/20) = 1970
    close(at(prices, 11), 1970);
    // 12 s into the drop: 2000 − 600·(12/1200) = 1994
    close(prices.get(612) as number, 1994);
  });

  it('gaps instantly when dropMinutes = 0', () => {
    const gap = run({ initial: 100, startMinute: 10, dropPct: 25, dropMinutes: 0 }, 20);
    expect(gap.get(600 - BLOCK)).toBe(100); // last block before the gap
    close(gap.get(600) as number, 75); // at startMinute the price is already at the bottom
    close(at(gap, 20), 75); // no recovery by default
  });

  it('jumps back instantly when recoveryMinutes = 0', () => {
    const jump = run(
      { initial: 100, startMinute: 1, dropPct: 40, dropMinutes: 2, holdMinutes: 3, recoveryPct: 100 },
      10,
    );
    close(at(jump, 3), 60);
    close(jump.get(6 * 60 - BLOCK) as number, 60); // still holding just before minute 6
    close(at(jump, 6), 100); // fully recovered at once
  });

  it('with noise, multiplies the script by a mean-one log-normal factor', () => {
    // a high σ over 30 days (6-hour blocks) so that the −σ²t/2 compensation is far larger than the noise
    const sigma = 2;
    const noisy: ShockParams = { ...params, volatilityAnnual: sigma };
    const minute = 30 * 24 * 60; // long after the recovery: scripted price 1700
    const t = (minute * 60) / SECONDS_PER_YEAR;
    const paths = 20_000;
    const logFactors = new Float64Array(paths);
    let sumFactor = 0;
    for (let p = 0; p < paths; p++) {
      const factor = at(run(noisy, minute, p + 100, 6 * 3600), minute) / 1700;
      logFactors[p] = Math.log(factor);
      sumFactor += factor;
    }
    // factor = exp(σW_t − σ²t/2): log ~ N(−σ²t/2, σ²t), E[factor] = 1, Var[factor] = e^{σ²t} − 1
    const v = sigma * sigma * t;
    let sumLog = 0;
    for (const x of logFactors) sumLog += x;
    expect(Math.abs(sumLog / paths + v / 2)).toBeLessThan(4 * Math.sqrt(v / paths));
    expect(Math.abs(sumFactor / paths - 1)).toBeLessThan(4 * Math.sqrt(Math.expm1(v) / paths));
    let squares = 0;
    for (const x of logFactors) squares += (x - sumLog / paths) ** 2;
    const variance = squares / (paths - 1);
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (paths - 1)));
    // sanity of the tolerance: an uncompensated factor (mean e^{v/2}) would be rejected
    expect(Math.expm1(v / 2)).toBeGreaterThan(8 * Math.sqrt(Math.expm1(v) / paths));
  });

  it('with noise, differs from the script; the same seed repeats', () => {
    const noisy: ShockParams = { ...params, volatilityAnnual: 0.5 };
    const a = run(noisy, 60, 7);
    expect(at(a, 5)).not.toBe(2000);
    expect(run(noisy, 60, 7)).toEqual(a);
  });

  it('rejects invalid parameters', () => {
    const rng = new RandomStream(1, 'x');
    expect(() => createShock({ ...params, dropPct: 100 }, rng)).toThrow(ScenarioError);
    expect(() => createShock({ ...params, dropPct: -5 }, rng)).toThrow(/dropPct/);
    expect(() => createShock({ ...params, recoveryPct: 150 }, rng)).toThrow(/recoveryPct/);
    expect(() => createShock({ ...params, dropMinutes: -1 }, rng)).toThrow(/dropMinutes/);
    expect(() => createShock({ ...params, volatilityAnnual: -0.1 }, rng)).toThrow(/volatilityAnnual/);
  });
});

describe('random drop size (dropSigma > 0)', () => {
  const base: ShockParams = { initial: 2000, startMinute: 1, dropPct: 10, dropMinutes: 0 };
  /** The bottom of one run's path, as a drop in % of the initial price. */
  const drawnDrop = (params: ShockParams, seed: number) => 100 * (1 - at(run(params, 2, seed), 2) / 2000);

  it('draws the drop once, first, as dropPct·e^(σZ) from the price stream', () => {
    for (const seed of [1, 2, 3]) {
      // The first standard normal of the same stream, by hand: drop = 10·e^(0.5·Z), bottom = 2000·(1 − drop/100).
      const z = new RandomStream(seed, 'shock').normal();
      expect(drawnDrop({ ...base, dropSigma: 0.5 }, seed)).toBeCloseTo(10 * Math.exp(0.5 * z), 9);
    }
  });

  it('is log-normal with median dropPct and log-σ dropSigma over many paths', () => {
    const paths = 4000;
    const logs = Float64Array.from({ length: paths }, (_, p) =>
      Math.log(drawnDrop({ ...base, dropSigma: 0.5 }, p + 1)),
    );
    const meanLog = logs.reduce((a, b) => a + b, 0) / paths;
    const sdLog = Math.sqrt(logs.reduce((a, b) => a + (b - meanLog) ** 2, 0) / (paths - 1));
    // log drop ~ N(ln 10, 0.5²): mean within 4 standard errors (0.5/√4000), sd within 4·0.5/√(2·3999).
    expect(Math.abs(meanLog - Math.log(10))).toBeLessThan((4 * 0.5) / Math.sqrt(paths));
    expect(Math.abs(sdLog - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(2 * (paths - 1)));
  });

  it('is truncated at dropMaxPct by drawing again: the conditional distribution below the cap', () => {
    const paths = 4000;
    const drops = Array.from({ length: paths }, (_, p) => drawnDrop({ ...base, dropSigma: 1, dropMaxPct: 15 }, p + 1));
    expect(Math.max(...drops)).toBeLessThanOrEqual(15 + 1e-9);
    // P(drop ≤ 10 | drop ≤ 15) = Φ(0)/Φ(ln 1.5) = 0.5/0.65736 = 0.76062 for σ = 1.
    const share = drops.filter((d) => d <= 10).length / paths;
    expect(Math.abs(share - 0.76062)).toBeLessThan(4 * Math.sqrt((0.76062 * 0.23938) / paths));
  });

  it('with dropSigma 0 draws nothing: a noisy shock keeps exactly its former path', () => {
    const noisy: ShockParams = { ...base, dropMinutes: 20, volatilityAnnual: 0.8 };
    expect(run({ ...noisy, dropSigma: 0, dropMaxPct: 50 }, 60, 9)).toEqual(run(noisy, 60, 9));
  });

  it('rejects a median drop of 0 or at or above the cap', () => {
    const rng = new RandomStream(1, 'x');
    expect(() => createShock({ ...base, dropSigma: 0.5, dropPct: 0 }, rng)).toThrow(ScenarioError);
    expect(() => createShock({ ...base, dropSigma: 0.5, dropPct: 20, dropMaxPct: 20 }, rng)).toThrow(/dropPct/);
    expect(() => createShock({ ...base, dropSigma: -1 }, rng)).toThrow(/dropSigma/);
  });
});
